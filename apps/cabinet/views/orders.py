"""«Заказы»: the client's orders (every open one, the finished ones of a period), the home page's
«Заказы в работе» panel (loaded by htmx, so the home page never waits for 1C), and an order's
page with its lines, shipments and invoices."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from apps.cabinet.decorators import client_required
from apps.claims.services import CLAIMABLE
from apps.clients.models import Client
from apps.clients.roles import Can
from apps.documents import register as documents_register
from apps.onec.client import DocumentInfo, OneCErrorKind, Order, Shipment
from apps.orders import selectors
from apps.orders.display import line_rows, order_summary
from apps.orders.forms import OrderPeriodForm
from apps.orders.related import order_period, order_shipments
from apps.orders.status import order_rows, status_label, status_tone
from apps.shipments.status import ShipmentRow

PANEL_SIZE = 5  # the panel is a glance; the list has the rest


def _period_form(request) -> OrderPeriodForm:
    if "date_from" in request.GET or "date_to" in request.GET:
        return OrderPeriodForm(request.GET)
    start, end = selectors.default_order_period()
    return OrderPeriodForm({"date_from": start.isoformat(), "date_to": end.isoformat()})


@client_required(can=Can.ORDERS)
def order_list(request, *, client):
    form = _period_form(request)
    context = {"client": client, "form": form}
    if form.is_valid():
        state = selectors.orders_for_client(
            client=client, date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"]
        )
        context.update(state=state, rows=order_rows(state.orders or []))
    return render(request, "cabinet/orders.html", context)


@client_required(can=Can.ORDERS)
def orders_panel(request, *, client):
    """The home page's panel: the open orders of the list's default period (the same 1C call as
    the list opened afterwards). Asked for without htmx (no JavaScript) it is the full list."""
    if not request.htmx:
        return redirect("cabinet:orders")
    start, end = selectors.default_order_period()
    state = selectors.orders_for_client(client=client, date_from=start, date_to=end)
    rows = order_rows(state.open_orders)
    context = {"client": client, "state": state, "rows": rows[:PANEL_SIZE], "total": len(rows)}
    return render(request, "cabinet/orders_panel.html", context)


@dataclass(frozen=True)
class ShipmentLink:
    row: ShipmentRow
    url: str | None  # the pack; None: nothing to download yet, or not the person's to download
    claim_url: str | None = None  # a quality claim on it: gone goods, a role that files claims


def _claim_url(shipment: Shipment, period: tuple[date, date]) -> str | None:
    """The claim form for the shipment, with a period whose list holds it and that the form
    accepts (up to today: goods that have left are dated so); the form looks the shipment up in
    the client's own shipments again, as from «Отгрузки»."""
    if shipment.status not in CLAIMABLE or not period[0] <= shipment.date <= period[1]:
        return None
    try:
        url = reverse("cabinet:claim_new", args=[shipment.id])
    except NoReverseMatch:  # an id with «/», which the form's address does not take
        return None
    return f"{url}?{_period_query(period)}"


def _pack_url(shipment: Shipment, period: tuple[date, date]) -> str | None:
    """The pack through the shipments' own owner check, with a period that lists the shipment."""
    if not shipment.document_ids or not period[0] <= shipment.date <= period[1]:
        return None
    try:
        url = reverse("cabinet:shipment_pack", args=[shipment.id])
    except NoReverseMatch:  # an id with «/», which the pack's address does not take
        return None
    return f"{url}?{_period_query(period)}"


def _period_query(period: tuple[date, date], **extra: str) -> str:
    return urlencode({"date_from": period[0].isoformat(), "date_to": period[1].isoformat(), **extra})


@dataclass(frozen=True)
class InvoiceLink:
    document: DocumentInfo
    url: str | None  # None: the register's file address cannot carry this id


@dataclass(frozen=True)
class OrderInvoices:
    links: list[InvoiceLink]
    missing: int  # ids 1C named that are not among the client's invoices of the period
    problem: str = ""


def _file_url(document_id: str, period: tuple[date, date]) -> str | None:
    try:
        url = reverse("cabinet:register_file", args=[document_id])
    except NoReverseMatch:  # an id with «/», which the register's address does not take
        return None
    return f"{url}?{_period_query(period, download='1')}"


def _order_invoices(client: Client, order: Order, period: tuple[date, date], *, links: bool) -> OrderInvoices:
    """The order's invoices found in the client's register of the period (the one the file
    address checks again), so each downloads through the register's owner check."""
    if not order.invoice_ids:
        return OrderInvoices([], 0)
    register = documents_register.register_read(client=client, date_from=period[0], date_to=period[1])
    rows = [row for row in map(register.find, order.invoice_ids) if row is not None]
    found = [InvoiceLink(row.document, _file_url(row.id, period) if links else None) for row in rows]
    problem = ""
    if register.error and not register.stale_since:
        problem = "unavailable" if register.error == OneCErrorKind.UNAVAILABLE else register.failure_status
    return OrderInvoices(found, len(order.invoice_ids) - len(found), "" if found else problem)


@client_required(can=Can.ORDERS)
def order_detail(request, order_id: str, *, client):
    """An order of this client's (1C asked with the client's INN); another's id is 404."""
    state = selectors.order_for_client(client=client, order_id=order_id)
    if state is None:
        raise Http404
    context = {"client": client, "state": state}
    order = state.order
    if order is not None:
        context.update(
            label=status_label(order.status),
            tone=status_tone(order.status),
            summary=order_summary(order),
            lines=line_rows(order),
        )
    if order is not None and not state.problem:  # a kept order: its neighbours wait for 1C too
        context.update(_related(request, client, order))
    return render(request, "cabinet/orders_detail.html", context)


def _related(request, client: Client, order: Order) -> dict:
    """The order's shipments (a pack's link only for a role that downloads packs) and invoices."""
    period = order_period(order)
    shipments = order_shipments(client=client, order=order)
    can_pack = request.access.can(Can.SHIPMENTS)  # as the pack's own view requires
    can_claim = request.access.can(Can.CLAIMS)
    links = [
        ShipmentLink(
            row,
            _pack_url(row.shipment, period) if can_pack else None,
            _claim_url(row.shipment, period) if can_claim else None,
        )
        for row in shipments.rows
    ]
    can_file = request.access.can(Can.REGISTER)
    return {
        "period": period,
        "shipments": shipments,
        "shipment_links": links,
        "can_pack": can_pack,
        "invoices": _order_invoices(client, order, period, links=can_file),
    }
