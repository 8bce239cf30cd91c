"""BIC, settlement and correspondent accounts: the Bank of Russia's control key catches a typo."""

import pytest
from django.utils import translation

from apps.payments.bank import account_error, bic_error, corr_account_error
from tests.payments.conftest import key_digit, with_key

# Public details of large banks (their BIC and correspondent account, as on their own sites):
# known-good pairs the rule must accept whatever our arithmetic says.
PUBLIC_BANKS = [
    ("044525225", "30101810400000000225"),  # ПАО Сбербанк
    ("044525187", "30101810700000000187"),  # Банк ВТБ (ПАО)
    ("044525593", "30101810200000000593"),  # АО «Альфа-Банк»
    ("044525974", "30101810145250000974"),  # АО «ТБанк»
    ("044525700", "30101810200000000700"),  # АО «Райффайзенбанк»
    ("044525823", "30101810200000000823"),  # Банк ГПБ (АО)
    ("044030653", "30101810500000000653"),  # Северо-Западный банк ПАО Сбербанк
]
# Settlement accounts printed in public examples at those banks.
PUBLIC_ACCOUNTS = [
    ("044525225", "40702810938000012345"),
    ("044525225", "40702810138250123017"),
    ("044525700", "40702810800001400002"),
    ("044525823", "40702810000000011692"),
]


@pytest.fixture(autouse=True)
def _russian():
    with translation.override("ru"):
        yield


@pytest.mark.parametrize(("bic", "corr"), PUBLIC_BANKS)
def test_a_banks_public_correspondent_account_fits_its_bic(bic, corr):
    assert bic_error(bic) is None
    assert corr_account_error(corr, bic) is None
    assert key_digit("0" + bic[4:6], corr) == corr[8]


@pytest.mark.parametrize(("bic", "account"), PUBLIC_ACCOUNTS)
def test_a_public_settlement_account_fits_its_bic(bic, account):
    assert account_error(account, bic) is None
    assert key_digit(bic[-3:], account) == account[8]


@pytest.mark.parametrize("bic", [bic for bic, _ in PUBLIC_BANKS])
def test_an_account_made_with_the_key_formula_passes_and_every_single_wrong_digit_fails(bic):
    account = with_key(bic[-3:], "40702810X12345678901")
    assert account_error(account, bic) is None
    for position in range(20):
        for digit in "0123456789":
            typo = account[:position] + digit + account[position + 1 :]
            if typo != account and not typo.startswith("30101"):
                assert account_error(typo, bic) is not None, typo


def test_an_account_checked_against_another_banks_bic_fails():
    account = with_key("225", "40702810X00000000001")
    assert account_error(account, "044525225") is None
    assert account_error(account, "044525593") == (
        "Расчётный счёт не подходит к этому БИК: проверьте оба номера, в одном из них опечатка."
    )


def test_a_correspondent_account_with_the_settlement_rule_fails():
    # Sberbank's correspondent account checked with the BIC's last three digits, as an account
    # at the bank would be: the two rules differ, and the corr. account needs the Bank of Russia's.
    assert key_digit("225", "30101810400000000225") != "4"
    assert corr_account_error("30101810500000000225", "044525225") is not None


@pytest.mark.parametrize(
    ("bic", "message"),
    [
        ("04452522", "БИК — 9 цифр."),
        ("0445252255", "БИК — 9 цифр."),
        ("04452522a", "БИК — 9 цифр."),
        ("０44525225", "БИК — 9 цифр."),  # a full-width zero is a digit to Python, not to a bank
        ("", "БИК — 9 цифр."),
        ("014525225", "БИК российского банка начинается с 04."),
    ],
)
def test_a_malformed_bic_is_told_in_words(bic, message):
    assert bic_error(bic) == message


@pytest.mark.parametrize(
    ("account", "message"),
    [
        ("4070281093800001234", "Расчётный счёт — 20 цифр."),
        ("407028109380000123456", "Расчётный счёт — 20 цифр."),
        ("4070281093800001234O", "Расчётный счёт — 20 цифр."),
        ("30101810400000000225", "Это корреспондентский счёт банка (30101…), а нужен расчётный счёт организации."),
    ],
)
def test_a_malformed_account_is_told_in_words(account, message):
    assert account_error(account, "044525225") == message


def test_an_account_is_not_blamed_for_a_bic_that_is_wrong_itself():
    assert account_error("40702810938000012345", "04452522") is None
    assert corr_account_error("30101810400000000225", "04452522") is None


@pytest.mark.parametrize(
    ("corr", "message"),
    [
        ("3010181040000000022", "Корреспондентский счёт — 20 цифр."),
        ("40702810938000012345", "Корреспондентский счёт банка начинается с 30101."),
        (
            "30101810400000000226",
            "Корреспондентский счёт не подходит к этому БИК: проверьте оба номера, в одном из них опечатка.",
        ),
    ],
)
def test_a_wrong_correspondent_account_is_told_in_words(corr, message):
    assert corr_account_error(corr, "044525225") == message
