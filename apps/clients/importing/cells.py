"""One spreadsheet row turned into clean client fields, with a message for every fix or fault.

Real files are messy: an INN typed as a number loses its leading zero, gets spaces or a
trailing ".0"; a cell may hold a formula's error or several addresses. Fixable cases are
fixed with a note; the rest make the row an error, with a message naming the cell's value.
A value is quoted only in part when long: a report of 20,000 rows must stay small.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from apps.clients.importing import limits
from apps.clients.importing.workbook import COLUMN_TITLES
from apps.clients.validators import normalize_email, normalize_inn, validate_inn

_EXCEL_ERRORS = {"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
_EMAIL_SEPARATORS = re.compile(r"[,;\s]+")
_NUMBER_AS_TEXT = re.compile(r"\d+\.0+")  # "105012349.0": a number pasted as text
_KPP = re.compile(r"\d{9}")
NAME_MAX = 255
PHONE_MAX = 50
SHOWN_MAX = 60  # of a wrong value, quoted in a message


class CellError(Exception):
    pass


@dataclass(slots=True)
class RowData:
    inn: str
    name: str
    email: str
    kpp: str = ""
    phone: str = ""


@dataclass(slots=True)
class CleanRow:
    data: RowData | None
    inn: str  # the INN as far as it could be read, for the report and for spotting duplicates
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def clean_row(cells: dict[str, object]) -> CleanRow:
    result = CleanRow(data=None, inn=shown(_text(cells.get("inn"))))
    values = {}
    for key, cleaner in _CLEANERS.items():
        if key not in cells:
            values[key] = ""
            continue
        if isinstance(cells[key], str) and len(cells[key]) > limits.MAX_CELL_CHARS:
            result.errors.append(_overlong(key, len(cells[key])))
            continue
        try:
            values[key], note = cleaner(cells[key])
        except CellError as error:
            result.errors.append(str(error.args[0]))
            continue
        if note:
            result.notes.append(str(note))
    if "inn" in values:
        result.inn = values["inn"]
    if not result.errors:
        result.data = RowData(**values)
    return result


def shown(text: str, limit: int = SHOWN_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _overlong(key: str, length: int) -> str:
    return str(
        _("Столбец «%(column)s»: символов в ячейке — %(count)s, а допустимо не больше %(max)s.")
        % {"column": COLUMN_TITLES[key], "count": limits.number(length), "max": limits.number(limits.MAX_CELL_CHARS)}
    )


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else " ".join(str(value).split())


def _formula_error(value, key: str) -> None:
    if isinstance(value, str) and "#" in value and value.strip() in _EXCEL_ERRORS:
        raise CellError(
            _("Столбец «%(column)s»: в ячейке ошибка формулы %(error)s.")
            % {"column": COLUMN_TITLES[key], "error": value.strip()}
        )


def _digits_only(raw: str) -> str:
    """normalize_inn, without its walk over every character when there is nothing to drop."""
    return raw if raw.isdigit() else normalize_inn(raw)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def clean_inn(value) -> tuple[str, str | None]:
    _formula_error(value, "inn")
    raw = _text(value)
    if not raw:
        raise CellError(_("Не указан ИНН."))
    if isinstance(value, float) and not value.is_integer():
        raise CellError(_("ИНН «%(value)s» — не целое число.") % {"value": value})
    inn, from_number = _digits_only(raw), _is_number(value)
    if "." in inn and _NUMBER_AS_TEXT.fullmatch(inn):
        inn, from_number = inn.partition(".")[0], True
    if not inn.isdigit():
        raise CellError(_("ИНН «%(value)s» должен состоять только из цифр.") % {"value": shown(raw)})
    note = None
    if from_number and len(inn) in (9, 11):
        inn = "0" + inn
        note = _("ИНН был записан числом и потерял ведущий ноль: прочитан как %(inn)s.") % {"inn": inn}
    elif inn != raw:
        note = _("ИНН «%(value)s» прочитан как %(inn)s.") % {"value": shown(raw), "inn": shown(inn)}
    if len(inn) not in (10, 12):
        raise CellError(
            _("ИНН %(inn)s: нужно 10 цифр (организация) или 12 (предприниматель), а здесь %(count)d.")
            % {"inn": shown(inn), "count": len(inn)}
        )
    try:
        validate_inn(inn)
    except ValidationError:
        raise CellError(_("ИНН %(inn)s: неверная контрольная сумма — проверьте цифры.") % {"inn": inn}) from None
    return inn, note


def clean_kpp(value) -> tuple[str, str | None]:
    _formula_error(value, "kpp")
    raw = _text(value)
    kpp = _digits_only(raw)
    if "." in kpp and _NUMBER_AS_TEXT.fullmatch(kpp):
        kpp = kpp.partition(".")[0]
    if not kpp:
        return "", None
    note = None
    if (_is_number(value) or kpp != raw) and len(kpp) == 8 and kpp.isdigit():
        kpp = "0" + kpp
        note = _("КПП был записан числом и потерял ведущий ноль: прочитан как %(kpp)s.") % {"kpp": kpp}
    if not _KPP.fullmatch(kpp):
        raise CellError(_("КПП «%(value)s» должен состоять из 9 цифр.") % {"value": shown(raw)})
    return kpp, note


def clean_name(value) -> tuple[str, str | None]:
    _formula_error(value, "name")
    name = _text(value)
    if not name:
        raise CellError(_("Не указано наименование."))
    if len(name) > NAME_MAX:
        raise CellError(_("Наименование длиннее %(max)d символов.") % {"max": NAME_MAX})
    return name, None


def clean_email(value) -> tuple[str, str | None]:
    _formula_error(value, "email")
    raw = _text(value)
    text = raw.removeprefix("mailto:").strip(" <>")
    if not text:
        raise CellError(_("Не указан e-mail."))
    parts = [part for part in _EMAIL_SEPARATORS.split(text) if part]
    if len(parts) > 1:
        raise CellError(
            _("В ячейке e-mail несколько адресов (%(value)s): оставьте один — адрес по умолчанию.")
            % {"value": shown(raw)}
        )
    email = normalize_email(parts[0])
    try:
        validate_email(email)
    except ValidationError:
        raise CellError(_("E-mail «%(value)s» записан с ошибкой.") % {"value": shown(raw)}) from None
    return email, None


def clean_phone(value) -> tuple[str, str | None]:
    _formula_error(value, "phone")
    phone = _text(value)
    if len(phone) > PHONE_MAX:
        raise CellError(_("Телефон длиннее %(max)d символов.") % {"max": PHONE_MAX})
    return phone, None


_CLEANERS = {"inn": clean_inn, "kpp": clean_kpp, "name": clean_name, "email": clean_email, "phone": clean_phone}
