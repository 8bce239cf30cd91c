"""The staff admin's theme (django-unfold): the company's name and a warm brick palette."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


def _may_view(url_name: str):
    """A sidebar link is shown only to staff who may open the list it leads to."""

    def permission(request) -> bool:
        if url_name == "admin:index":
            return True
        app_label, model_name = url_name.removeprefix("admin:").removesuffix("_changelist").split("_", 1)
        model_admin = _model_admin(app_label, model_name)
        return model_admin is not None and model_admin.has_view_permission(request)

    return permission


def _model_admin(app_label: str, model_name: str):
    from django.apps import apps
    from django.contrib import admin

    try:
        return admin.site.get_model_admin(apps.get_model(app_label, model_name))
    except (LookupError, admin.sites.NotRegistered):
        return None


def _item(title, icon: str, url_name: str) -> dict:
    return {"title": title, "icon": icon, "link": reverse_lazy(url_name), "permission": _may_view(url_name)}


UNFOLD = {
    "SITE_TITLE": _("Личный кабинет клиента — администрирование"),
    "SITE_HEADER": _("Подольскогнеупор"),
    "SITE_SUBHEADER": _("Личный кабинет клиента"),
    "SITE_SYMBOL": "local_fire_department",
    "SITE_URL": reverse_lazy("cabinet:home"),
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": False,
    "SHOW_LANGUAGES": True,
    "BORDER_RADIUS": "6px",
    "COLORS": {
        "primary": {
            "50": "oklch(97.1% .013 17.38)",
            "100": "oklch(93.6% .032 17.717)",
            "200": "oklch(88.5% .062 18.334)",
            "300": "oklch(80.8% .114 19.571)",
            "400": "oklch(70.4% .191 22.216)",
            "500": "oklch(63.7% .237 25.331)",
            "600": "oklch(57.7% .245 27.325)",
            "700": "oklch(50.5% .213 27.518)",
            "800": "oklch(44.4% .177 26.899)",
            "900": "oklch(39.6% .141 25.723)",
            "950": "oklch(25.8% .092 26.042)",
        },
    },
    "SITE_DROPDOWN": [
        {"icon": "monitor_heart", "title": _("Связь с 1С"), "link": reverse_lazy("onec:health")},
    ],
    # The admin's front page is the staff workspace (acts, questions, requests, e-mails, 1C).
    "DASHBOARD_CALLBACK": "apps.workspace.dashboard.dashboard_callback",
    "SIDEBAR": {
        "show_search": True,
        # Every other app (django-axes, django-q2) stays reachable under "all applications".
        "show_all_applications": True,
        "navigation": [
            {
                "title": _("Работа"),
                "items": [
                    _item(_("Рабочее место"), "space_dashboard", "admin:index"),
                    _item(_("Акты на проверке"), "fact_check", "admin:reconciliation_actinreview_changelist"),
                    _item(_("Расхождения в актах"), "rule", "admin:reconciliation_actdisputed_changelist"),
                    _item(_("Претензии на рассмотрении"), "report", "admin:claims_claimopen_changelist"),
                    _item(_("Вопросы"), "contact_support", "admin:questions_question_changelist"),
                    _item(_("Запросы документов"), "folder_zip", "admin:documents_documentrequest_changelist"),
                    _item(_("Акты сверки"), "receipt_long", "admin:reconciliation_reconciliationact_changelist"),
                    _item(_("Письма"), "mail", "admin:mail_outgoingemail_changelist"),
                ],
            },
            {
                "title": _("Клиенты"),
                "items": [
                    _item(_("Клиенты"), "business", "admin:clients_client_changelist"),
                    _item(_("Письма с доступом"), "key", "admin:clients_accessletter_changelist"),
                    _item(_("Смены e-mail"), "alternate_email", "admin:clients_clientemailchange_changelist"),
                    _item(_("Претензии"), "report_problem", "admin:claims_claim_changelist"),
                    _item(_("Расчётные счета клиентов"), "account_balance", "admin:payments_payeraccount_changelist"),
                ],
            },
            {
                "title": _("Система"),
                "collapsible": True,
                "items": [
                    {"title": _("Связь с 1С"), "icon": "monitor_heart", "link": reverse_lazy("onec:health")},
                    _item(_("Журнал действий"), "history", "admin:core_auditentry_changelist"),
                    _item(_("Пульс фоновых задач"), "ecg_heart", "admin:core_heartbeat_changelist"),
                    _item(_("Пользователи"), "person", "admin:auth_user_changelist"),
                    _item(_("Группы"), "group", "admin:auth_group_changelist"),
                ],
            },
        ],
    },
}
