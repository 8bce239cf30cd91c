"""The staff's lists on a common office screen (1366 × 768): nothing a reviewer needs is cut off."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.reconciliation.models import ReconciliationAct
from tests.e2e.test_acts import login_staff
from tests.factories import make_client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
OFFICE_SCREEN = {"width": 1366, "height": 768}


def _waiting_act(name: str, inn: str, *, waited: timedelta) -> ReconciliationAct:
    client = make_client(name=name, inn=inn, email=f"buh{inn}@example.com")
    return ReconciliationAct.objects.create(
        client=client,
        date_from=date(2026, 1, 1),
        date_to=date(2026, 3, 31),
        email="glavnyi.buhgalter.otdela.raschetov@metallurg-service.example",
        status=ReconciliationAct.Status.IN_REVIEW,
        review_started_at=timezone.now() - waited,
        opening_balance=Decimal("-12962874.27"),
        closing_balance=Decimal("1962874.27"),
    )


def test_the_review_queue_fits_a_1366_screen_with_its_check_button(new_page, reviewer, password):
    long_name = "ООО «Торговый дом Металлург-Сервис Южного федерального округа»"
    _waiting_act(long_name, "7728012340", waited=timedelta(hours=26))
    _waiting_act("ООО «Профкерамика»", "5036012344", waited=timedelta(minutes=8))
    staff = new_page(OFFICE_SCREEN)
    login_staff(staff, "reviewer", password)
    staff.goto("/admin/reconciliation/actinreview/")

    buttons = staff.get_by_role("link", name="Проверить")
    expect(buttons).to_have_count(2)
    for button in buttons.all():
        box = button.bounding_box()
        assert box["x"] + box["width"] <= OFFICE_SCREEN["width"], "«Проверить» runs off the screen"
        # …nor hidden behind the table's own horizontal scroll.
        hidden = button.evaluate(
            """link => {
                let box = link.getBoundingClientRect();
                for (let el = link.parentElement; el; el = el.parentElement) {
                    let style = getComputedStyle(el);
                    if (style.overflowX !== "visible") {
                        let edge = el.getBoundingClientRect();
                        if (box.right > edge.right + 0.5 || box.left < edge.left - 0.5) return true;
                    }
                }
                return false;
            }"""
        )
        assert not hidden, "«Проверить» is cut off by the table's scroll"
    # Waits and amounts as people say them.
    expect(staff.get_by_text("1 дн 2 ч")).to_be_visible()
    expect(staff.get_by_text("8 мин", exact=True)).to_be_visible()
    expect(staff.get_by_text("1\u00a0962\u00a0874,27\u00a0₽").first).to_be_visible()
