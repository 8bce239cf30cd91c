"""The catalogues hold every text the code translates, as `make messages` keeps them.

`make messages` (makemessages → xgettext) sees only literal arguments: a context or a text
held in a variable is invisible to it, so the entry written by hand is dropped at the next
refresh (`--no-obsolete`) and English pages fall back to Russian without an error. This
happened to 1C's document types (pgettext_lazy(_TYPE, …)); these tests keep it from coming back.
"""

import ast
from pathlib import Path

import polib
from django.utils import translation

from apps.onec.vocabulary import DOCUMENT_TYPES, VEHICLE_WORDS

ROOT = Path(__file__).resolve().parents[2]
CALLS = {"gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy", "_"}


def _literal_arguments_expected(call: ast.Call) -> int:
    name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
    if name not in CALLS:
        return 0
    if name.startswith("pgettext"):
        return 2  # a context and its text
    # gettext(self.scan_help): a text marked where it is written (gettext_noop) may be looked up
    # by name; only a context must always be written out.
    return 0 if call.args and isinstance(call.args[0], ast.Attribute) else 1


def test_every_translated_text_and_context_in_the_code_is_a_literal():
    hidden = []
    for path in sorted((ROOT / "apps").rglob("*.py")) + sorted((ROOT / "project").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call):
                for argument in node.args[: _literal_arguments_expected(node)]:
                    if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
                        hidden.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert hidden == []


def test_the_english_catalogue_has_every_entry_of_the_russian_one_translated():
    russian = polib.pofile(str(ROOT / "locale/ru/LC_MESSAGES/django.po"))
    english = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(ROOT / "locale/en/LC_MESSAGES/django.po"))}
    missing = [
        e.msgid[:60]
        for e in russian
        if not e.obsolete
        and (
            (e.msgctxt, e.msgid) not in english
            or not english[(e.msgctxt, e.msgid)].translated()
            or "fuzzy" in english[(e.msgctxt, e.msgid)].flags
        )
    ]
    assert missing == []


def test_1cs_words_are_english_on_an_english_page():
    with translation.override("en"):
        untranslated = [name for name, label in {**DOCUMENT_TYPES, **VEHICLE_WORDS}.items() if str(label) == name]
    assert untranslated == []
