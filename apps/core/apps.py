from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = _("Журнал действий")

    def ready(self):
        from django.core.signals import request_finished
        from django_q.signals import post_execute_in_worker, post_spawn, pre_enqueue, pre_execute

        from apps.core import request_id
        from apps.core.metrics import login_signals_connect
        from apps.core.warmup import warm_worker

        post_spawn.connect(warm_worker, dispatch_uid="portal-warm-worker")
        # A request's log lines carry its id, and a task's the id of the page that queued it.
        request_finished.connect(request_id.request_id_forget, dispatch_uid="portal-request-id-forget")
        pre_enqueue.connect(request_id.task_request_id_attach, dispatch_uid="portal-request-id-attach")
        pre_execute.connect(request_id.task_request_id_enter, dispatch_uid="portal-request-id-enter")
        post_execute_in_worker.connect(request_id.task_request_id_leave, dispatch_uid="portal-request-id-leave")
        login_signals_connect()
