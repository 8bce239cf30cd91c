"""Hot reads compiled once per process.

Django compiles a queryset's SQL anew each time it runs. For the few small reads on every
cabinet page that compiling costs several times the query itself (measured in process: about
0.3 ms to compile against 0.03 ms for SQLite to answer), so a `PreparedQuery` compiles its
queryset once per database with a marker in place of the one value that changes, and runs that
SQL with the real value. Rows come back as model instances, as from the queryset.
"""

import threading
from collections.abc import Callable

from django.db import router
from django.db.models import Model, QuerySet

_MARKER = -7_310_000_017  # stands in for the value while compiling; no row has it


class PreparedQuery:
    def __init__(self, model: type[Model], build: Callable[[int], QuerySet]):
        """`build(value)` returns the queryset of `model` for one value (e.g. a client's id)."""
        self._model = model
        self._build = build
        self._compiled: dict[str, tuple[str, tuple]] = {}
        self._lock = threading.Lock()

    def __call__(self, value: int) -> list[Model]:
        alias = router.db_for_read(self._model)
        compiled = self._compiled.get(alias)
        if compiled is None:
            compiled = self._compile(alias)
        sql, params = compiled
        return list(
            self._model._default_manager.db_manager(alias).raw(sql, [value if p == _MARKER else p for p in params])
        )

    def _compile(self, alias: str) -> tuple[str, tuple]:
        sql, params = self._build(_MARKER).query.get_compiler(using=alias).as_sql()
        if _MARKER not in params:
            raise ValueError("a prepared queryset must filter on the value it is built with")
        with self._lock:
            return self._compiled.setdefault(alias, (sql, tuple(params)))
