from django.apps import AppConfig


class OnecConfig(AppConfig):
    name = "apps.onec"
