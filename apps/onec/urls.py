from django.urls import path

from apps.onec import views

app_name = "onec"
urlpatterns = [path("health/", views.onec_health, name="health")]
