"""The payment QR code of ГОСТ Р 56042-2014 that business and personal mobile banks read: the
payee, the amount still due and the purpose, so that nothing is retyped.

The payload is `ST00012` (format ST, version 0001, 2 = UTF-8) and `Key=Value` fields joined by
"|": the five required ones first, in the standard's order, then the additional ones.
"""

from io import BytesIO

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.pil import PilImage

from apps.clients.models import Client
from apps.onec.client import OpenInvoice
from apps.payments.payee import Payee
from apps.payments.purpose import kopecks, payment_purpose

HEADER = "ST00012"
SEPARATOR = "|"
# A "|" inside a value would end its field early; "/" reads the same to a person.
SEPARATOR_STAND_IN = "/"
# 6 px a module: a code of ~85 modules (a payload of ~350 bytes at level M, quiet zone
# included) is ~510 px, which a phone camera reads off any screen at arm's length and which
# prints ~4 cm wide at 300 dpi; the page may show it smaller, a camera still reads it.
MODULE_PIXELS = 6
QUIET_ZONE = 4  # modules: the ISO/IEC 18004 minimum, without which cameras miss the code's edge


def qr_payload(*, payee: Payee, invoice: OpenInvoice, client: Client) -> str:
    """The payload for paying what is still due of `invoice`. ValueError when nothing is due."""
    if invoice.outstanding <= 0:
        raise ValueError(f"invoice {invoice.number} has nothing still due")
    fields = [
        ("Name", payee.name),
        ("PersonalAcc", payee.account),
        ("BankName", payee.bank_name),
        ("BIC", payee.bic),
        ("CorrespAcc", payee.corr_account),
        ("PayeeINN", payee.inn),
        ("KPP", payee.kpp),
        ("Sum", str(int(kopecks(invoice.outstanding) * 100))),  # kopecks, no separator
        ("Purpose", payment_purpose(invoice)),
        ("PayerINN", client.inn),
    ]
    return SEPARATOR.join([HEADER, *(f"{key}={_value(value)}" for key, value in fields)])


def _value(value: str) -> str:
    return " ".join(str(value).split()).replace(SEPARATOR, SEPARATOR_STAND_IN)


def qr_png(payload: str) -> bytes:
    """The code as a black-and-white PNG. Level M: a phone reads it even through a screen's glare
    or a smudged printout, at a size a purpose with Cyrillic still fits."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=MODULE_PIXELS, border=QUIET_ZONE)
    code.add_data(payload)  # as UTF-8 bytes, as the header says; no ECI, which the standard does not use
    code.make(fit=True)
    buffer = BytesIO()
    code.make_image(image_factory=PilImage).save(buffer, format="PNG")
    return buffer.getvalue()
