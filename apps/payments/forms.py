from django import forms
from django.utils.translation import gettext_lazy as _

from apps.payments.bank import account_error, bic_error, corr_account_error

# Numbers are copied from a bank's letter or an invoice, often in groups («4070 2810 …»): room
# for the spaces, which cleaning drops. A typed value that fails stays in the field as typed.
_NUMBER_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}


def _digits(value: str) -> str:
    return "".join(value.split())


class PayerAccountForm(forms.Form):
    account = forms.CharField(label=_("Расчётный счёт"), max_length=40, widget=forms.TextInput(attrs=_NUMBER_ATTRS))
    bic = forms.CharField(label=_("БИК банка"), max_length=20, widget=forms.TextInput(attrs=_NUMBER_ATTRS))
    bank_name = forms.CharField(
        label=_("Банк"),
        max_length=200,
        required=False,
        help_text=_("Как в реквизитах, например: ПАО Сбербанк, г. Москва."),
    )
    corr_account = forms.CharField(
        label=_("Корреспондентский счёт банка"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs=_NUMBER_ATTRS),
    )

    def clean_account(self) -> str:
        return _digits(self.cleaned_data["account"])

    def clean_bic(self) -> str:
        return _digits(self.cleaned_data["bic"])

    def clean_corr_account(self) -> str:
        return _digits(self.cleaned_data["corr_account"])

    def clean(self) -> dict:
        data = super().clean()
        # Without a valid BIC an account's key is not checked: the BIC's own error says what to fix.
        bic = data.get("bic", "")
        if "bic" in data and (error := bic_error(bic)):
            self.add_error("bic", error)
        if "account" in data and (error := account_error(data["account"], bic)):
            self.add_error("account", error)
        if data.get("corr_account") and (error := corr_account_error(data["corr_account"], bic)):
            self.add_error("corr_account", error)
        return data
