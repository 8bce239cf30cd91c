from django.views.decorators.http import require_POST
from django.views.i18n import set_language


@require_POST
def language_switch(request):
    """The Rus/Eng switch: Django's set_language, the person's own pages in a cookie of their
    browser (kept for their next login there, apps/clients/adapter.py).

    It never changes the organisation's language: archives, acts and notices keep the language
    the organisation's administrator set on «Сотрудники», whoever pressed the switch.
    """
    return set_language(request)
