"""Payment orders in 1CClientBankExchange 1.03: the header, one section per invoice, Windows-1251
and CRLF, read back by a parser of the format written here."""

import re
from datetime import date

import pytest

from apps.payments.exchange import payment_orders_file, payment_orders_file_name
from apps.payments.models import PayerAccount
from apps.payments.purpose import PURPOSE_MAX
from tests.payments.conftest import PAYER_BIC, PAYER_CORR, invoice, with_key

ON = date(2026, 12, 7)
PAYER_ACCOUNT = with_key(PAYER_BIC[-3:], "40702810X01230004567")
HEADER_KEYS = [
    "ВерсияФормата",
    "Кодировка",
    "Отправитель",
    "Получатель",
    "ДатаСоздания",
    "ВремяСоздания",
    "ДатаНачала",
    "ДатаКонца",
    "РасчСчет",
    "Документ",
]
ORDER_KEYS = [
    "Номер", "Дата", "Сумма", "ПлательщикСчет", "Плательщик", "ПлательщикИНН", "Плательщик1", "ПлательщикКПП",
    "ПлательщикРасчСчет", "ПлательщикБанк1", "ПлательщикБИК", "ПлательщикКорсчет", "ПолучательСчет", "Получатель",
    "ПолучательИНН", "Получатель1", "ПолучательКПП", "ПолучательРасчСчет", "ПолучательБанк1", "ПолучательБИК",
    "ПолучательКорсчет", "ВидОплаты", "Очередность", "НазначениеПлатежа",
]  # fmt: skip


def parse(raw: bytes) -> tuple[list[str], dict[str, str], list[dict[str, str]]]:
    """(lines, header, sections) of a file, as a bank-client reads it: Windows-1251, CRLF lines
    of Key=Value, sections from СекцияДокумент to КонецДокумента, and КонецФайла last."""
    lines = raw.decode("cp1251").split("\r\n")
    assert lines[0] == "1CClientBankExchange"
    assert lines[-2:] == ["КонецФайла", ""]
    header, sections, current = {}, [], None
    for line in lines[1:-2]:
        if line == "КонецДокумента":
            sections.append(current)
            current = None
            continue
        key, sep, value = line.partition("=")
        assert sep, line
        if key == "СекцияДокумент":
            assert current is None, "a section opened inside another"
            current = {"СекцияДокумент": value}
        elif current is not None:
            assert key not in current, f"{key} twice in a section"
            current[key] = value
        else:
            header[key] = value
    assert current is None, "the last section is not closed"
    return lines, header, sections


@pytest.fixture
def payer(client_org) -> PayerAccount:
    return PayerAccount(
        client=client_org, account=PAYER_ACCOUNT, bic=PAYER_BIC, bank_name="АО «Альфа-Банк»", corr_account=PAYER_CORR
    )


@pytest.fixture
def invoices():
    return [
        invoice("48028", amount="120000.00", vat="20000.00"),
        invoice("ПК-31/26", amount="123456.78", paid="0.78", vat=None, day=date(2026, 10, 1)),
        invoice("7", amount="1000", paid="999.5", vat="166.67"),
    ]


@pytest.fixture
def raw(client_org, payer, payee, invoices) -> bytes:
    return payment_orders_file(client=client_org, payer=payer, payee=payee, invoices=invoices, on=ON)


pytestmark = pytest.mark.django_db


def test_the_header_has_the_formats_keys_in_order(raw):
    lines, header, _ = parse(raw)
    assert [line.partition("=")[0] for line in lines[1:11]] == HEADER_KEYS
    assert header["ВерсияФормата"] == "1.03"
    assert header["Кодировка"] == "Windows"
    assert header["Отправитель"] == "Личный кабинет клиента"
    assert header["Получатель"] == ""
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", header["ДатаСоздания"])
    assert re.fullmatch(r"\d\d:\d\d:\d\d", header["ВремяСоздания"])
    assert header["ДатаНачала"] == header["ДатаКонца"] == "07.12.2026"
    assert header["РасчСчет"] == PAYER_ACCOUNT
    assert header["Документ"] == "Платежное поручение"


def test_every_line_ends_in_crlf(raw):
    assert raw.endswith("КонецФайла\r\n".encode("cp1251"))
    assert raw.count(b"\n") == raw.count(b"\r\n")
    assert raw.count(b"\r") == raw.count(b"\r\n")


