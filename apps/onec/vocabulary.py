"""1C's own words as the portal shows them: the document types and vehicle words 1C writes.

1C sends a document's `Type` as a human name in Russian («Счёт на оплату», «УПД»; contract,
DocumentInfo) and a shipment's `Vehicle` as free text («а/м А123ВЕ 50», «вагон № 5234567»).
The ones the portal knows are translatable labels here, in one place, for every page, file name
and e-mail that shows them; in Russian 1C's text is shown as 1C wrote it. A word 1C sends that is
not listed is shown as 1C wrote it in every language, never hidden; the portal filters and
matches by 1C's own value, never by the label.
"""

import re

from django.utils.translation import pgettext_lazy

# Each context is written out in every call: makemessages (xgettext) reads only literal ones,
# and drops a translation whose context it cannot see.
# The types of the contract (docs/onec-contract.md: DocumentKind) and of the demo 1C
# (apps/onec/emulator/data.py). Looked up by _key: «Счет на оплату» without ё is the same type.
DOCUMENT_TYPES = {
    "Счёт на оплату": pgettext_lazy("тип документа 1С", "Счёт на оплату"),
    "УПД": pgettext_lazy("тип документа 1С", "УПД"),
    "Счёт-фактура": pgettext_lazy("тип документа 1С", "Счёт-фактура"),
    "ТОРГ-12": pgettext_lazy("тип документа 1С", "ТОРГ-12"),
    "Акт": pgettext_lazy("тип документа 1С", "Акт"),
    "Сертификат качества": pgettext_lazy("тип документа 1С", "Сертификат качества"),
    "Паспорт качества": pgettext_lazy("тип документа 1С", "Паспорт качества"),
    "Паспорт на продукцию": pgettext_lazy("тип документа 1С", "Паспорт на продукцию"),
}

# What a vehicle's description starts with; the rest (a plate, a wagon number) is data.
VEHICLE_WORDS = {
    "вагон №": pgettext_lazy("транспорт 1С", "вагон №"),
    "а/м": pgettext_lazy("транспорт 1С", "а/м"),
}


def _key(text: str) -> str:
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").split()).casefold()


_TYPES_BY_KEY = {_key(name): (label, name) for name, label in DOCUMENT_TYPES.items()}
_VEHICLE_START = re.compile(
    "|".join(rf"(?P<w{n}>{re.escape(word)})(?=\s|$)" for n, word in enumerate(VEHICLE_WORDS)), re.IGNORECASE
)
_VEHICLE_WORDS = list(VEHICLE_WORDS.items())


def document_type_label(type_: str) -> str:
    """The type's label in the active language; 1C's text as it is for a type the portal does not
    know, and in Russian (1C's «Счет-фактура» keeps its spelling there)."""
    found = _TYPES_BY_KEY.get(_key(type_ or ""))
    if found is None:
        return type_
    label, name = found
    return type_ if str(label) == name else str(label)


def is_known_document_type(type_: str) -> bool:
    return _key(type_ or "") in _TYPES_BY_KEY


def vehicle_label(vehicle: str) -> str:
    """«а/м А123ВЕ 50» → «truck А123ВЕ 50» in English; anything else as 1C wrote it."""
    found = _VEHICLE_START.match(vehicle or "")
    if found is None:
        return vehicle
    word, label = _VEHICLE_WORDS[int(found.lastgroup[1:])]
    if str(label) == word:  # Russian: 1C's own text, in 1C's own case
        return vehicle
    return f"{label}{vehicle[found.end() :]}"
