from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = _("Журнал действий")

    def ready(self):
        from django_q.signals import post_spawn

        from apps.core.warmup import warm_worker

        post_spawn.connect(warm_worker, dispatch_uid="portal-warm-worker")
