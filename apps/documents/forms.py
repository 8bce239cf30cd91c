from apps.core.forms import PeriodRequestForm


class DocumentRequestForm(PeriodRequestForm):
    """The archive request form: a period and the address to send the archive to."""
