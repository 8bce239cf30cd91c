"""Hot reads compiled once per process.

Django compiles a queryset's SQL anew each time it runs. For the few small reads on every
page (the session, the login with its organisation, the cabinet's short lists) that compiling
costs several times the query itself (measured in process: about 0.3 ms to compile against
0.03 ms for SQLite to answer), so a `PreparedQuery` compiles its queryset once per connection
with markers in place of the values that change (a client's id, a session key), and runs that
SQL with the real values. Rows come back as the queryset's own model instances, built the way
Django's ModelIterable builds them, `select_related` objects included.

On PostgreSQL these reads are also prepared statements, so the server parses and plans each
once per connection (see `_cursor`), and a page that makes several of them can make them
`together()`: they then travel in one round trip (psycopg's pipeline mode) instead of one each.
"""

import threading
import weakref
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

# Stand in for the values while compiling; no row has such an id or such a key. Within 32 bits,
# since Django refuses to compile a value past the column's range (auth_user.id is 32-bit).
_INT_MARKERS = (-731_000_017, -731_000_019, -731_000_023)
_INT32 = range(-(2**31), 2**31)
_STR_MARKERS = ("\x00prepared-1\x00", "\x00prepared-2\x00", "\x00prepared-3\x00")


_together = threading.local()


@contextmanager
def together():
    """The prepared reads made inside the block go to the database together when it ends: on
    PostgreSQL in one round trip, elsewhere one after another. Their results are filled in then;
    reading one inside the block is an error, not an empty list."""
    if getattr(_together, "pending", None) is not None:
        yield  # nested: the outer block sends them
        return
    pending: list[tuple[_Statement, _Later]] = []
    _together.pending = pending
    try:
        yield
    finally:
        _together.pending = None
    by_connection: dict[int, list[tuple[_Statement, _Later]]] = {}
    for statement, later in pending:
        by_connection.setdefault(id(statement.connection), []).append((statement, later))
    for reads in by_connection.values():
        for (statement, later), rows in zip(reads, _fetch_all([s for s, _ in reads]), strict=True):
            later.rows = statement.objects(rows)


