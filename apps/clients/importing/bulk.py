"""Writing thousands of rows in a few statements, without the ORM's work per value.

`bulk_create` builds a model instance per row and passes every value of every field through
its field: for 10,000 clients and their logins that was over a second on SQLite, most of the
import. The import's own values are text and integers that the database takes as they are;
every other column gets its field's default (or the time now for auto_now fields), prepared
once by the field. Each write is one statement: `executemany`, or on PostgreSQL a `COPY` for
inserts (its `executemany` sends one statement per row, each parsed and planned: ~0.4 s for
10,000 rows, `COPY` ~0.06 s).

Rows are looked up by a column's values (`matching`) in batches of `IN (…)`, or on PostgreSQL in
one query with the values as one array: it parses and plans an `IN` list of 500 in ~5 ms, so
10,000 INNs cost ~0.1 s a look-up, the array ~0.01 s.
"""

from collections.abc import Iterator, Sequence

from django.db import connections, router
from django.db.models import F, Lookup, Model, QuerySet
from django.utils import timezone

# Values per `IN (…)`: far under every backend's parameter limit.
BATCH = 500


def insert(model: type[Model], rows: Sequence[dict[str, object]]) -> None:
    """Insert `rows` (attname → text, integer or None), the same attnames in each."""
    if not rows:
        return
    connection = _connection(model)
    given = list(rows[0])
    fields = {field.attname: field for field in model._meta.concrete_fields if not field.primary_key}
    now = timezone.now()
    defaults = {
        attname: field.get_db_prep_save(_default(field, now), connection)
        for attname, field in fields.items()
        if attname not in given and not field.has_db_default()
    }
    columns = [*given, *defaults]
    quote = connection.ops.quote_name
    # Only names from the model, quoted by the backend; every value is a parameter.
    table = quote(model._meta.db_table)
    names = ", ".join(quote(fields[attname].column) for attname in columns)
    constant = tuple(defaults.values())
    values = ((*(row[attname] for attname in given), *constant) for row in rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with connection.wrap_database_errors, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", list(values))  # noqa: S608


def update(model: type[Model], rows: Sequence[dict[str, object]]) -> None:
    """Set the attnames of each row (text, integers or None) on the object of its "id"; auto_now fields to now."""
    if not rows:
        return
    connection = _connection(model)
    given = [attname for attname in rows[0] if attname != "id"]
    fields = {field.attname: field for field in model._meta.concrete_fields}
    now = timezone.now()
    touched = {
        attname: field.get_db_prep_save(now, connection)
        for attname, field in fields.items()
        if getattr(field, "auto_now", False) and attname not in given
    }
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608  (names from the model, values as parameters)
        quote(model._meta.db_table),
        ", ".join(f"{quote(fields[attname].column)} = %s" for attname in [*given, *touched]),
        quote(model._meta.pk.column),
    )
    constant = tuple(touched.values())
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*(row[attname] for attname in given), *constant, row["id"]) for row in rows])


def ids_by(model: type[Model], key: str, values: list[object]) -> dict[object, int]:
    """The ids of the objects whose unique field `key` has one of `values`."""
    ids: dict[object, int] = {}
    for batch in matching(model._default_manager.order_by(), key, values):
        ids.update(batch.values_list(key, "pk"))
    return ids


def matching(queryset: QuerySet, key: str, values: list[object]) -> Iterator[QuerySet]:
    """`queryset` restricted to the rows whose `key` is one of `values`, as few querysets as it takes."""
    if not values:
        return
    if connections[queryset.db].vendor == "postgresql":
        yield queryset.filter(_AnyOf(F(key), values))
        return
    for start in range(0, len(values), BATCH):
        yield queryset.filter(**{f"{key}__in": values[start : start + BATCH]})


class _AnyOf(Lookup):
    """`key = ANY(%s)` with the values as one array parameter (PostgreSQL)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(self.rhs)]


def _connection(model: type[Model]):
    return connections[router.db_for_write(model)]


def _default(field, now) -> object:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()
