from decimal import Decimal

from django import template

from apps.core.display import rubles

register = template.Library()


@register.filter
def rub(value: Decimal | None) -> str:
    """«125 000,00 ₽» (in English "125,000.00 ₽"): grouped by the language, and kept on one line."""
    return rubles(value)
