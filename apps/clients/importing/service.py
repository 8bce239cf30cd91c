"""The client import: one service behind the admin page and the `import_clients` command.

Rows are matched by INN: new clients are created with a login that has no usable password,
existing ones updated; passwords and `is_active` are never touched, and a client missing
from the file stays as it is. Everything happens in one transaction with a few statements
per table (bulk.py), so an import applies all valid rows or nothing, and the number of queries
does not grow with the rows, only with their batches of 500 (on PostgreSQL, not at all). The
sheet's rows become small row reports as they are read; the workbook is closed before the
database is asked anything.
"""

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from apps.clients.importing import bulk
from apps.clients.importing.cells import NAME_MAX, RowData, clean_row, shown
from apps.clients.importing.workbook import read_sheet
from apps.clients.models import Client, ClientEmailChange, Membership, Role

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"
STATUS_LABELS = {NEW: _("новый"), UPDATED: _("изменится"), UNCHANGED: _("без изменений"), ERROR: _("ошибка")}
FIELD_LABELS = {"name": _("наименование"), "kpp": _("КПП"), "email": _("e-mail"), "phone": _("телефон")}
# Optional fields: an empty cell keeps what is stored rather than erasing it.
_KEEP_WHEN_EMPTY = {"kpp", "phone"}
# Row numbers named in a duplicate's message; the rest are counted.
_DUPLICATES_SHOWN = 10


class StoredClient(NamedTuple):
    """What the import compares and changes of a client already in the database."""

    id: int
    user_id: int
    name: str
    kpp: str
    email: str
    phone: str


@dataclass(slots=True)
class RowReport:
    number: int
    inn: str
    name: str
    status: str = ERROR
    messages: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    data: RowData | None = None
    client_id: int | None = None  # an existing client's from the start; a new one's once applied
    stored: StoredClient | None = None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def changes_label(self) -> str:
        return ", ".join(str(FIELD_LABELS[name]) for name in self.changes)


@dataclass
class ImportReport:
    rows: list[RowReport]
    empty_rows: int
    sheet_title: str
    applied: bool = False
    created_ids: list[int] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in STATUS_LABELS}

    @property
    def client_ids(self) -> list[int]:
        """Every client the file names in a valid row (new ones only once applied)."""
        return [row.client_id for row in self.rows if row.client_id is not None]


def clients_import(*, data: bytes, imported_by=None, dry_run: bool = False) -> ImportReport:
    """Read the workbook and apply its valid rows, or with `dry_run` only say what would happen.

    Raises ImportFileError for a whole-file problem.
    """
    with read_sheet(data) as sheet:
        rows = [_row_report(sheet_row) for sheet_row in sheet]
        report = ImportReport(rows=rows, empty_rows=sheet.empty_rows, sheet_title=sheet.title)
    with transaction.atomic():
        _plan(report.rows)
        if not dry_run:
            _apply(report, imported_by=imported_by)
    return report


def _row_report(sheet_row) -> RowReport:
    clean = clean_row(sheet_row.cells)
    name = clean.data.name if clean.data else shown(_cell_text(sheet_row.cells.get("name")), NAME_MAX)
    return RowReport(
        number=sheet_row.number, inn=clean.inn, name=name, data=clean.data, messages=clean.errors + clean.notes
    )


def _plan(rows: list[RowReport]) -> None:
    _mark_duplicates(rows)
    valid = [row for row in rows if row.data is not None]
    existing = _existing_clients([row.data.inn for row in valid])
    taken = _logins_without_client([row.data.inn for row in valid if row.data.inn not in existing])
    for row in valid:
        _classify(row, existing.get(row.data.inn), login_taken=row.data.inn in taken)


def _cell_text(value) -> str:
    return "" if value is None else " ".join(str(value).split())