def _fetch_all(statements: list["_Statement"]) -> list[list[tuple]]:
    connection = statements[0].connection
    # Opened (and health-checked) before the pipeline starts: each cursor is wrapped by Django,
    # so its error translation and query logging still apply.
    cursors = [_cursor(connection) for _ in statements]
    try:
        if len(statements) > 1 and _pipelines(connection):
            with connection.wrap_database_errors, connection.connection.pipeline():
                for cursor, statement in zip(cursors, statements, strict=True):
                    cursor.execute(statement.plan.sql, statement.params)
        else:
            for cursor, statement in zip(cursors, statements, strict=True):
                cursor.execute(statement.plan.sql, statement.params)
        return [cursor.fetchall() for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()


def _cursor(connection):
    """Django's cursor; on PostgreSQL, one that binds the values on the server and keeps the
    statement prepared there. Measured with gunicorn and wrk, PostgreSQL's parsing and planning
    of these few reads was a quarter of a cabinet page's cost: Django turns psycopg's prepared
    statements off for every query (for PgBouncer in transaction mode), so they are asked for
    here, for these reads only. DATABASE_PREPARED_STATEMENTS=0 turns them off (an old PgBouncer
    without max_prepared_statements)."""
    if connection.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
        return connection.cursor()
    import psycopg  # only PostgreSQL gets here

    # What Django's own connection.cursor() does first: the health check, the connection, the thread.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = _Preparing(psycopg.Cursor(connection.connection))
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


class _Preparing:
    """A psycopg cursor whose statements are prepared on the server from their first run."""

    def __init__(self, cursor):
        self._cursor = cursor

    def execute(self, query, params=None):
        return self._cursor.execute(query, params, prepare=True)

    def __getattr__(self, name):
        return getattr(self._cursor, name)


def _pipelines(connection) -> bool:
    if connection.vendor != "postgresql":
        return False
    import psycopg  # only PostgreSQL gets here

    return psycopg.Pipeline.is_supported()


class _Later(Sequence):
    """A read's rows, there once its `together()` block has ended."""

    rows: list | None = None

    def _ready(self) -> list:
        if self.rows is None:
            raise RuntimeError("a read made together() is there only after the block ends")
        return self.rows

    def __getitem__(self, index):
        return self._ready()[index]

    def __len__(self) -> int:
        return len(self._ready())

    def __eq__(self, other) -> bool:
        return self._ready() == (other._ready() if isinstance(other, _Later) else other)

    __hash__ = None


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple
    compiler: object  # the SQLCompiler that compiled `sql`
    converters: dict  # its columns' converters (dates from SQLite's text, …), found once
    init_list: list[str]
    model_slice: slice
    from_db: Callable
    populators: list


class PreparedQuery:
    def __init__(self, model: type[Model], build: Callable[..., QuerySet], arity: int = 1, kinds=None):
        """`build(*values)` returns the queryset of `model` for `arity` values, integers unless
        `kinds` says otherwise (e.g. `kinds=(str,)` for a session key)."""
        self._model = model
        self._build = build
        self._kinds = tuple(kinds or (int,) * arity)
        ints, strs = iter(_INT_MARKERS), iter(_STR_MARKERS)
        self._markers = tuple(next(strs) if kind is str else next(ints) for kind in self._kinds)
        # Per connection object: each thread has its own, and the converters belong to it.
        self._plans: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def __call__(self, *values) -> Sequence[Model]:
        values = tuple(kind(value) for kind, value in zip(self._kinds, values, strict=True))
        if any(isinstance(value, int) and value not in _INT32 for value in values):
            # Rare (a guessed URL, a 64-bit id): Django's own path knows each column's range and
            # answers "nothing" for a value past it, where the compiled SQL would fail.
            return list(self._build(*values))
        alias = router.db_for_read(self._model)
        connection = connections[alias]
        plan = self._plans.get(connection) or self._compile(alias, connection)
        real = dict(zip(self._markers, values, strict=True))
        statement = _Statement(
            alias, connection, plan, [real.get(p, p) if isinstance(p, int | str) else p for p in plan.params]
        )
        pending = getattr(_together, "pending", None)
        if pending is not None:
            later = _Later()
            pending.append((statement, later))
            return later
        with _cursor(connection) as cursor:
            cursor.execute(plan.sql, statement.params)
            return statement.objects(cursor.fetchall())

    def _compile(self, alias: str, connection) -> "_Plan":
        queryset = self._build(*self._markers)
        compiler = queryset.query.get_compiler(using=alias, connection=connection)
        sql, params = compiler.as_sql()  # also fills compiler.select, klass_info, col_count
        if not set(self._markers) <= set(params):
            raise ValueError("a prepared queryset must filter on every value it is built with")
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(columns):
            raise ValueError("a prepared queryset cannot select a composite primary key")
        klass_info = compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        fetch_mode = queryset._fetch_mode
        plan = _Plan(
            sql=sql,
            params=tuple(params),
            compiler=compiler,
            converters=compiler.get_converters(columns),
            init_list=[column[0].target.attname for column in compiler.select[start:end]],
            model_slice=slice(start, end),
            from_db=partial(klass_info["model"].from_db, fetch_mode=fetch_mode),
            populators=get_related_populators(klass_info, compiler.select, alias, fetch_mode),
        )
        with self._lock:
            return self._plans.setdefault(connection, plan)


@dataclass(frozen=True)
class _Statement:
    alias: str
    connection: object
    plan: _Plan
    params: list

    def objects(self, rows: list[tuple]) -> list[Model]:
        """Model instances from the rows, as Django's ModelIterable makes them."""
        plan, result = self.plan, []
        if plan.converters:
            rows = plan.compiler.apply_converters(rows, plan.converters)
        for row in rows:
            obj = plan.from_db(self.alias, plan.init_list, row[plan.model_slice])
            for populator in plan.populators:
                populator.populate(row, obj)
            for name, position in plan.compiler.annotation_col_map.items():
                setattr(obj, name, row[position])
            result.append(obj)
        return result
