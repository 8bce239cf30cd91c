from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminRadioSelectWidget, UnfoldAdminTextareaWidget

from apps.claims.models import Claim


class ClaimDecisionForm(forms.Form):
    """Staff's decision on a claim in work, with the answer the client reads."""

    decision = forms.ChoiceField(
        label=_("Решение"),
        choices=[
            (Claim.Status.SATISFIED, _("Удовлетворена")),
            (Claim.Status.PARTIAL, _("Частично")),
            (Claim.Status.REJECTED, _("Отклонена")),
        ],
        widget=UnfoldAdminRadioSelectWidget,
        error_messages={"required": _("Выберите решение по претензии.")},
    )
    answer = forms.CharField(
        label=_("Ответ клиенту"),
        max_length=4000,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 6}),
        help_text=_("Клиент получит этот текст по e-mail и увидит его на странице претензии."),
        error_messages={"required": _("Напишите клиенту, что решено и почему.")},
    )
