from apps.core.forms import PeriodRequestForm


class OrderPeriodForm(PeriodRequestForm):
    """The portal's period, with its checks and words, without an address: nothing is e-mailed.
    It chooses the finished orders shown; open ones are shown whatever their date."""

    email = None
