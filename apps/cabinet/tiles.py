"""The cabinet's tiles, in the order the client guide shows them."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tile:
    title: str
    description: str
    icon: str
    url: str | None  # None: the flow is not available yet


_TILES = [
    ("cabinet:documents_invoice", _("Архив счетов"), _("Счета на оплату за период одним архивом"), "invoice"),
    (
        "cabinet:documents_closing",
        _("Архив закрывающих документов"),
        _("УПД, счета-фактуры, ТОРГ-12 и акты за период"),
        "closing",
    ),
    ("cabinet:act_order", _("Заказать акт сверки"), _("Акт сверки взаиморасчётов за период"), "act"),
    ("cabinet:question_ask", _("Задать вопрос"), _("Напишите нам, ответим на e-mail"), "question"),
]


def tiles(access=None) -> list[Tile]:
    """The tiles; with a person's `access`, only those their role opens (apps/clients/roles.py)."""
    from apps.cabinet.decorators import url_allowed

    result = []
    for url_name, title, description, icon in _TILES:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            url = None
        if url is not None and not url_allowed(access, url_name):
            continue
        result.append(Tile(title=title, description=description, icon=icon, url=url))
    return result


@dataclass(frozen=True)
class Section:
    url_name: str
    title: str
    url: str


_SECTIONS = [
    ("cabinet:home", _("Главная")),
    ("cabinet:register", _("Документы")),
    ("cabinet:settlements", _("Взаиморасчёты")),
    ("cabinet:shipments", _("Отгрузки")),
    ("cabinet:notices", _("Уведомления")),
]


def sections(access=None) -> list[Section]:
    """The cabinet's sections for the navigation bar, those whose pages exist (and, with a
    person's `access`, that their role opens)."""
    from apps.cabinet.decorators import url_allowed

    result = []
    for url_name, title in [*_SECTIONS, ("cabinet:people", _("Сотрудники"))]:
        try:
            section = Section(url_name=url_name, title=title, url=reverse(url_name))
        except NoReverseMatch:
            continue
        if url_allowed(access, url_name) and (url_name != "cabinet:people" or access is not None):
            result.append(section)
    return result
