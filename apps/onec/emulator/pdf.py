"""Small real PDFs, as 1C would print them: a document's type, number, date and amount, or an act.

The font ships with the emulator (fonts/, a subset of DejaVu Sans): PDF core fonts have no
Cyrillic, and a new machine need not have any system font.
"""

import logging
import random
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF

# fontTools logs every subset it makes at INFO: hundreds of lines per demo page.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONTS = Path(__file__).parent / "fonts"
SELLER = "АО «Подольскогнеупор»"
_FIXED_TIME = datetime(2026, 1, 1, tzinfo=UTC)  # fixed metadata dates keep the bytes (and sizes) stable


def money(amount: Decimal) -> str:
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",") + " руб."


def _new_pdf(title: str) -> FPDF:
    pdf = FPDF()
    pdf.set_creation_date(_FIXED_TIME)
    pdf.set_title(title)
    pdf.set_creator("1С:Предприятие (эмулятор)")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_page()
    # One face only: fpdf2 subsets every embedded font per file, the main cost of a PDF here.
    pdf.set_font("DejaVu", "", 15)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 11)
    return pdf


def _line(pdf: FPDF, label: str, value: str) -> None:
    pdf.cell(45, 7, label)
    pdf.multi_cell(0, 7, value, new_x="LMARGIN", new_y="NEXT")


def document_pdf(document, client_name: str, padding: int = 0) -> bytes:
    """`document` is an emulator Document; `padding` bytes of noise make a file of a given size
    (embedded as an attachment, so the PDF stays valid)."""
    pdf = _new_pdf(f"{document.type} № {document.number} от {document.date:%d.%m.%Y}")
    _line(pdf, "Поставщик:", SELLER)
    _line(pdf, "Покупатель:", client_name)
    _line(pdf, "Документ:", document.type)
    _line(pdf, "Номер:", document.number)
    _line(pdf, "Дата:", f"{document.date:%d.%m.%Y}")
    _line(pdf, "Сумма:", money(document.amount))
    _line(pdf, "", "в т. ч. НДС 20 %: " + money((document.amount / 6).quantize(Decimal("0.01"))))
    if padding:
        noise = random.Random(document.id).randbytes(padding)  # noqa: S311  (filler, not a secret)
        pdf.embed_file(bytes=noise, basename="scan.bin", modification_date=_FIXED_TIME, compress=False)
    return bytes(pdf.output())


def act_pdf(client_name: str, date_from: date, date_to: date, opening: Decimal, closing: Decimal, lines) -> bytes:
    period = f"{date_from:%d.%m.%Y} – {date_to:%d.%m.%Y}"
    pdf = _new_pdf(f"Акт сверки взаимных расчётов за период {period}")
    _line(pdf, "Между:", SELLER)
    _line(pdf, "и:", client_name)
    _line(pdf, "Сальдо начальное:", money(opening))
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 9)
    with pdf.table(
        col_widths=(22, 88, 40, 40), text_align=("LEFT", "LEFT", "RIGHT", "RIGHT"), first_row_as_headings=False
    ) as table:  # headings would need a bold face
        table.row(["Дата", "Документ", "Дебет", "Кредит"])
        for day, text, debit, credit in lines:
            table.row([f"{day:%d.%m.%Y}", text, money(debit) if debit else "", money(credit) if credit else ""])
    pdf.ln(2)
    _line(pdf, "Сальдо конечное:", money(closing))
    owner = f"в пользу {SELLER}" if closing >= 0 else f"в пользу {client_name}"
    _line(pdf, "", f"Задолженность на {date_to:%d.%m.%Y}: {money(abs(closing))} {owner}")
    return bytes(pdf.output())


def certificate_pdf(document, client_name: str) -> bytes:
    """A quality certificate or product passport: what was shipped and that it meets its standard."""
    pdf = _new_pdf(f"{document.type} № {document.number} от {document.date:%d.%m.%Y}")
    _line(pdf, "Изготовитель:", SELLER)
    _line(pdf, "Получатель:", client_name)
    _line(pdf, "Продукция:", document.product)
    _line(pdf, "Основание:", document.basis)
    _line(pdf, "Партия:", f"{document.date:%y%m%d}-{document.number.split('-')[-1].split('/')[0]}")
    _line(pdf, "Заключение:", "Продукция соответствует требованиям нормативной документации.")
    _line(pdf, "", "Начальник ОТК ____________")
    return bytes(pdf.output())
