"""The organisation's own account: entered in a form, saved with a journal entry, read for it only."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.core.audit import audit_entries_for
from apps.payments.forms import PayerAccountForm
from apps.payments.models import PayerAccount
from apps.payments.selectors import payer_account_for_client
from apps.payments.services import payer_account_save
from tests.payments.conftest import PAYER_BIC, PAYER_CORR, with_key

ACCOUNT = with_key(PAYER_BIC[-3:], "40702810X01230004567")
OTHER_ACCOUNT = with_key(PAYER_BIC[-3:], "40702810X01230009999")


@pytest.fixture(autouse=True)
def _russian():
    with translation.override("ru"):
        yield


def _form(**data) -> PayerAccountForm:
    return PayerAccountForm(data={"account": ACCOUNT, "bic": PAYER_BIC, "bank_name": "", "corr_account": "", **data})


def test_numbers_pasted_in_groups_are_cleaned_to_digits():
    grouped = " ".join(ACCOUNT[i : i + 4] for i in range(0, 20, 4))
    form = _form(account=grouped, bic=" 044 525 593 ", corr_account="30101 810 2000 0000 0593", bank_name=" Альфа ")
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "account": ACCOUNT,
        "bic": PAYER_BIC,
        "bank_name": "Альфа",
        "corr_account": PAYER_CORR,
    }


def test_bank_name_and_correspondent_account_may_be_left_empty():
    assert _form().is_valid()


def test_an_account_with_a_wrong_key_is_refused_and_keeps_what_was_typed():
    typed = "4070 2810 0012 3000 4567"  # the key digit (the ninth) mistyped
    form = _form(account=typed)
    assert not form.is_valid()
    assert form.errors["account"] == [
        "Расчётный счёт не подходит к этому БИК: проверьте оба номера, в одном из них опечатка."
    ]
    assert f'value="{typed}"' in str(form["account"])


def test_a_short_bic_is_told_and_the_account_is_not_blamed_for_it():
    form = _form(bic="04452559")
    assert not form.is_valid()
    assert form.errors == {"bic": ["БИК — 9 цифр."]}
    assert 'value="04452559"' in str(form["bic"])


def test_a_missing_bic_still_checks_the_accounts_length():
    form = _form(bic="", account="4070281000")
    assert not form.is_valid()
    assert form.errors["account"] == ["Расчётный счёт — 20 цифр."]
    assert "bic" in form.errors


def test_a_wrong_correspondent_account_is_refused():
    form = _form(corr_account="30101810200000000594")
    assert not form.is_valid()
    assert list(form.errors) == ["corr_account"]


@pytest.mark.django_db
def test_saving_journals_who_entered_the_account(client_org):
    saved = payer_account_save(client=client_org, user=client_org.user, account=ACCOUNT, bic=PAYER_BIC)
    assert (saved.account, saved.bic, saved.bank_name, saved.corr_account) == (ACCOUNT, PAYER_BIC, "", "")
    assert saved.updated_by == client_org.user
    [entry] = audit_entries_for(obj=saved)
    assert entry.action == "payments.payer_account.changed"
    assert entry.actor == client_org.user
    assert entry.data["account"] == ACCOUNT
    assert entry.data["previous"] == {}


@pytest.mark.django_db
def test_changing_the_account_keeps_one_row_and_journals_what_it_was(client_org, django_user_model):
    payer_account_save(client=client_org, user=client_org.user, account=ACCOUNT, bic=PAYER_BIC)
    colleague = django_user_model.objects.create_user(username="buh@profkeramika.example")
    saved = payer_account_save(
        client=client_org, user=colleague, account=OTHER_ACCOUNT, bic=PAYER_BIC, bank_name="АО «Альфа-Банк»",
        corr_account=PAYER_CORR,
    )  # fmt: skip
    assert PayerAccount.objects.filter(client=client_org).count() == 1
    assert (saved.account, saved.corr_account, saved.updated_by) == (OTHER_ACCOUNT, PAYER_CORR, colleague)
    latest = audit_entries_for(obj=saved).order_by("-id").first()
    assert latest.actor == colleague
    assert latest.data["previous"] == {"account": ACCOUNT, "bic": PAYER_BIC}


@pytest.mark.django_db
def test_saving_the_same_details_again_changes_nothing(client_org, django_user_model):
    first = payer_account_save(client=client_org, user=client_org.user, account=ACCOUNT, bic=PAYER_BIC)
    other = django_user_model.objects.create_user(username="someone@profkeramika.example")
    again = payer_account_save(client=client_org, user=other, account=ACCOUNT, bic=PAYER_BIC)
    assert again.updated_by == client_org.user
    assert again.updated_at == first.updated_at
    assert audit_entries_for(obj=again).count() == 1


@pytest.mark.django_db
def test_the_service_refuses_an_account_that_fails_its_key(client_org):
    with pytest.raises(ValidationError):
        payer_account_save(client=client_org, user=client_org.user, account=ACCOUNT, bic="044525225")
    assert not PayerAccount.objects.exists()


@pytest.mark.django_db
def test_an_organisation_reads_its_own_account_and_never_anothers(client_org, outsider_org):
    assert payer_account_for_client(client=client_org) is None
    payer_account_save(client=outsider_org, user=outsider_org.user, account=ACCOUNT, bic=PAYER_BIC)
    assert payer_account_for_client(client=client_org) is None
    mine = payer_account_save(client=client_org, user=client_org.user, account=OTHER_ACCOUNT, bic=PAYER_BIC)
    assert payer_account_for_client(client=client_org) == mine
    assert payer_account_for_client(client=outsider_org).account == ACCOUNT


@pytest.mark.django_db
def test_staff_see_the_accounts_in_the_admin_and_cannot_edit_them(client, superuser, client_org):
    saved = payer_account_save(client=client_org, user=client_org.user, account=ACCOUNT, bic=PAYER_BIC)
    client.force_login(superuser)
    listing = client.get("/admin/payments/payeraccount/", {"q": client_org.inn})
    assert listing.status_code == 200
    assert ACCOUNT in listing.content.decode()
    page = client.get(f"/admin/payments/payeraccount/{saved.pk}/change/")
    assert page.status_code == 200
    assert 'name="account"' not in page.content.decode()
    assert client.get("/admin/payments/payeraccount/add/").status_code == 403
