import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from apps.questions.models import Question
from tests.e2e.conftest import axe_check, login_client
from tests.e2e.test_acts import login_staff, wait_for_mail

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def support(db, password):
    user = get_user_model().objects.create_user(username="support", password=password, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_question", "answer_question"]))
    return user


def test_question_is_answered_in_the_admin_and_the_answer_arrives(
    page, new_page, client_org, password, smtp_server, support, settings
):
    login_client(page, client_org.inn, password)
    expect(page.get_by_label("Имя/Организация")).to_have_value("ООО «Профкерамика»")
    axe_check(page)
    page.get_by_label("Ваш вопрос").fill("Можно ли получить сертификаты на кирпич ШЛ-1,3?")
    page.get_by_label("E-mail").fill("snab@profkeramika.example")
    page.get_by_role("button", name="Отправить вопрос").click()

    expect(page.get_by_text("Спасибо, вопрос отправлен.")).to_be_visible()
    expect(page.get_by_text("Ждёт ответа")).to_be_visible()
    axe_check(page)
    wait_for_mail(smtp_server, settings.STAFF_NOTIFY_EMAIL)

    question = Question.objects.get()
    staff = new_page()
    login_staff(staff, "support", password)
    staff.goto("/admin/questions/question/")
    expect(staff.get_by_text("Можно ли получить сертификаты")).to_be_visible()
    staff.goto(f"/admin/questions/question/{question.id}/change/")
    staff.locator("textarea[name=answer]").fill("Да, пришлём сертификаты вместе с отгрузкой.")
    # An explicit action that says what it does: the answer goes to the client by e-mail.
    expect(staff.get_by_text("Ответ сразу уйдёт клиенту письмом на snab@profkeramika.example")).to_be_visible()
    staff.get_by_role("button", name="Ответить и отправить").click()
    expect(staff.get_by_text("Ответ отправлен клиенту на snab@profkeramika.example.")).to_be_visible()
    expect(staff.get_by_text("успешно изменен")).to_have_count(0)
    expect(staff.get_by_text("отвечен").first).to_be_visible()

    message = wait_for_mail(smtp_server, "snab@profkeramika.example")
    assert message["Subject"] == "Ответ на ваш вопрос"
    assert "Да, пришлём сертификаты вместе с отгрузкой." in message.get_body(("plain",)).get_content()

    page.goto("/")
    expect(page.get_by_text("Да, пришлём сертификаты вместе с отгрузкой.")).to_be_visible()
    expect(page.get_by_text("Отвечен")).to_be_visible()
    axe_check(page)


def test_the_staff_workspace_shows_the_work_waiting_in_russian(page, client_org, support, password, superuser):
    Question.objects.create(client=client_org, name="ООО «Профкерамика»", text="Когда отгрузка?", email="a@b.example")
    login_staff(page, superuser.username, password)
    expect(page.get_by_role("heading", name="Рабочее место")).to_be_visible()
    expect(page.get_by_text("Вопросы клиентов")).to_be_visible()
    expect(page.get_by_text("Акты сверки на проверке")).to_be_visible()
    expect(page.get_by_text("Запросы документов за 14 дней")).to_be_visible()
    page.goto("/admin/questions/question/")
    expect(page.get_by_text("Когда отгрузка?")).to_be_visible()
    for english in ("Filters", "Type to search", "Select action"):
        expect(page.get_by_text(english, exact=True)).to_have_count(0)


def test_a_long_question_counts_down_and_a_paste_that_did_not_fit_is_said(page, client_org, password, settings):
    settings.QUESTION_TEXT_MAX_LENGTH = 120
    login_client(page, client_org.inn, password)
    question, counter = page.get_by_label("Ваш вопрос"), page.locator("#id_text_counter")
    expect(page.get_by_text("Не больше 120 знаков.")).to_be_visible()
    expect(counter).to_have_text("Осталось 120 знаков")
    question.fill("я" * 99)
    expect(counter).to_have_text("Остался 21 знак")
    question.fill("я" * 118)
    expect(counter).to_have_text("Осталось 2 знака")
    expect(page.get_by_role("status").filter(has_text="Осталось 2 знака")).to_have_count(1)  # read out after a pause

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    question.fill("Вопрос: ")
    page.evaluate("text => navigator.clipboard.writeText(text)", "длинный текст " * 20)
    question.press("Control+V")
    assert len(question.input_value()) == 120  # the browser's maxlength kept what fitted…
    expect(counter).to_contain_text("Осталось 0 знаков")  # …and the client is told, not left to notice
    expect(counter).to_contain_text("Вставленный текст не поместился: в вопросе не больше 120 знаков")
    axe_check(page)