def test_the_file_is_windows_1251_not_utf8(raw):
    assert "Оплата по счёту № 48028".encode("cp1251") in raw
    assert "счёту".encode() not in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_one_section_per_invoice_with_every_field(raw):
    _, _, sections = parse(raw)
    assert len(sections) == 3
    for number, section in enumerate(sections, start=1):
        assert list(section) == ["СекцияДокумент", *ORDER_KEYS]
        assert section["СекцияДокумент"] == "Платежное поручение"
        assert section["Номер"] == str(number)
        assert section["Дата"] == "07.12.2026"
        assert (section["ВидОплаты"], section["Очередность"]) == ("01", "5")


def test_amounts_are_what_is_still_due_with_a_point_and_two_decimals(raw):
    _, _, sections = parse(raw)
    assert [s["Сумма"] for s in sections] == ["120000.00", "123456.00", "0.50"]
    assert all(re.fullmatch(r"\d+\.\d\d", s["Сумма"]) for s in sections)


def test_the_purpose_carries_the_vat_or_says_there_is_none(raw):
    _, _, sections = parse(raw)
    assert [s["НазначениеПлатежа"] for s in sections] == [
        "Оплата по счёту № 48028 от 11.06.2026, в т.ч. НДС 20000-00 руб.",
        "Оплата по счёту № ПК-31/26 от 01.10.2026, Без НДС",
        "Оплата по счёту № 7 от 11.06.2026, в т.ч. НДС 0-08 руб.",
    ]
    assert all(len(s["НазначениеПлатежа"]) <= PURPOSE_MAX for s in sections)


def test_the_file_read_back_has_the_same_amounts_and_accounts(raw, client_org, payee, invoices):
    _, header, sections = parse(raw)
    assert header["РасчСчет"] == PAYER_ACCOUNT
    expected_amounts = [f"{inv.amount - inv.paid:.2f}" for inv in invoices]
    assert [s["Сумма"] for s in sections] == expected_amounts
    for s in sections:
        assert (s["ПлательщикСчет"], s["ПлательщикРасчСчет"]) == (PAYER_ACCOUNT, PAYER_ACCOUNT)
        assert (s["ПлательщикБИК"], s["ПлательщикКорсчет"], s["ПлательщикБанк1"]) == (
            PAYER_BIC,
            PAYER_CORR,
            "АО «Альфа-Банк»",
        )
        assert (s["Плательщик"], s["Плательщик1"]) == (client_org.name, client_org.name)
        assert (s["ПлательщикИНН"], s["ПлательщикКПП"]) == (client_org.inn, client_org.kpp)
        assert (s["ПолучательСчет"], s["ПолучательРасчСчет"]) == (payee.account, payee.account)
        assert (s["ПолучательБИК"], s["ПолучательКорсчет"], s["ПолучательБанк1"]) == (
            payee.bic,
            payee.corr_account,
            payee.bank_name,
        )
        assert (s["Получатель"], s["Получатель1"]) == (payee.name, payee.name)
        assert (s["ПолучательИНН"], s["ПолучательКПП"]) == (payee.inn, payee.kpp)


def test_numbers_start_where_asked(client_org, payer, payee, invoices):
    raw = payment_orders_file(client=client_org, payer=payer, payee=payee, invoices=invoices, on=ON, number_from=41)
    assert [s["Номер"] for s in parse(raw)[2]] == ["41", "42", "43"]


def test_an_invoice_with_nothing_due_gets_no_order_and_a_file_of_none_is_refused(client_org, payer, payee):
    paid = invoice("1", amount="500.00", paid="500.00")
    raw = payment_orders_file(client=client_org, payer=payer, payee=payee, invoices=[paid, invoice("2")], on=ON)
    assert [s["НазначениеПлатежа"][:22] for s in parse(raw)[2]] == ["Оплата по счёту № 2 от"]
    with pytest.raises(ValueError, match="anything still due"):
        payment_orders_file(client=client_org, payer=payer, payee=payee, invoices=[paid], on=ON)


def test_characters_outside_windows_1251_never_break_the_file(client_org, payer, payee):
    client_org.name = "ООО «Ёлка — Café»\nфилиал\u00a0№\u00a02 \u2212 Ｎ1 🔥\u00ad\u200b"
    raw = payment_orders_file(client=client_org, payer=payer, payee=payee, invoices=[invoice()], on=ON)
    [section] = parse(raw)[2]
    assert section["Плательщик"] == "ООО «Ёлка — Cafe» филиал № 2 - N1 ?"
    assert section["Плательщик1"] == section["Плательщик"]


def test_the_file_name_says_what_and_when():
    assert payment_orders_file_name(ON) == "Платёжные поручения от 07.12.2026.txt"
