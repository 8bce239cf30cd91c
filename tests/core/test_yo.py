"""Our own Russian writes «ё» (счёт, отчёт, ещё, прикреплённом, распространённым), so one page
never mixes «е» and «ё» in the same word. The client guide's own words stay as the guide has
them: the archive e-mail's subject «Отчет» and its body «Запрошенный вами отчет в прикрепленном
архиве» are the customer's specification, quoted letter for letter."""

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = [ROOT / "locale/ru/LC_MESSAGES/django.po", ROOT / "apps/admin_ru/locale/ru/LC_MESSAGES/django.po"]
QUOTED_FROM_THE_GUIDE = {"Отчет", "Запрошенный вами отчет в прикрепленном архиве"}
# Words that are only ever spelt with «ё» (a whole word each; «счета» is left out: it is also
# the plural, which has none).
WITHOUT_YO = re.compile(
    r"(?<![а-яё])("
    r"сч[е]т(?:ом|у|е)?|отч[е]т(?:а|у|ом|е|ы|ов)?|взаиморасч[е]т(?:а|у|ом|е|ы|ов|ам)?|"
    r"[е]щ[е]|прикрепл[е]нн\w*|распростран[е]нн\w*|подтвержд[е]н|отклон[е]н|уч[е]т(?:а|у|ом|е)?"
    r")(?![а-яё])",
    re.IGNORECASE,
)


def _texts():
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            # The portal's catalogue takes Russian as its source (msgid); admin_ru's msgids are
            # Django's English, its Russian is the msgstr.
            for text in (entry.msgid, entry.msgid_plural, entry.msgstr):
                if text and re.search("[а-яё]", text, re.IGNORECASE):
                    yield text


def test_our_own_texts_write_yo():
    spelt_with_e = sorted(
        {
            (match.group(0), text[:80])
            for text in _texts()
            if text not in QUOTED_FROM_THE_GUIDE
            for match in WITHOUT_YO.finditer(text)
        }
    )
    assert spelt_with_e == []


def test_the_check_finds_a_word_spelt_without_yo():
    found = [m.group(0) for m in WITHOUT_YO.finditer("Ваш отчет в прикрепленном файле, счет и еще раз счета")]
    assert found == ["отчет", "прикрепленном", "счет", "еще"]
