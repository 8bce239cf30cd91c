from collections.abc import Iterator

from django.utils.translation import gettext as _

from apps.clients.importing.service import ImportReport


def report_lines(report: ImportReport) -> Iterator[str]:
    """The import report as text: every row with something to say, then the totals."""
    for row in report.rows:
        if row.status == "unchanged" and not row.messages:
            continue
        status = row.status_label + (f" ({row.changes_label})" if row.changes else "")
        yield _("Строка %(number)d, ИНН %(inn)s: %(status)s.") % {
            "number": row.number,
            "inn": row.inn or "—",
            "status": status,
        }
        for message in row.messages:
            yield f"    {message}"
    if report.empty_rows:
        yield _("Пропущено пустых строк: %(count)d.") % {"count": report.empty_rows}
    totals = _("новых %(new)d, изменено %(updated)d, без изменений %(unchanged)d, с ошибками %(error)d") % report.counts
    if report.applied:
        yield _("Импорт выполнен: %(totals)s.") % {"totals": totals}
    else:
        yield _("Пробный прогон, ничего не изменено: %(totals)s.") % {"totals": totals}
