import re
from datetime import date

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, router
from django.db.models import Field, Model
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from unfold.admin import ModelAdmin, TabularInline
from unfold.contrib.filters.admin import AutocompleteSelectFilter, FieldTextFilter, RangeDateFilter
from unfold.decorators import display
from unfold.views import ChangeList

from apps.core.admin_delete import deleting, with_portal_delete
from apps.core.audit_labels import ACTION_LABELS, audit_action_label
from apps.core.models import AuditEntry, Heartbeat

admin.site.index_title = _("Личный кабинет клиента")
# django-axes names its app by its label, in English on the admin's index; only the name is
# changed (an AppConfig's verbose_name is no part of any migration).
apps.get_app_config("axes").verbose_name = _("Защита входа сотрудников")
_WHOLE_INN = re.compile(r"\d{10}|\d{12}", re.ASCII)

# The count under each list in Russian plural forms («1 клиент», «2 клиента», «5 клиентов»):
# a verbose_name_plural cannot be declined by number, so each list names its rows here.
COUNT_PHRASES = {
    "auth.user": ngettext_lazy("%(count)s пользователь", "%(count)s пользователей", "count"),
    "auth.group": ngettext_lazy("%(count)s группа", "%(count)s групп", "count"),
    "clients.client": ngettext_lazy("%(count)s клиент", "%(count)s клиентов", "count"),
    "clients.accessletter": ngettext_lazy("%(count)s письмо с доступом", "%(count)s писем с доступом", "count"),
    "clients.clientemailchange": ngettext_lazy("%(count)s смена e-mail", "%(count)s смен e-mail", "count"),
    "core.auditentry": ngettext_lazy("%(count)s запись журнала", "%(count)s записей журнала", "count"),
    "core.heartbeat": ngettext_lazy("%(count)s запись пульса", "%(count)s записей пульса", "count"),
    "documents.documentrequest": ngettext_lazy("%(count)s запрос документов", "%(count)s запросов документов", "count"),
    "documents.documentdownload": ngettext_lazy("%(count)s скачивание", "%(count)s скачиваний", "count"),
    "notices.noticesubscription": ngettext_lazy("%(count)s подписка", "%(count)s подписок", "count"),
    "notices.announceddocument": ngettext_lazy(
        "%(count)s сообщённый документ", "%(count)s сообщённых документов", "count"
    ),
    "mail.outgoingemail": ngettext_lazy("%(count)s письмо", "%(count)s писем", "count"),
    "questions.question": ngettext_lazy("%(count)s вопрос", "%(count)s вопросов", "count"),
    "reconciliation.reconciliationact": ngettext_lazy("%(count)s акт сверки", "%(count)s актов сверки", "count"),
    "reconciliation.reconciliationactanswer": ngettext_lazy(
        "%(count)s ответ клиента", "%(count)s ответов клиентов", "count"
    ),
    "reconciliation.actinreview": ngettext_lazy("%(count)s акт на проверке", "%(count)s актов на проверке", "count"),
    "claims.claim": ngettext_lazy("%(count)s претензия", "%(count)s претензий", "count"),
    "claims.claimopen": ngettext_lazy(
        "%(count)s претензия на рассмотрении", "%(count)s претензий на рассмотрении", "count"
    ),
    "claims.claimline": ngettext_lazy("%(count)s позиция претензии", "%(count)s позиций претензий", "count"),
    "claims.claimfile": ngettext_lazy("%(count)s файл претензии", "%(count)s файлов претензий", "count"),
    "claims.claimcounter": ngettext_lazy("%(count)s счётчик номеров", "%(count)s счётчиков номеров", "count"),
    "payments.payeraccount": ngettext_lazy(
        "%(count)s расчётный счёт клиента", "%(count)s расчётных счетов клиентов", "count"
    ),
}


class PortalChangeList(ChangeList):
    @property
    def count_label(self) -> str:
        """«5 клиентов» for templates/admin/pagination.html; empty for a list not named above."""
        phrase = COUNT_PHRASES.get(self.opts.label_lower)
        return "" if phrase is None else phrase % {"count": self.result_count}


def key_or_none(model: type[Model], value: str, *, field: Field | None = None) -> object | None:
    """`value` as a key of `model`, or None when it cannot name a row.

    Text where a number belongs, a quote, a UUID or a NUL fail the field's own conversion; a
    number past the column's range (bigint) would reach PostgreSQL as a DataError in `in`
    lookups and SQLite as an OverflowError, so it is refused here too.
    """
    field = field or model._meta.pk
    try:
        key = field.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return None
    if isinstance(key, str) and "\x00" in key:
        return None
    if isinstance(key, int):
        connection = connections[router.db_for_read(model)]
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        if (low is not None and key < low) or (high is not None and key > high):
            return None
    return key


def admin_object_or_404(model_admin: ModelAdmin, request: HttpRequest, object_id: str) -> Model:
    """The object a custom admin view is about, seen through its admin: 404 for any id naming none."""
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None:
        raise Http404
    if not model_admin.has_view_permission(request, obj):
        raise PermissionDenied
    return obj


class AutocompleteKeyFilter(AutocompleteSelectFilter):
    """A related object picked by typing (a drop-down would list all 10,000 clients).

    The chosen value is looked up to show its name; one that cannot name a row shows nothing
    (and the list is empty) rather than reaching the database as an overflowing `in` lookup.
    """

    def value(self) -> str | None:
        value = super().value()
        return value if key_or_none(self.field.related_model, value) is not None else None


def _day_or_none(value) -> date | None:
    try:  # a form's DateField reads the active language's formats, as the calendar writes them
        return forms.DateField().to_python(value) if isinstance(value, str) else None
    except ValidationError:
        return None


