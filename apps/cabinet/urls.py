from django.urls import path

from apps.cabinet.views import acts, documents, home, invitation, language, people, questions, retry, security, switch
from apps.cabinet.views import claims as claims_views
from apps.cabinet.views import notices as notices_views
from apps.cabinet.views import orders as orders_views
from apps.cabinet.views import payments as payments_views
from apps.cabinet.views import register as register_views
from apps.cabinet.views import settlements as settlements_views
from apps.cabinet.views import shipments as shipments_views

app_name = "cabinet"

urlpatterns = [
    path("", home.home, name="home"),
    path("language/", language.language_switch, name="language"),
    path("security/", security.security_page, name="security"),
    path("documents/invoices/", documents.request_form, {"kind_slug": "invoice"}, name="documents_invoice"),
    path("documents/closing/", documents.request_form, {"kind_slug": "closing"}, name="documents_closing"),
    path("documents/requests/<int:request_id>/", documents.request_detail, name="document_request"),
    path("documents/requests/<int:request_id>/again/", retry.request_again, name="document_request_again"),
    path("documents/requests/<int:request_id>/archive/", documents.archive_download, name="archive_download"),
    path("documents/", register_views.register_page, name="register"),
    path("documents/selected/", register_views.register_archive, name="register_archive"),
    path("documents/file/<str:document_id>/", register_views.register_file, name="register_file"),
    path("acts/new/", acts.act_order, name="act_order"),
    path("acts/<int:act_id>/", acts.act_detail, name="act_detail"),
    path("acts/<int:act_id>/answer/", acts.act_answer, name="act_answer"),
    path("acts/<int:act_id>/pdf/", acts.act_pdf, name="act_pdf"),
    path("acts/<int:act_id>/answers/<int:answer_id>/file/", acts.act_answer_file, name="act_answer_file"),
    path("questions/new/", questions.question_ask, name="question_ask"),
    path("questions/", questions.question_list, name="question_list"),
    path("notices/", notices_views.notice_settings, name="notices"),
    path("notices/unsubscribe/<str:token>/", notices_views.notices_unsubscribe, name="notices_unsubscribe"),
    path("settlements/", settlements_views.settlements_page, name="settlements"),
    path("settlements/panel/", settlements_views.settlements_panel, name="settlements_panel"),
    path("settlements/open-invoices.xlsx", settlements_views.settlements_xlsx, name="settlements_xlsx"),
    # Paying open invoices (issue 23). An invoice's id is 1C's and may hold «/», so it is a path
    # ending before «qr/» or «qr.png».
    path("settlements/payment-orders/", payments_views.payment_orders, name="payment_orders"),
    path("settlements/payer-account/", payments_views.payer_account, name="payer_account"),
    path("settlements/invoices/<path:invoice_id>/qr/", payments_views.payment_qr, name="payment_qr"),
    path("settlements/invoices/<path:invoice_id>/qr.png", payments_views.payment_qr_png, name="payment_qr_png"),
    path("shipments/", shipments_views.shipment_list, name="shipments"),
    path("shipments/<str:shipment_id>/pack/", shipments_views.shipment_pack, name="shipment_pack"),
    path("certificates/<str:document_id>/", shipments_views.certificate_download, name="certificate_download"),
    # Quality claims, filed from a shipment (the period of the shipments page comes along)
    path("claims/", claims_views.claim_list, name="claims"),
    path("claims/new/<str:shipment_id>/", claims_views.claim_new, name="claim_new"),
    path("claims/<int:claim_id>/", claims_views.claim_detail, name="claim_detail"),
    path("claims/<int:claim_id>/files/<int:file_id>/", claims_views.claim_file, name="claim_file"),
    path(
        "claims/<int:claim_id>/files/<int:file_id>/preview/",
        claims_views.claim_file_preview,
        name="claim_file_preview",
    ),
    # Orders (contract v1.2). An id may hold «/»: the detail takes the rest of the path, so the
    # panel lives outside "orders/" where no order id could shadow it.
    path("orders/", orders_views.order_list, name="orders"),
    path("orders-panel/", orders_views.orders_panel, name="orders_panel"),
    path("orders/<path:order_id>/", orders_views.order_detail, name="order_detail"),
    # People and roles (issue 13)
    path("organisation/", switch.switch_organisation, name="switch_organisation"),
    path("people/", people.people_page, name="people"),
    path("people/invite/", people.people_invite, name="people_invite"),
    path("people/two-factor/", people.people_two_factor, name="people_two_factor"),
    path("people/language/", people.people_language, name="people_language"),
    path(
        "people/invitations/<int:invitation_id>/resend/",
        people.people_invitation_resend,
        name="people_invitation_resend",
    ),
    path(
        "people/invitations/<int:invitation_id>/revoke/",
        people.people_invitation_revoke,
        name="people_invitation_revoke",
    ),
    path("people/<int:membership_id>/role/", people.people_role, name="people_role"),
    path("people/<int:membership_id>/access/", people.people_active, name="people_active"),
    path("invitation/<str:token>/", invitation.invitation_accept, name="invitation"),
]
