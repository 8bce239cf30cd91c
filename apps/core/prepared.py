"""Hot reads compiled once per process.

Django compiles a queryset's SQL anew each time it runs. For the few small reads on every
cabinet page that compiling costs several times the query itself (measured in process: about
0.3 ms to compile against 0.03 ms for SQLite to answer), so a `PreparedQuery` compiles its
queryset once per database with markers in place of the values that change (a client's id, a
request's id), and runs that SQL with the real values. Rows come back as model instances, as from the queryset.
"""

import threading
from collections.abc import Callable

from django.db import router
from django.db.models import Model, QuerySet

# Stand in for the values while compiling; no row has such an id.
_MARKERS = (-7_310_000_017, -7_310_000_019, -7_310_000_023)


class PreparedQuery:
    def __init__(self, model: type[Model], build: Callable[..., QuerySet], arity: int = 1):
        """`build(*values)` returns the queryset of `model` for `arity` integer values."""
        self._model = model
        self._build = build
        self._markers = _MARKERS[:arity]
        self._compiled: dict[str, tuple[str, tuple]] = {}
        self._lock = threading.Lock()

    def __call__(self, *values: int) -> list[Model]:
        values = tuple(int(value) for value in values)
        if any(not -(2**63) <= value < 2**63 for value in values):
            return []  # no row has an id past bigint (a guessed URL), and the driver would raise
        alias = router.db_for_read(self._model)
        compiled = self._compiled.get(alias)
        if compiled is None:
            compiled = self._compile(alias)
        sql, params = compiled
        real = dict(zip(self._markers, values, strict=True))
        return list(
            self._model._default_manager.db_manager(alias).raw(
                sql, [real.get(p, p) if isinstance(p, int) else p for p in params]
            )
        )

    def _compile(self, alias: str) -> tuple[str, tuple]:
        sql, params = self._build(*self._markers).query.get_compiler(using=alias).as_sql()
        if not set(self._markers) <= set(params):
            raise ValueError("a prepared queryset must filter on every value it is built with")
        with self._lock:
            return self._compiled.setdefault(alias, (sql, tuple(params)))
