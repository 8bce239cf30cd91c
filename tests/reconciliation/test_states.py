"""The round trip's state machine (apps/reconciliation/states.py): every move from every state,
allowed or refused, in the table and through the services that record it on a real act."""

from datetime import date
from itertools import product

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.reconciliation import answers, disputes, states
from apps.reconciliation.models import ReconciliationAct
from apps.reconciliation.scans import scan_from_upload
from apps.reconciliation.states import RESOLVE, ActState, MoveNotAllowed

NONE, CONFIRMED, DISPUTED, RESOLVED = "", "confirmed", "disputed", "resolved"
CONFIRM, DISPUTE, SCAN = "confirm", "dispute", "signed_copy"
ALL_STATES = [
    ActState(answer, signed) for answer, signed in product([NONE, CONFIRMED, DISPUTED, RESOLVED], [False, True])
]
ALL_MOVES = [CONFIRM, DISPUTE, SCAN, RESOLVE]

# The table again, as the test's own statement: (answer, scan on file) → move → the state it leads to.
EXPECTED = {
    (NONE, False): {CONFIRM: (CONFIRMED, False), DISPUTE: (DISPUTED, False), SCAN: (NONE, True)},
    (CONFIRMED, False): {DISPUTE: (DISPUTED, False), SCAN: (CONFIRMED, True)},
    (DISPUTED, False): {DISPUTE: (DISPUTED, False), SCAN: (DISPUTED, True), RESOLVE: (RESOLVED, False)},
    (RESOLVED, False): {CONFIRM: (CONFIRMED, False), DISPUTE: (DISPUTED, False), SCAN: (RESOLVED, True)},
    (NONE, True): {SCAN: (NONE, True)},
    (CONFIRMED, True): {SCAN: (CONFIRMED, True)},
    (DISPUTED, True): {DISPUTE: (DISPUTED, True), SCAN: (DISPUTED, True), RESOLVE: (RESOLVED, True)},
    (RESOLVED, True): {SCAN: (RESOLVED, True)},
}
CASES = [(state, move) for state in ALL_STATES for move in ALL_MOVES]


def _id(case) -> str:
    state, move = case
    return f"{state.answer or 'none'}{'+scan' if state.signed else ''}-{move}"


def test_the_table_names_every_state():
    assert set(states.MOVES) == set(ALL_STATES)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_each_move_from_each_state_is_allowed_or_refused(case):
    state, move = case
    expected = EXPECTED[(state.answer, state.signed)].get(move)
    if expected is None:
        with pytest.raises(MoveNotAllowed):
            states.state_after(state, move)
    else:
        assert states.state_after(state, move) == ActState(*expected)


@pytest.mark.parametrize("signed", [False, True])
def test_a_corrected_act_drops_the_scan_of_the_old_one(signed):
    after = states.state_after(ActState(DISPUTED, signed), RESOLVE, corrected=True)
    assert after == ActState(RESOLVED, False)


@pytest.mark.parametrize("move", ALL_MOVES)
def test_nothing_moves_an_act_not_sent(move):
    with pytest.raises(MoveNotAllowed):
        states.state_after(None, move)


# --- The same table through the services, on real acts ---------------------------------------------

on_acts = pytest.mark.django_db(transaction=True)  # the table tests above need no database


def _act_in(client_org, state: ActState) -> ReconciliationAct:
    now = timezone.now()
    return ReconciliationAct.objects.create(
        client=client_org, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31), email=client_org.email,
        status="sent", client_answer=state.answer, signed_copy_at=now if state.signed else None,
        dispute_opened_at=now if state.answer == DISPUTED else None,
    )  # fmt: skip


def _move(act, move, *, client_org, reviewer, png_bytes):
    if move == RESOLVE:
        return disputes.act_dispute_resolve(act=act, actor=reviewer, text="Оплата учтена в апреле.")
    scan = scan_from_upload(SimpleUploadedFile("scan.png", png_bytes)) if move == SCAN else None
    comment = "Не учтена оплата" if move == DISPUTE else ""
    return answers.act_answer_create(act=act, user=client_org.user, kind=move, comment=comment, scan=scan)


@on_acts
@pytest.mark.parametrize("case", CASES, ids=_id)
def test_the_services_follow_the_table(case, client_org, reviewer, png_bytes):
    state, move = case
    act = _act_in(client_org, state)
    expected = EXPECTED[(state.answer, state.signed)].get(move)
    client_may = expected is not None and move != RESOLVE
    assert (move in states.client_moves(act)) is client_may
    assert states.can_resolve(act) is (RESOLVE in EXPECTED[(state.answer, state.signed)])
    if expected is None:
        refusal = disputes.DisputeNotOpen if move == RESOLVE else answers.AnswerNotAllowed
        with pytest.raises(refusal):
            _move(act, move, client_org=client_org, reviewer=reviewer, png_bytes=png_bytes)
        act.refresh_from_db()
        assert states.act_state(act) == state
        assert not act.answers.exists() and not act.resolutions.exists()
        return
    _move(act, move, client_org=client_org, reviewer=reviewer, png_bytes=png_bytes)
    act.refresh_from_db()
    assert states.act_state(act) == ActState(*expected)
    assert (act.dispute_opened_at is not None) is (expected[0] == DISPUTED)


@on_acts
@pytest.mark.parametrize("status", ["queued", "running", "retrying", "in_review", "rejected", "unavailable", "failed"])
def test_an_act_not_sent_offers_no_move(client_org, status):
    act = ReconciliationAct.objects.create(
        client=client_org, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31), email=client_org.email, status=status
    )
    assert states.act_state(act) is None
    assert states.client_moves(act) == frozenset()
    assert states.can_resolve(act) is False


@on_acts
def test_more_detail_keeps_the_disputes_start_and_a_scan_keeps_the_dispute_open(client_org, reviewer, png_bytes):
    act = _act_in(client_org, ActState(NONE, False))
    _move(act, DISPUTE, client_org=client_org, reviewer=reviewer, png_bytes=png_bytes)
    act.refresh_from_db()
    opened = act.dispute_opened_at
    _move(act, DISPUTE, client_org=client_org, reviewer=reviewer, png_bytes=png_bytes)
    _move(act, SCAN, client_org=client_org, reviewer=reviewer, png_bytes=png_bytes)
    act.refresh_from_db()
    assert (act.client_answer, act.dispute_opened_at) == (DISPUTED, opened)
    assert act.signed_copy_at is not None
    assert states.dispute_is_open(act)
