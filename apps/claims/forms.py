"""The claim form in the cabinet: what is wrong, which products, what the client wants, the files.

A bad claim comes back with every word the person typed and a message per field; nothing is
stored until the whole form holds. Files cannot be kept by a browser across a refused form:
the page says to choose them again.
"""

import uuid

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from apps.claims.models import Claim, ClaimLine
from apps.claims.services import DESCRIPTION_MAX_LENGTH, FILES_MAX, LINES_MAX, ClaimLineData
from apps.claims.uploads import FILE_MAX_MB, ClaimUpload, claim_upload_check

# What one request may carry: every file at its limit. The proxy in front takes a claim form's body
# up to 105 MB (deploy/nginx/portal.conf, its /claims/new/ location; 25 MB elsewhere), so ten
# phone photos of 4–8 MB each go in one form, as the client expects.
FILES_TOTAL_MB = FILES_MAX * FILE_MAX_MB
_ACCEPT = "image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf"
# The countdown's words, one per plural form (1, 2, 5 знак/знака/знаков), as the question form's.
_COUNTER_FORMS = {"one": 1, "few": 2, "many": 5}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; `clean` gives the list of uploads."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not uploads:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(item, initial) for item in uploads]


class ClaimForm(forms.Form):
    # The form's key (Claim.token); a request without one simply files without the double-send guard.
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    description = forms.CharField(
        label=_("Что не так"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Опишите, что не так с продукцией.")},
    )
    outcome = forms.ChoiceField(
        label=_("Что вы просите"),
        choices=Claim.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Выберите, что вы просите: замену, возврат, уценку или другое.")},
    )
    files = MultipleFileField(
        label=_("Фото или PDF"),
        widget=MultipleFileInput(attrs={"accept": _ACCEPT}),
        error_messages={"required": _("Приложите хотя бы одно фото или PDF."), "empty": _("Файл пустой.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted here, in the request's language: a lazy string formatted at import is fixed in one.
        self.fields["files"].help_text = gettext(
            "До %(count)d файлов: фото JPEG или PNG и PDF, каждый до %(mb)d МБ, вместе до %(total)d МБ."
        ) % {"count": FILES_MAX, "mb": FILE_MAX_MB, "total": FILES_TOTAL_MB}
        # The same words for the script that checks the files as they are chosen (claim_form.js).
        self.fields["files"].widget.attrs.update(
            {
                "data-max-count": FILES_MAX,
                "data-max-mb": FILE_MAX_MB,
                "data-total-mb": FILES_TOTAL_MB,
                "data-too-many": _too_many(),
                "data-too-big": _too_big("%(name)s"),
                "data-too-big-together": _too_big_together(),
            }
        )
        _count_down(self.fields["description"], DESCRIPTION_MAX_LENGTH)

    def clean_description(self) -> str:
        # A browser sends a line break as CR LF but counts it (and its maxlength) as one.
        value = self.cleaned_data["description"].replace("\r\n", "\n").strip()
        if len(value) > DESCRIPTION_MAX_LENGTH:
            # Refused whole rather than cut: the client decides what to leave out.
            raise forms.ValidationError(
                gettext("Описание длиннее %(limit)s знаков (сейчас %(count)s): сократите его.")
                % {"limit": _grouped(DESCRIPTION_MAX_LENGTH), "count": _grouped(len(value))},
                code="max_length",
            )
        return value

    def clean_files(self) -> list[ClaimUpload]:
        uploads = self.cleaned_data["files"]
        if len(uploads) > FILES_MAX:
            raise forms.ValidationError(_too_many(), code="too_many")
        if sum(upload.size or 0 for upload in uploads) > FILES_TOTAL_MB * 1024 * 1024:
            raise forms.ValidationError(_too_big_together(), code="too_big_together")
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append(claim_upload_check(upload))
            except forms.ValidationError as error:
                errors.append(error)
        if errors:
            raise forms.ValidationError(errors)
        return checked


class ClaimLineForm(forms.Form):
    """One product: a blank row is left out; a row begun must be finished."""

    product = forms.CharField(label=_("Продукция"), max_length=300, required=False)
    quantity = forms.DecimalField(
        label=_("Количество"),
        required=False,
        localize=True,  # «1,5» in Russian
        min_value=0,
        max_digits=14,
        decimal_places=3,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    unit = forms.ChoiceField(label=_("Ед. изм."), required=False, choices=[("", "—"), *ClaimLine.Unit.choices])

    def clean(self):
        data = super().clean()
        if self.is_blank():
            return data
        if not data.get("product", "").strip() and "product" not in self.errors:
            self.add_error("product", gettext("Укажите продукцию."))
        quantity = data.get("quantity")
        if quantity is None and "quantity" not in self.errors:
            self.add_error("quantity", gettext("Укажите количество."))
        elif quantity is not None and quantity <= 0:
            self.add_error("quantity", gettext("Количество должно быть больше нуля."))
        if not data.get("unit") and "unit" not in self.errors:
            self.add_error("unit", gettext("Выберите единицу измерения."))
        return data

    def is_blank(self) -> bool:
        """Nothing typed in the row (as posted: a value the field refused still counts as typed)."""
        return not any(self.data.get(self.add_prefix(name), "").strip() for name in ("product", "quantity"))


class BaseClaimLineFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.lines():
            raise forms.ValidationError(
                gettext("Укажите хотя бы одну позицию: продукцию, количество и единицу измерения."), code="no_lines"
            )

    def lines(self) -> list[ClaimLineData]:
        return [
            ClaimLineData(product=form.cleaned_data["product"].strip(), quantity=form.cleaned_data["quantity"],
                          unit=form.cleaned_data["unit"])
            for form in self.forms
            if form.cleaned_data and not form.is_blank()
        ]  # fmt: skip


ClaimLineFormSet = forms.formset_factory(
    ClaimLineForm, formset=BaseClaimLineFormSet, extra=LINES_MAX, max_num=LINES_MAX, absolute_max=LINES_MAX
)
LINES_SHOWN = 3  # the rest wait under «Ещё позиции»


def _too_many() -> str:
    return gettext("Не больше %(count)d файлов: уберите лишние.") % {"count": FILES_MAX}


def _too_big(name: str) -> str:
    return gettext("Файл «%(name)s» больше %(mb)d МБ.") % {"name": name, "mb": FILE_MAX_MB}


def _too_big_together() -> str:
    return gettext("Файлы вместе больше %(total)d МБ: уберите часть из них или уменьшите фото.") % {
        "total": FILES_TOTAL_MB
    }


def _count_down(field: forms.Field, limit: int) -> None:
    """The limit said before typing, and counted down while typing (the cabinet's counter script)."""
    field.widget.attrs["maxlength"] = str(limit)  # checked by clean_description, in its own words
    field.help_text = gettext("Не больше %(limit)s знаков.") % {"limit": _grouped(limit)}
    attrs = {
        f"data-counter-{form}": ngettext("Остался %(count)s знак", "Осталось %(count)s знаков", n)
        for form, n in _COUNTER_FORMS.items()
    }
    attrs["data-counter-cut"] = gettext(
        "Вставленный текст не поместился: в описании не больше %(limit)s знаков, остальное не вошло."
    ) % {"limit": _grouped(limit)}
    field.widget.attrs.update(attrs)


def _grouped(number: int) -> str:
    return number_format(number, force_grouping=True)
