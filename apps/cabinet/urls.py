from django.urls import path

from apps.cabinet.views import acts, documents, home, language, questions, retry

app_name = "cabinet"

urlpatterns = [
    path("", home.home, name="home"),
    path("language/", language.language_switch, name="language"),
    path("documents/invoices/", documents.request_form, {"kind_slug": "invoice"}, name="documents_invoice"),
    path("documents/closing/", documents.request_form, {"kind_slug": "closing"}, name="documents_closing"),
    path("documents/requests/<int:request_id>/", documents.request_detail, name="document_request"),
    path("documents/requests/<int:request_id>/again/", retry.request_again, name="document_request_again"),
    path("documents/requests/<int:request_id>/archive/", documents.archive_download, name="archive_download"),
    path("acts/new/", acts.act_order, name="act_order"),
    path("acts/<int:act_id>/", acts.act_detail, name="act_detail"),
    path("questions/new/", questions.question_ask, name="question_ask"),
    path("questions/", questions.question_list, name="question_list"),
]