def _mark_duplicates(rows: list[RowReport]) -> None:
    by_inn: dict[str, list[RowReport]] = defaultdict(list)
    for row in rows:
        if row.inn:
            by_inn[row.inn].append(row)
    for inn, same in by_inn.items():
        if len(same) < 2:
            continue
        numbers = ", ".join(str(row.number) for row in same[:_DUPLICATES_SHOWN])
        if len(same) > _DUPLICATES_SHOWN:
            numbers = _("%(rows)s и ещё %(count)d") % {"rows": numbers, "count": len(same) - _DUPLICATES_SHOWN}
        # One message for all the rows: a file of one INN repeated must not make a list per row.
        message = str(_("ИНН %(inn)s повторяется в строках %(rows)s: оставьте одну.") % {"inn": inn, "rows": numbers})
        for row in same:
            # Which of the rows is right is for staff to say; importing either could be wrong.
            row.messages.insert(0, message)
            row.data = None


def _existing_clients(inns: list[str]) -> dict[str, StoredClient]:
    found = {}
    for clients in bulk.matching(Client.objects.order_by(), "inn", inns):
        found.update((inn, StoredClient(*values)) for inn, *values in clients.values_list("inn", *StoredClient._fields))
    return found


def _logins_without_client(inns: list[str]) -> set[str]:
    taken = set()
    for users in bulk.matching(get_user_model().objects.filter(client__isnull=True).order_by(), "username", inns):
        taken.update(users.values_list("username", flat=True))
    return taken


def _classify(row: RowReport, stored: StoredClient | None, *, login_taken: bool) -> None:
    if stored is None:
        if login_taken:
            row.messages.insert(0, str(_("Логин %(inn)s уже занят пользователем без клиента.") % {"inn": row.data.inn}))
            row.data = None
            return
        row.status = NEW
        return
    row.client_id, row.stored = stored.id, stored
    for name in FIELD_LABELS:
        value = getattr(row.data, name)
        if name in _KEEP_WHEN_EMPTY and not value:
            continue
        if getattr(stored, name) != value:
            row.changes.append(name)
    row.status = UPDATED if row.changes else UNCHANGED


def _apply(report: ImportReport, *, imported_by) -> None:
    new = [row for row in report.rows if row.status == NEW]
    _create(new)
    _update([row for row in report.rows if row.status == UPDATED], imported_by=imported_by)
    report.applied = True
    report.created_ids = [row.client_id for row in new]


def _create(rows: list[RowReport]) -> None:
    User = get_user_model()
    # An unusable password, as make_password(None) makes but without its slow per-character
    # random choice: no hashing, so 10,000 logins cost next to nothing.
    bulk.insert(
        User,
        [
            {
                "username": row.data.inn,
                "email": row.data.email,
                "password": UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(20),
            }
            for row in rows
        ],
    )
    user_ids = bulk.ids_by(User, "username", [row.data.inn for row in rows])
    bulk.insert(
        Client,
        [
            {
                "user_id": user_ids[row.data.inn],
                "inn": row.data.inn,
                "name": row.data.name,
                "email": row.data.email,
                "kpp": row.data.kpp,
                "phone": row.data.phone,
            }
            for row in rows
        ],
    )
    client_ids = bulk.ids_by(Client, "inn", [row.data.inn for row in rows])
    for row in rows:
        row.client_id = client_ids[row.data.inn]
    # The organisation's own login is its administrator, as client_create makes it.
    bulk.insert(
        Membership,
        [{"user_id": user_ids[row.data.inn], "client_id": row.client_id, "role": Role.ADMIN.value} for row in rows],
    )


def _update(rows: list[RowReport], *, imported_by) -> None:
    changed = [row for row in rows if "email" in row.changes]
    bulk.update(
        Client,
        [
            {"id": row.stored.id, **{name: _new_value(row, name) for name in FIELD_LABELS}}  # updated_at: now
            for row in rows
        ],
    )
    # The login's address is where allauth sends a password reset: it follows the client's.
    bulk.update(get_user_model(), [{"id": row.stored.user_id, "email": row.data.email} for row in changed])
    bulk.insert(
        ClientEmailChange,
        [
            {
                "client_id": row.stored.id,
                "old_email": row.stored.email,
                "new_email": row.data.email,
                "changed_by_id": imported_by.pk if imported_by is not None else None,
                "source": ClientEmailChange.Source.IMPORT.value,
            }
            for row in changed
        ],
    )


def _new_value(row: RowReport, name: str) -> str:
    return getattr(row.data if name in row.changes else row.stored, name)
