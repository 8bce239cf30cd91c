"""The payment QR code: the payload of ГОСТ Р 56042-2014, and the PNG a decoder reads back."""

from dataclasses import replace
from io import BytesIO

import pytest
import zxingcpp
from PIL import Image

from apps.payments.qr import MODULE_PIXELS, QUIET_ZONE, qr_payload, qr_png
from tests.payments.conftest import invoice

REQUIRED = ["Name", "PersonalAcc", "BankName", "BIC", "CorrespAcc"]
ADDITIONAL = ["PayeeINN", "KPP", "Sum", "Purpose", "PayerINN"]


def _fields(payload: str) -> list[tuple[str, str]]:
    header, *fields = payload.split("|")
    assert header == "ST00012"
    return [tuple(field.split("=", 1)) for field in fields]


@pytest.fixture
def payload(payee, client_org) -> str:
    return qr_payload(payee=payee, invoice=invoice(amount="120000.00", paid="1234.5"), client=client_org)


pytestmark = pytest.mark.django_db


def test_the_payload_is_utf8_with_the_required_fields_first_in_the_standards_order(payload):
    assert payload.startswith("ST00012|Name=")
    assert [key for key, _ in _fields(payload)] == REQUIRED + ADDITIONAL


def test_the_payload_carries_the_payee_the_payer_and_the_purpose(payload, payee, client_org):
    fields = dict(_fields(payload))
    assert fields == {
        "Name": 'АО "Подольскогнеупор"',
        "PersonalAcc": payee.account,
        "BankName": "ПАО Сбербанк",
        "BIC": payee.bic,
        "CorrespAcc": payee.corr_account,
        "PayeeINN": payee.inn,
        "KPP": payee.kpp,
        "Sum": "11876550",
        "Purpose": "Оплата по счёту № 48028 от 11.06.2026, в т.ч. НДС 19794-25 руб.",
        "PayerINN": client_org.inn,
    }


def test_the_sum_is_what_is_still_due_in_kopecks_without_separators(payee, client_org):
    for amount, paid, kopecks in [("100.00", "0", "10000"), ("0.01", "0", "1"), ("1000.5", "0.49", "100001")]:
        payload = qr_payload(payee=payee, invoice=invoice(amount=amount, paid=paid), client=client_org)
        assert dict(_fields(payload))["Sum"] == kopecks


def test_a_separator_inside_a_value_does_not_break_the_fields(payee, client_org):
    odd = replace(payee, name="ООО «Огнеупор|Юг»", bank_name="Банк\nГород")
    payload = qr_payload(payee=odd, invoice=invoice("12|34"), client=client_org)
    fields = dict(_fields(payload))
    assert len(_fields(payload)) == len(REQUIRED + ADDITIONAL)
    assert fields["Name"] == "ООО «Огнеупор/Юг»"
    assert fields["BankName"] == "Банк Город"
    assert fields["Purpose"].startswith("Оплата по счёту № 12/34 от")


def test_an_invoice_with_nothing_due_has_no_qr_code(payee, client_org):
    with pytest.raises(ValueError, match="nothing still due"):
        qr_payload(payee=payee, invoice=invoice(amount="10.00", paid="10.00"), client=client_org)


def test_a_decoder_reads_the_same_payload_back_from_the_png(payload):
    png = qr_png(payload)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    [code] = zxingcpp.read_barcodes(Image.open(BytesIO(png)))
    assert code.format == zxingcpp.BarcodeFormat.QRCode
    assert code.bytes.decode("utf-8") == payload  # what a bank app does, told UTF-8 by ST00012
    assert code.text == payload
    assert "Подольскогнеупор" in code.text
    assert code.ec_level == "M"


def test_the_png_has_a_quiet_zone_and_square_modules_a_camera_reads(payload):
    image = Image.open(BytesIO(qr_png(payload))).convert("L")
    width, height = image.size
    assert width == height
    assert width % MODULE_PIXELS == 0
    margin = QUIET_ZONE * MODULE_PIXELS
    border = [image.getpixel((x, y)) for x in range(width) for y in range(margin)]
    assert set(border) == {255}
    assert image.getpixel((margin, margin)) == 0  # the finder pattern's corner starts right after it
    assert 300 <= width <= 900
