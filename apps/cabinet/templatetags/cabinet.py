"""Tags for the cabinet's busiest tables: a request's badge is one dictionary lookup, not an
included template per row (the history is on the home page and on both archive forms)."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

register = template.Library()

_WAIT = ("status-wait", _("Обработка"))
_DOWN = ("status-err", _("1С недоступна"))
_REQUEST_BADGES = {
    "sent": ("status-ok", _("Отправлено")),
    "empty": ("status-warn", _("Документов нет")),
    "queued": _WAIT,
    "running": _WAIT,
    "retrying": _DOWN,
    "unavailable": _DOWN,
    "not_found": ("status-err", _("Организация не найдена")),
}
_REQUEST_FAILED = ("status-err", _("Ошибка"))


@register.simple_tag
def request_badge(status: str) -> str:
    """The short outcome of a document request as the client's history shows it."""
    css, label = _REQUEST_BADGES.get(status, _REQUEST_FAILED)
    return format_html('<span class="status {}">{}</span>', css, label)


@register.filter
def rows_key(rows) -> str:
    """A fragment-cache key naming every value the rows were read with, so a cached table is
    reused only while those rows are exactly the same (a new status or answer is a new key)."""
    return repr([[value for name, value in row.__dict__.items() if name != "_state"] for row in rows])


@register.simple_tag
def cabinet_sections(access=None) -> list:
    from apps.cabinet.tiles import sections

    # A page the cabinet's decorator did not serve (a password page, a refusal) has no access:
    # the template then passes "" here.
    return sections(access if hasattr(access, "can") else None)


@register.filter
def email_breaks(address: str) -> SafeString:
    """An e-mail address that may wrap after its «@» and before each «.»: a narrow card breaks it
    there, between its parts, rather than in the middle of one (`overflow-wrap` stays the last
    resort for a part longer than the line)."""
    escaped = conditional_escape(address)  # «@» and «.» are never part of an escape
    return mark_safe(escaped.replace("@", "@<wbr>").replace(".", "<wbr>."))  # noqa: S308
