"""The staff admin's theme (django-unfold): the company's name and a warm brick palette."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

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
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": True,
    },
}
