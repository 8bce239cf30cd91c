"""An order's page: one sentence on what is left to ship, the contract, the lines with their units,
the order's shipments (a pack's link for the roles that download packs) and its invoices (each
downloading through the register's owner check); another organisation's order is 404."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.documents.models import DocumentDownload
from apps.onec.client import OrderStatus
from apps.onec.fake_orders import order_line
from apps.orders.selectors import order_for_client
from tests.orders.conftest import days, onec_calls

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def detail(order_id: str) -> str:
    return reverse("cabinet:order_detail", args=[order_id])


def page(http, order_id: str) -> str:
    response = http.get(detail(order_id))
    assert response.status_code == 200
    return response.content.decode()


def test_a_slash_in_the_id_is_part_of_the_address(order):
    assert detail(order.id) == "/orders/%D0%97%D0%9A/12/2026/"


def test_the_page_says_what_is_left_to_ship_and_when(logged_in, order):
    html = page(logged_in, order.id)
    assert f"Осталось отгрузить 2 из 5 позиций, плановая дата отгрузки {days(8):%d.%m.%Y}." in html
    assert "Заказ № ЗК-12/2026" in html and "Договор поставки № 45-П от 10.01.2026" in html
    assert ">Частично отгружен</span>" in html


def test_each_line_has_ordered_shipped_and_left_with_its_unit_price_and_amount(logged_in, order):
    html = page(logged_in, order.id)
    row = html.split("Кирпич ШЛ-1,3 № 8")[1].split("</tr>")[0]
    cells = [f"2,5{NBSP}т", f"1{NBSP}т", f"1,5{NBSP}т", f"12{NBSP}000,00{NBSP}₽", f"30{NBSP}000,00{NBSP}₽"]
    assert all(f">{cell}</td>" in row for cell in cells), row
    assert f">1{NBSP}200{NBSP}кг</td>" in html and f">10{NBSP}т</td>" in html


@pytest.mark.parametrize(
    ("status", "lines", "said"),
    [
        (OrderStatus.SHIPPED, [order_line(1, "a", "3", shipped="3")], "Всё отгружено."),
        (OrderStatus.CANCELLED, [order_line(1, "a", "3")], "Заказ отменён."),
    ],
)
def test_a_finished_order_says_so(logged_in, onec, client_org, status, lines, said):
    done = onec.add_order(client_org.inn, days(-3), status=status, lines=lines)
    assert said in page(logged_in, done.id)


def test_procurement_gets_the_shipments_pack_the_accountant_does_not(person, order):
    pack = (
        reverse("cabinet:shipment_pack", args=["S-12"])
        + "?"
        + urlencode({"date_from": days(-20).isoformat(), "date_to": days(0).isoformat()})
    )
    procurement = page(person("procurement"), order.id)
    assert "ОТГ-12/1" in procurement and ">Доставлена</span>" in procurement
    assert pack.replace("&", "&amp;") in procurement
    accountant = page(person("accountant"), order.id)
    assert "ОТГ-12/1" in accountant and ">Доставлена</span>" in accountant
    assert "/pack/" not in accountant and "Скачать комплект" not in accountant


def test_procurement_files_a_claim_from_the_orders_shipment_the_accountant_cannot(person, order):
    procurement = person("procurement")
    html = page(procurement, order.id)
    [url] = [part.split('"')[0].replace("&amp;", "&") for part in html.split('href="')[1:] if "/claims/new/" in part]
    assert url.startswith(reverse("cabinet:claim_new", args=["S-12"]))
    form = procurement.get(url)
    assert form.status_code == 200 and "ОТГ-12/1" in form.content.decode()  # the form found the shipment
    accountant = page(person("accountant"), order.id)
    assert "/claims/new/" not in accountant and "Подать претензию" not in accountant


def test_a_shipment_still_planned_offers_no_claim(person, onec, client_org, order):
    planned = onec.add_shipment(client_org.inn, days(2), number="ОТГ-12/2", status="Planned", shipment_id="S-13")
    onec.add_order(client_org.inn, days(-3), number="ЗК-13", status=OrderStatus.READY_TO_SHIP,
                   planned_date=days(2), shipment_ids=[planned.id], order_id="ЗК-13")  # fmt: skip
    html = page(person("procurement"), "ЗК-13")
    assert "ОТГ-12/2" in html and "Подать претензию" not in html


def test_the_pack_link_downloads_the_pack(person, order):
    http = person("procurement")
    html = page(http, order.id)
    link = html.split('href="')[1:]
    [url] = [part.split('"')[0].replace("&amp;", "&") for part in link if "/pack/" in part]
    response = http.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"


def test_the_invoice_downloads_through_the_registers_owner_check(logged_in, order, client_org):
    html = page(logged_in, order.id)
    [invoice_id] = order.invoice_ids
    query = urlencode({"date_from": days(-20).isoformat(), "date_to": days(0).isoformat(), "download": "1"})
    url = f"{reverse('cabinet:register_file', args=[invoice_id])}?{query}"
    assert url.replace("&", "&amp;") in html and "СЧ-12" in html and "300\xa0000,00\xa0₽" in html
    response = logged_in.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert DocumentDownload.objects.get(client=client_org).document_id == invoice_id


def test_an_invoice_1c_names_that_is_not_the_clients_is_not_offered(logged_in, onec, client_org, outsider_org):
    foreign = onec.add_document(outsider_org.inn, "Invoice", days(-2), number="ЧУЖОЙ-1")
    mine = onec.add_order(client_org.inn, days(-3), invoice_ids=[foreign.id])
    html = page(logged_in, mine.id)
    assert "ЧУЖОЙ-1" not in html and foreign.id not in html
    assert "Ещё счетов по заказу: 1" in html


def test_a_shipment_outside_the_clients_list_is_counted_not_shown(logged_in, onec, client_org):
    mine = onec.add_order(client_org.inn, days(-3), shipment_ids=["not-listed"])
    assert "Ещё отгрузок по заказу: 1" in page(logged_in, mine.id)


def test_a_shipment_planned_after_today_is_on_the_page(person, onec, client_org):
    onec.add_shipment(client_org.inn, days(5), number="PLAN-1", status="Planned", shipment_id="plan-1")
    mine = onec.add_order(client_org.inn, days(-3), planned_date=days(5), shipment_ids=["plan-1"])
    html = page(person("procurement"), mine.id)
    assert "PLAN-1" in html and ">Планируется</span>" in html and "Документы ещё не готовы" in html


def test_the_order_page_after_the_list_costs_one_1c_call_for_the_order(logged_in, onec, order):
    logged_in.get(reverse("cabinet:orders"))
    page(logged_in, order.id)
    page(logged_in, order.id)
    assert onec_calls(onec, "ListOrders") == 1 and onec_calls(onec, "GetOrder") == 1


@pytest.mark.parametrize("role", ["accountant", "procurement", "admin"])
def test_another_organisations_order_is_404_and_1c_is_asked_once(person, onec, outsider_org, role):
    foreign = onec.add_order(outsider_org.inn, days(-3), order_id="ЧУЖОЙ/1")
    http = person(role)
    assert http.get(detail(foreign.id)).status_code == 404
    assert http.get(detail(foreign.id)).status_code == 404  # remembered: 1C is not asked again
    assert onec_calls(onec, "GetOrder") == 1


@pytest.mark.parametrize("role", ["accountant", "procurement", "admin"])
def test_an_id_no_order_could_have_is_404_without_a_1c_call(person, onec, role):
    assert person(role).get(detail("x" * 101)).status_code == 404
    assert onec_calls(onec, "GetOrder") == 0


def test_1c_down_shows_the_order_as_last_seen_with_its_time(logged_in, onec, order):
    taken = timezone.now().replace(microsecond=0)
    with time_machine.travel(taken, tick=False):
        page(logged_in, order.id)
    onec.set_down()
    with time_machine.travel(taken + timedelta(minutes=30), tick=False):
        html = page(logged_in, order.id)
    local = timezone.localtime(taken)
    assert f"Показаны последние полученные данные — на {local:%d.%m.%Y %H:%M}." in html
    assert "Кирпич ШЛ-1,3 № 8" in html
    assert "Отгрузки и счета заказа покажем, когда 1С снова станет доступна." in html


def test_1c_down_after_the_order_was_read_says_so_for_its_shipments_and_invoices(logged_in, onec, client_org, order):
    order_for_client(client=client_org, order_id=order.id)  # fresh in the cache, its neighbours not
    onec.set_down()
    html = page(logged_in, order.id)
    assert "Кирпич ШЛ-1,3 № 8" in html
    assert html.count("Сервис 1С временно недоступен") == 2  # the shipments' and the invoices' sections


def test_1c_down_and_the_order_never_seen_says_1c_is_unavailable(logged_in, onec, order):
    onec.set_down()
    html = page(logged_in, order.id)
    assert "Сервис 1С временно недоступен" in html and "ЗК-12/2026" not in html


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_a_base_without_orders_says_they_are_not_available(logged_in, onec, version):
    onec.set_version(version)
    assert "Информация о заказах пока недоступна" in page(logged_in, "any-id")


def test_an_organisation_1c_does_not_know_is_said_as_on_other_pages(logged_in, fake_onec):
    assert "Ваша организация не найдена в 1С" in page(logged_in, "any-id")


def test_a_link_from_the_list_opens_the_order(logged_in, order):
    html = logged_in.get(reverse("cabinet:orders")).content.decode()
    href = html.split('class="order-number"><a href="')[1].split('"')[0]
    response = logged_in.get(href)
    assert response.status_code == 200 and "Осталось отгрузить" in response.content.decode()


def test_odd_characters_in_an_id_survive_the_address(logged_in, onec, client_org):
    odd = onec.add_order(client_org.inn, days(-1), number="№ 5?#", order_id="a b?c#d%e/№ 5")
    assert detail(odd.id).startswith("/orders/a%20b%3Fc%23d%25e/")
    assert "№ 5?#" in page(logged_in, odd.id)
