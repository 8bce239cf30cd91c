from apps.core.forms import PeriodRequestForm


class ShipmentPeriodForm(PeriodRequestForm):
    """The portal's period, with its checks and words, without an address: nothing is e-mailed."""

    email = None
