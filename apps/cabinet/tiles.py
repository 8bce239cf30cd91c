"""The home page's tiles: accounting's in the order the client guide shows them; a role without
the archives («Снабжение») is led to what it uses instead, shipments and certificates first."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from apps.clients.roles import Can
from apps.onec.client import CERTIFICATE


@dataclass(frozen=True)
class Tile:
    title: str
    description: str
    icon: str
    url: str | None  # None: the flow is not available yet


_ACCOUNTING_TILES = [
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
# The question form is on the home page itself, so it needs no tile here. Orders come next.
_SUPPLY_TILES = [
    ("cabinet:shipments", _("Отгрузки"), _("Отгрузки за период и комплекты их документов"), "shipment"),
    ("cabinet:register", _("Сертификаты качества"), _("Сертификаты и паспорта на продукцию"), "certificate"),
    ("cabinet:register", _("Документы"), _("Счета, УПД и сертификаты: открыть или скачать по одному"), "register"),
]
_QUERIES = {"certificate": f"?kind={CERTIFICATE}"}  # the register showing certificates alone


def _supply(access) -> bool:
    return access is not None and not access.can(Can.ARCHIVES)


def tiles(access=None) -> list[Tile]:
    """The tiles; with a person's `access`, only those their role opens (apps/clients/roles.py)."""
    from apps.cabinet.decorators import url_allowed

    result = []
    for url_name, title, description, icon in _SUPPLY_TILES if _supply(access) else _ACCOUNTING_TILES:
        try:
            url = reverse(url_name) + _QUERIES.get(icon, "")
        except NoReverseMatch:
            url = None
        if url is not None and not url_allowed(access, url_name):
            continue
        result.append(Tile(title=title, description=description, icon=icon, url=url))
    return result


def tiles_heading(access=None) -> str:
    """The heading above the tiles: whose work they are."""
    return _("Для снабжения") if _supply(access) else _("Для бухгалтерии")


@dataclass(frozen=True)
class Section:
    url_name: str
    title: str
    url: str


_SECTIONS = [
    ("cabinet:home", _("Главная")),
    ("cabinet:register", _("Документы")),
    ("cabinet:settlements", _("Взаиморасчёты")),
    ("cabinet:orders", _("Заказы")),
    ("cabinet:shipments", _("Отгрузки")),
    ("cabinet:claims", _("Претензии")),  # filed from a shipment: beside it, for the roles with Can.CLAIMS
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
