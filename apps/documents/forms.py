from django.utils.translation import gettext_lazy as _

from apps.core.forms import PeriodRequestForm


class DocumentRequestForm(PeriodRequestForm):
    """The archive request form: a period and the address to send the archive to."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Said up front, so the notice to the default address surprises no one who asked.
        self.fields["email"].help_text = _(
            "Можно указать другой адрес для этого запроса — тогда мы сообщим об этом на адрес организации по умолчанию."
        )
