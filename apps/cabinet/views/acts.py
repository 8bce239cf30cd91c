from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.cabinet.decorators import client_required
from apps.core.forms import default_period
from apps.reconciliation import selectors, services
from apps.reconciliation.forms import ActOrderForm
from apps.reconciliation.schedule import act_delivery_date

RATE_LIMITED = _("Слишком много заказов актов сверки за час. Пожалуйста, повторите позже.")


def home_context(*, client) -> dict:
    return {"acts": selectors.acts_recent(client=client)}


def _promise(*, ordered_at) -> dict:
    """The delivery day the order form and the status page both state: one rule, one wording."""
    delivery = act_delivery_date(ordered_at=ordered_at)
    return {
        "delivery_date": delivery,
        "same_day": delivery == timezone.localdate(ordered_at),
        "cutoff_hour": settings.ACT_CUTOFF_HOUR,
    }


@client_required
def act_order(request, *, client):
    if request.method == "POST":
        form = ActOrderForm(request.POST)
        if form.is_valid():
            try:
                act = services.act_order_create(client=client, language=client.language, **form.cleaned_data)
            except services.ActRateLimited:
                form.add_error(None, RATE_LIMITED)
            else:
                return redirect("cabinet:act_detail", act_id=act.id)
    else:
        start, end = default_period()
        form = ActOrderForm(initial={"date_from": start, "date_to": end, "email": client.email})
    acts = selectors.acts_for_client(client=client)[:10]
    context = {"form": form, "client": client, "acts": acts, **_promise(ordered_at=timezone.now())}
    return render(request, "cabinet/acts_order.html", context)


@client_required
def act_detail(request, act_id: int, *, client):
    act = selectors.act_for_client(client=client, act_id=act_id)
    if act is None:
        raise Http404
    context = {"act": act, "client": client, **_promise(ordered_at=act.created_at)}
    template = "cabinet/acts_status.html" if request.htmx else "cabinet/acts_detail.html"
    return render(request, template, context)
