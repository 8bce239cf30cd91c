from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def rub(value: Decimal | None) -> str:
    """«125 000,00 ₽» (in English "125,000.00 ₽"): grouped by the language, and kept on one line."""
    if value is None or value == "":
        return ""
    return f"{floatformat(value, '2g')}\u00a0₽"