class DayRangeFilter(RangeDateFilter):
    """«с … по …» on a moment's field, by the staff member's calendar days, both days included.

    unfold's filter reads the dates only in settings' formats (the calendar writes 07.12.2026 in
    Russian, which it ignored) and compares the moment with midnight at the start of the «по»
    day (leaving that whole day out, with Django's warning of a naive datetime).
    """

    def queryset(self, request: HttpRequest, queryset):
        days = {}
        for end, lookup in (("from", "gte"), ("to", "lte")):
            value = self.used_parameters.get(f"{self.parameter_name}_{end}")
            day = _day_or_none(value)
            if day is not None:
                days[f"{self.parameter_name}__date__{lookup}"] = day
        return queryset.filter(**days)


class PortalModelAdmin(ModelAdmin):
    """unfold's ModelAdmin for every admin of the portal; ids that name no row are never a 500.

    The lists count only what they show: a filtered or searched page does not count the whole
    table a second time for "N of M" (at 100,000 rows that count is the page's slowest query).
    """

    show_full_result_count = False
    # The path to the organisation's INN ("client__inn") on lists of clients' rows; see get_search_results.
    inn_lookup: str | None = None

    def get_changelist(self, request, **kwargs):
        return PortalChangeList

    def get_object(self, request, object_id, from_field=None):
        field = None if from_field is None else self.model._meta.get_field(from_field)
        if key_or_none(self.model, object_id, field=field) is None:
            return None
        return super().get_object(request, object_id, from_field)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django sends an id that names no row (malformed, or deleted) back to the index with a
        # message; a link to a page that is not there is a 404, as anywhere else in the portal.
        raise Http404(f"{opts.verbose_name} {object_id!r} does not exist")

    def get_search_results(self, request, queryset, search_term):
        # A whole INN names one organisation: found through the INN's unique index. Searched as
        # text in every field, it walked all 100,000 requests newest first for a client's ten.
        term = search_term.strip()
        if self.inn_lookup and _WHOLE_INN.fullmatch(term):
            return queryset.filter(**{self.inn_lookup: term}), False
        return super().get_search_results(request, queryset, search_term)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        return with_portal_delete(actions, self.opts.label_lower)

    def deleted_message(self, count: int) -> str | None:
        """«Удалено: 5 клиентов.» for a list named in COUNT_PHRASES; None: Django's own words."""
        phrase = COUNT_PHRASES.get(self.opts.label_lower)
        return None if phrase is None else _("Удалено: %(what)s.") % {"what": phrase % {"count": count}}

    def message_user(self, request, *args, **kwargs) -> None:
        if not deleting(request):
            super().message_user(request, *args, **kwargs)

    def response_action(self, request, queryset, *args, **kwargs):
        # Django filters `pk__in=` the posted ids as they are: "abc" is a ValueError there.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if any(key_or_none(self.model, value) is None for value in selected):
            self.message_user(request, _("Выбраны записи, которых нет: ничего не изменено."), messages.WARNING)
            return None
        return super().response_action(request, queryset, *args, **kwargs)


class ReadOnlyInline(TabularInline):
    """A journal shown under its parent: every listed field read-only, nothing added or deleted.

    `related` names what each row's columns and title read, selected with the rows (not a query per row).
    """

    extra = 0
    can_delete = False
    related: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.related)


class ReadOnlyAdmin(PortalModelAdmin):
    """A journal: rows are written by the code that records them, never by hand."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ActionFilter(admin.SimpleListFilter):
    """The actions staff can pick, by their Russian names: a fixed list, not the journal's distinct values."""

    title = _("действие")
    parameter_name = "action__exact"

    def lookups(self, request, model_admin):
        return sorted(ACTION_LABELS.items(), key=lambda item: str(item[1]))

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class ContentTypeFilter(admin.RelatedFieldListFilter):
    """The kind of object an entry is about (the field has no Russian name of its own)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("вид объекта")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Everything that happened, newest first; each object's page shows its own slice too."""

    list_display = ["created_at", "action_label", "object_kind", "object_number", "actor"]
    # No date_hierarchy and no list of every distinct action: both read the whole journal on
    # each page. An action is picked by name from a fixed list, or typed (part of its key);
    # "created_at" keeps the quick date ranges.
    list_filter = [ActionFilter, ("action", FieldTextFilter), ("content_type", ContentTypeFilter), "created_at"]
    list_filter_submit = True
    # object_id as a number, not as text containing the digits: "42" finds object 42 only.
    search_fields = ["action", "object_id__exact", "actor__username"]
    ordering = ["-created_at"]
    list_select_related = ["content_type", "actor"]
    fields = readonly_fields = [
        "created_at",
        "action_label",
        "action_key",
        "content_type",
        "object_id",
        "actor",
        "data",
    ]

    @display(description=_("действие"), ordering="action")
    def action_label(self, obj: AuditEntry) -> str:
        return audit_action_label(obj.action)

    @display(description=_("вид объекта"), ordering="content_type")
    def object_kind(self, obj: AuditEntry) -> str:
        return str(obj.content_type.model_class()._meta.verbose_name) if obj.content_type.model_class() else "—"

    @display(description=_("номер объекта"), ordering="object_id")
    def object_number(self, obj: AuditEntry) -> int:
        return obj.object_id

    @display(description=_("код действия"))
    def action_key(self, obj: AuditEntry) -> str:
        return obj.action


@admin.register(Heartbeat)
class HeartbeatAdmin(ReadOnlyAdmin):
    """When each worker cluster last ran its heartbeat task: what /healthz checks, for staff."""

    list_display = ["cluster", "seen_at"]
    readonly_fields = ["cluster", "seen_at"]
