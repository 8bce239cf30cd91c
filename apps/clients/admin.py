from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from apps.clients.models import Client

User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(BaseUserAdmin, ModelAdmin):
    """Django's user admin in unfold's look; clients' logins show up here too."""

    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    list_display = ["username", "email", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin, ModelAdmin):
    pass


@admin.register(Client)
class ClientAdmin(ModelAdmin):
    list_display = ["name", "inn", "kpp", "email", "phone", "language", "is_active", "last_login"]
    list_filter = ["is_active", "language"]
    search_fields = ["inn", "name", "email", "kpp"]
    readonly_fields = ["user", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "inn", "kpp"]}),
        (_("Контакты"), {"fields": ["email", "phone", "language"]}),
        (_("Доступ"), {"fields": ["is_active", "user", "created_at", "updated_at"]}),
    ]
    list_select_related = ["user"]

    @admin.display(description=_("последний вход"), ordering="user__last_login")
    def last_login(self, obj: Client):
        return obj.user.last_login

    def has_add_permission(self, request) -> bool:
        # A client needs its login created with it; staff add clients by the Excel import
        # or the import command, which do both in one service call.
        return False
