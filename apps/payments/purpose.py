"""The purpose of a payment («Назначение платежа», field 24 of a payment order): what the invoice
is and the VAT in the amount paid, as the Tax Code (art. 168 p. 4) asks a payment document to
show it on a line of its own.

Always in Russian, whatever the cabinet's language: it is read by both banks and by the
manufacturer's 1C, which matches an incoming payment to its invoice by «счёту № … от …».

Amounts are written «20000-00»: roubles, a hyphen, kopecks, no grouping. It is how 1C:Бухгалтерия
writes them into the purposes it makes and how payment orders have long written kopecks, so the
payee's accountant and the banks' VAT checks read it as they read every other payment; and it
has no space or comma that a bank could break a line at or take for the purpose's own commas.
"""

from decimal import ROUND_HALF_UP, Decimal

from apps.onec.client import OpenInvoice

# The field's length in a payment order (and in ГОСТ Р 56042-2014's Purpose).
PURPOSE_MAX = 210
_KOPECK = Decimal("0.01")
_ELLIPSIS = "…"
_PREFIX = "Оплата по счёту № "


def kopecks(amount: Decimal) -> Decimal:
    """Rounded to kopecks, half up, as an accountant rounds."""
    return amount.quantize(_KOPECK, rounding=ROUND_HALF_UP)


def vat_due(invoice: OpenInvoice) -> Decimal | None:
    """The VAT in what is still due: the invoice's VAT in proportion to the part unpaid.

    None for an invoice without VAT («Без НДС»).
    """
    if invoice.vat is None:
        return None
    if not invoice.amount:
        return kopecks(invoice.vat)
    return kopecks(invoice.vat * invoice.outstanding / invoice.amount)


def purpose_amount(amount: Decimal) -> str:
    """«20000-00» (see the module's docstring for why)."""
    return f"{kopecks(amount):.2f}".replace(".", "-")


def payment_purpose(invoice: OpenInvoice) -> str:
    """«Оплата по счёту № 48028 от 11.06.2026, в т.ч. НДС 20000-00 руб.» or «…, Без НДС».

    At most PURPOSE_MAX characters: an absurdly long number is cut (and ends with «…»), never
    the VAT, which the bank needs to see.
    """
    vat = vat_due(invoice)
    tail = ", Без НДС" if vat is None else f", в т.ч. НДС {purpose_amount(vat)} руб."
    number = " ".join(str(invoice.number).split())
    dated = f" от {invoice.date:%d.%m.%Y}"
    room = PURPOSE_MAX - len(_PREFIX) - len(dated) - len(tail)
    if len(number) > room:
        number = number[: room - len(_ELLIPSIS)] + _ELLIPSIS
    return _PREFIX + number + dated + tail
