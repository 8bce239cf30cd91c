"""A malformed id in any admin URL is a 404 (or the admin's "doesn't exist" redirect), never a 500.

The ids are what a scanner or a mistyped link sends: text, a quote, a number past bigint (a
DataError on PostgreSQL if it reaches the database), a negative number, a NUL byte, a UUID.
"""

import pytest
from django.contrib import admin
from django.test import Client as HttpClient

from apps.core.admin import PortalModelAdmin

pytestmark = pytest.mark.django_db

BAD_IDS = ["abc", "1'", "99999999999999999999999", "-1", "%00", "0f8fad5b-d9cb-469f-a165-70867728950e"]

MODEL_PAGES = [
    f"/admin/{model._meta.app_label}/{model._meta.model_name}/{{id}}/{page}/"
    for model in admin.site._registry
    for page in ("change", "delete", "history")
]
# The portal's own admins (and the user and group admins it re-registers) answer 404 themselves;
# django-q2's and axes' admins keep Django's "doesn't exist" redirect.
OUR_MODEL_PAGES = [
    f"/admin/{model._meta.app_label}/{model._meta.model_name}/{{id}}/{page}/"
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, PortalModelAdmin)
    for page in ("change", "delete", "history")
    # The queues' change pages send on to the act's review page: tested on their own below.
    if (model._meta.model_name, page) not in {("actinreview", "change"), ("actdisputed", "change")}
]

# Our own views that take an id: each must answer 404 itself, on GET and on POST.
CUSTOM_PAGES = [
    ("get", "/admin/documents/documentrequest/{id}/retry/"),
    ("post", "/admin/documents/documentrequest/{id}/retry/"),
    ("get", "/admin/reconciliation/reconciliationact/{id}/open-review/"),
    ("get", "/admin/reconciliation/reconciliationact/{id}/review/"),
    ("get", "/admin/reconciliation/reconciliationact/{id}/pdf/"),
    ("post", "/admin/reconciliation/reconciliationact/{id}/approve/"),
    ("post", "/admin/reconciliation/reconciliationact/{id}/replace/"),
    ("post", "/admin/reconciliation/reconciliationact/{id}/reject/"),
    ("post", "/admin/reconciliation/reconciliationact/{id}/resolve/"),
    ("get", "/admin/auth/user/{id}/password/"),
]


@pytest.fixture
def http(superuser):
    # Errors come back as responses, as a visitor would see them, instead of being raised.
    client = HttpClient(raise_request_exception=False)
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("bad_id", BAD_IDS)
@pytest.mark.parametrize("page", MODEL_PAGES)
def test_a_malformed_id_on_a_model_admin_page_is_not_a_server_error(http, page, bad_id):
    response = http.get(page.format(id=bad_id))
    assert response.status_code in (302, 403, 404), response.status_code


@pytest.mark.parametrize("bad_id", BAD_IDS)
@pytest.mark.parametrize("page", OUR_MODEL_PAGES)
def test_a_malformed_id_on_the_portals_own_admin_pages_is_not_found(http, page, bad_id):
    status = http.get(page.format(id=bad_id)).status_code
    # Journals allow no deleting at all: their delete page is refused before any id is read.
    assert status == 404 or (page.endswith("/delete/") and status == 403), status


@pytest.mark.parametrize("bad_id", BAD_IDS)
@pytest.mark.parametrize(("method", "page"), CUSTOM_PAGES)
def test_a_malformed_id_on_a_custom_admin_page_is_not_found(http, method, page, bad_id):
    response = getattr(http, method)(page.format(id=bad_id))
    assert response.status_code == 404


@pytest.mark.parametrize("bad_id", BAD_IDS)
@pytest.mark.parametrize("queue", ["actinreview", "actdisputed"])
def test_the_queues_send_a_malformed_id_nowhere_bad(http, queue, bad_id):
    response = http.get(f"/admin/reconciliation/{queue}/{bad_id}/change/")
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert http.get(response["Location"]).status_code == 404


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_a_malformed_id_elsewhere_under_admin_is_not_a_server_error(http, bad_id):
    for page in (f"/admin/r/{bad_id}/{bad_id}/", f"/admin/onec/health/{bad_id}/", f"/admin/{bad_id}/"):
        assert http.get(page).status_code in (302, 404), page


def test_a_malformed_import_token_is_refused_quietly(http):
    response = http.post("/admin/clients/client/import/", {"token": "../../1'%00"})
    assert response.status_code == 302


@pytest.mark.parametrize("bad_id", [*(i for i in BAD_IDS if i != "-1"), "\x00"])  # -1 is a key, of no row
@pytest.mark.parametrize(
    ("changelist", "action"),
    [
        ("/admin/documents/documentrequest/", "retry"),
        ("/admin/mail/outgoingemail/", "resend"),
        ("/admin/clients/client/", "send_access"),
        ("/admin/clients/client/", "delete_selected"),
    ],
)
def test_a_malformed_id_in_an_action_changes_nothing(http, client_org, changelist, action, bad_id):
    data = {"action": action, "index": 0, "_selected_action": [str(client_org.id), bad_id]}
    response = http.post(changelist, data, follow=True)
    assert response.status_code == 200
    assert "Выбраны записи, которых нет: ничего не изменено." in response.content.decode()
    client_org.refresh_from_db()  # not deleted


@pytest.mark.parametrize("query", ["status__exact=%00", "q=%00", "id=%00"])
def test_a_nul_in_a_list_filter_is_a_bad_request(http, query):
    for changelist in ("/admin/mail/outgoingemail/", "/admin/django_q/success/"):
        assert http.get(f"{changelist}?{query}").status_code == 400
