"""One id for everything a page sets off: its own log lines and those of the tasks it queues.

The id comes from an incoming `X-Request-ID` when that is a sane token (nginx's `$request_id`,
a load balancer's), else it is made here; it goes back in the response's `X-Request-ID` and
lives in a context variable that the log formatters read (apps/core/logs.py).

Tasks carry it through django-q2's own hooks, so no caller of `async_task` has to remember it:
`pre_enqueue` writes the id of the page (or task) that queues into the task's package, and
`pre_execute` makes it the worker's id while the task runs. A task queued with none (a
schedule's) gets an id of its own, which the e-mails it queues then share. The thread pools
that fetch from 1C for a page or a task are `request_id_thread_pool`s: a new thread starts
with no context variables of its own.
"""

import contextvars
import re
import uuid
from concurrent.futures import ThreadPoolExecutor

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
TASK_KEY = "portal_request_id"  # in django-q2's task package
_PREVIOUS_KEY = "portal_request_id_previous"  # a worker's id before the task, restored after it
_SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("portal_request_id", default=None)


def request_id_get() -> str | None:
    return _current.get()


def request_id_new() -> str:
    return uuid.uuid4().hex


def request_id_clean(value: str) -> str | None:
    """The value if it can go into a log line and a header as it is, else None."""
    return value if _SANE.fullmatch(value) else None


def request_id_thread_pool(**kwargs) -> ThreadPoolExecutor:
    """A ThreadPoolExecutor whose threads log under the id of the page or task that made it."""
    return ThreadPoolExecutor(initializer=_current.set, initargs=(request_id_get(),), **kwargs)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_clean(request.headers.get(HEADER, "")) or request_id_new()
        # Not reset on the way out: Django logs a 4xx or 5xx («Not Found: /x») after the last
        # middleware has returned, and a streamed download is read later still. The id is
        # forgotten when the server closes the response (request_id_forget).
        _current.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def request_id_forget(sender, **kwargs) -> None:
    """request_finished, connected in CoreConfig.ready: the request is over, and so is its id."""
    _current.set(None)


# --- django-q2's signals, connected in CoreConfig.ready -----------------------------------------


def task_request_id_attach(sender, task: dict, **kwargs) -> None:
    """pre_enqueue: the queuing page's (or task's) id goes into the package."""
    if request_id := request_id_get():
        task[TASK_KEY] = request_id


def task_request_id_enter(sender, task: dict, **kwargs) -> None:
    """pre_execute: the task logs under the id it was queued with, or one of its own."""
    task[_PREVIOUS_KEY] = request_id_get()
    _current.set(task.get(TASK_KEY) or request_id_new())


def task_request_id_leave(sender, task: dict, **kwargs) -> None:
    """post_execute_in_worker: back to the id from before, which a task run inline must find."""
    _current.set(task.pop(_PREVIOUS_KEY, None))
