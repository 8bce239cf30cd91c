from django.urls import path

from apps.cabinet.views import home, language

app_name = "cabinet"

urlpatterns = [
    path("", home.home, name="home"),
    path("language/", language.language_switch, name="language"),
]
