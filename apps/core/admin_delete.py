"""Django's «delete selected» in Russian that agrees: «Удалить выбранных клиентов», not «…выбранные клиенты».

Django builds the action's name, its confirmation and its message from verbose_name_plural,
a nominative: right for things («Удалить выбранные письма»), wrong for people, whose accusative
is the genitive. The portal's lists get the action through PortalModelAdmin.get_actions: the
same Django action inside, with those words put right.
"""

from dataclasses import replace

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.utils.translation import gettext_lazy as _

# Lists of people: the action's name and the confirmation's «удалить …?».
PEOPLE = {
    "clients.client": (_("Удалить выбранных клиентов"), _("выбранных клиентов")),
    "auth.user": (_("Удалить выбранных пользователей"), _("выбранных пользователей")),
}
_DELETING = "_portal_deleting"


def deleting(request) -> bool:
    """True while the action runs: Django's own «Успешно удалены 5 клиенты» is left unsaid."""
    return getattr(request, _DELETING, False)


def with_portal_delete(actions: dict, label: str) -> dict:
    action = actions.get("delete_selected")
    if action is not None:
        words = {"description": PEOPLE[label][0], "plural_description": PEOPLE[label][0]} if label in PEOPLE else {}
        actions["delete_selected"] = replace(action, func=delete_selected, **words)
    return actions


@admin.action(permissions=["delete"])
def delete_selected(modeladmin, request, queryset):
    count = queryset.count()
    said = modeladmin.deleted_message(count)
    setattr(request, _DELETING, said is not None)
    try:
        response = django_delete_selected(modeladmin, request, queryset)
    finally:
        setattr(request, _DELETING, False)
    if response is None:
        if request.POST.get("post") and count and said is not None:
            modeladmin.message_user(request, said, messages.SUCCESS)
        return None
    label = modeladmin.opts.label_lower
    context = getattr(response, "context_data", None)
    # The question «Вы уверены, что хотите удалить выбранных клиентов?»; a refusal (related rows
    # that may not go) keeps Django's sentence, which declines the name differently.
    if label in PEOPLE and context is not None and not (context.get("perms_lacking") or context.get("protected")):
        context["objects_name"] = str(PEOPLE[label][1])
    return response
