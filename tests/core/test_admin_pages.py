"""Every admin page staff can open renders: the list, a search, and each object's page."""

from datetime import date

import pytest
from django.contrib import admin

from apps.documents import services as documents
from apps.questions.models import Question

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def some_of_everything(client_org, fake_onec, staff_user):
    fake_onec.add_document(client_org.inn, "Invoice", date(2026, 1, 5))
    documents.document_request_create(
        client=client_org, kind="Invoice", date_from=date(2026, 1, 1), date_to=date(2026, 1, 31), email="a@b.example"
    )
    fake_onec.set_down()
    documents.document_request_create(
        client=client_org, kind="Closing", date_from=date(2026, 1, 1), date_to=date(2026, 1, 31), email="a@b.example"
    )
    Question.objects.create(
        client=client_org, name="ООО «Профкерамика»", text="<b>Когда отгрузка?</b>", email="a@b.example"
    )


def test_every_admin_changelist_and_change_page_renders(client, superuser, some_of_everything):
    client.force_login(superuser)
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        base = f"/admin/{meta.app_label}/{meta.model_name}/"
        response = client.get(base, {"q": "5036012344"} if model_admin.search_fields else {})
        assert response.status_code == 200, base
        for pk in model._default_manager.values_list("pk", flat=True)[:3]:
            page = f"{base}{pk}/change/"
            assert client.get(page).status_code == 200, page


def test_every_model_of_the_portal_is_in_the_admin():
    from django.apps import apps

    ours = [m for m in apps.get_models() if m.__module__.startswith("apps.")]
    missing = [m.__name__ for m in ours if m not in admin.site._registry]
    assert missing == []
