"""Payment orders as a file every bank-client and 1C:Бухгалтерия imports: 1CClientBankExchange,
format version 1.03 (1C's «Стандарт обмена с системами Клиент банка»).

The file is text in Windows-1251 with CRLF line endings: a header of `Key=Value` lines, one
`СекцияДокумент=Платежное поручение` … `КонецДокумента` section per payment order, `КонецФайла`.
A value must stay on its line and in the code page, so every value is cleaned first: line breaks
become spaces, and a character Windows-1251 lacks becomes its nearest one there, else "?" — a
client's file never fails to build for an exotic character in a name.
"""

import unicodedata
from datetime import date
from decimal import Decimal

from django.utils import timezone

from apps.clients.models import Client
from apps.onec.client import OpenInvoice
from apps.payments.models import PayerAccount
from apps.payments.payee import Payee
from apps.payments.purpose import kopecks, payment_purpose

DOCUMENT = "Платежное поручение"  # the format's own word, spelt as the standard spells it
SENDER = "Личный кабинет клиента"
_ENCODING = "cp1251"
# Characters Unicode's compatibility forms do not bring into Windows-1251.
_NEAREST = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-", "\u2015": "—", "\u2044": "/"}


def payable(invoices: list[OpenInvoice]) -> list[OpenInvoice]:
    """The invoices with something still due: a payment order for zero is refused by a bank."""
    return [invoice for invoice in invoices if invoice.outstanding > 0]


def payment_orders_file(
    *, client: Client, payer: PayerAccount, payee: Payee, invoices: list[OpenInvoice], on: date, number_from: int = 1
) -> bytes:
    """One payment order per invoice with something still due, for the amount still due, dated `on`
    and numbered from `number_from`. ValueError when none has anything due."""
    due = payable(invoices)
    if not due:
        raise ValueError("none of the invoices has anything still due")
    now = timezone.localtime()
    lines = [
        "1CClientBankExchange",
        "ВерсияФормата=1.03",
        "Кодировка=Windows",
        f"Отправитель={SENDER}",
        "Получатель=",
        f"ДатаСоздания={now:%d.%m.%Y}",
        f"ВремяСоздания={now:%H:%M:%S}",
        f"ДатаНачала={on:%d.%m.%Y}",
        f"ДатаКонца={on:%d.%m.%Y}",
        f"РасчСчет={payer.account}",
        f"Документ={DOCUMENT}",
    ]
    for number, invoice in enumerate(due, start=number_from):
        lines += _order(client=client, payer=payer, payee=payee, invoice=invoice, number=number, on=on)
    lines.append("КонецФайла")
    return ("\r\n".join(lines) + "\r\n").encode(_ENCODING, errors="replace")


def payment_orders_file_name(on: date) -> str:
    return f"Платёжные поручения от {on:%d.%m.%Y}.txt"


def amount_text(amount: Decimal) -> str:
    """«123456.78»: the format's amount, a point and two decimals, no grouping."""
    return f"{kopecks(amount):.2f}"


def _order(*, client: Client, payer: PayerAccount, payee: Payee, invoice: OpenInvoice, number: int, on: date):
    fields = {
        "Номер": str(number),
        "Дата": f"{on:%d.%m.%Y}",
        "Сумма": amount_text(invoice.outstanding),
        "ПлательщикСчет": payer.account,
        "Плательщик": client.name,
        "ПлательщикИНН": client.inn,
        "Плательщик1": client.name,
        "ПлательщикКПП": client.kpp,
        "ПлательщикРасчСчет": payer.account,
        "ПлательщикБанк1": payer.bank_name,
        "ПлательщикБИК": payer.bic,
        "ПлательщикКорсчет": payer.corr_account,
        "ПолучательСчет": payee.account,
        "Получатель": payee.name,
        "ПолучательИНН": payee.inn,
        "Получатель1": payee.name,
        "ПолучательКПП": payee.kpp,
        "ПолучательРасчСчет": payee.account,
        "ПолучательБанк1": payee.bank_name,
        "ПолучательБИК": payee.bic,
        "ПолучательКорсчет": payee.corr_account,
        "ВидОплаты": "01",  # a payment order
        "Очередность": "5",  # a supplier's invoice: the last of the Civil Code's priorities
        "НазначениеПлатежа": payment_purpose(invoice),
    }
    return [
        f"СекцияДокумент={DOCUMENT}",
        *(f"{key}={in_code_page(value)}" for key, value in fields.items()),
        "КонецДокумента",
    ]


def in_code_page(value: str) -> str:
    """`value` on one line and in Windows-1251: «ё», «№», «—» and «…» are there and stay.

    Control and invisible characters (a soft hyphen, a zero-width space) are dropped: a bank
    would show them as boxes or refuse the line.
    """
    text = " ".join(str(value).split())
    return "".join(ch if _encodable(ch) else _nearest(ch) for ch in text if ch.isprintable())


def _encodable(text: str) -> bool:
    try:
        text.encode(_ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def _nearest(ch: str) -> str:
    """A full-width letter's plain one, a letter without its accent («é» → «e»), a dash's hyphen."""
    unmarked = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    for candidate in (unicodedata.normalize("NFKC", ch), unmarked, _NEAREST.get(ch, "")):
        if candidate and _encodable(candidate):
            return candidate
    return "?"
