"""The round trip of a sent act: its states and every move allowed from each, in one table.

The state is where the conversation stands (`ReconciliationAct.client_answer`) and whether a
signed scan is on file (`signed_copy_at`): a fact kept beside the conversation, so a scan sent
during a dispute never hides the dispute.

    state                       the client may                    staff may
    no answer yet               confirm, dispute, send the scan
    confirmed                   dispute, send the scan
    disputed (scan or not)      dispute again, send the scan      resolve
    resolved                    confirm, dispute, send the scan
    any other, scan on file     send another scan

    confirm → confirmed; dispute → disputed; a scan → the same state with the scan on file;
    resolve → resolved, and a corrected act drops the scan of the old one.

- A dispute stays open until staff answer it: the client may add detail or send the scan
  (signed with a note of disagreement), but not confirm the act until it has been answered.
- Staff answer a dispute with an explanation, or with a corrected act, which is a new paper:
  the scan of the old one no longer counts and the client answers the corrected one afresh.
- A signed scan settles an act on paper unless a dispute is open: after it only a clearer
  scan is taken; anything else about the act goes through a question.

Views, templates and services ask `client_moves(act)` / `can_resolve(act)`; the services apply
`state_after` again under a row lock, so two tabs cannot both move the act.
"""

from dataclasses import dataclass

from apps.reconciliation.models import ReconciliationAct, ReconciliationActAnswer

Answer = ReconciliationAct.Answer
Kind = ReconciliationActAnswer.Kind
RESOLVE = "resolve"  # staff's move: the dispute answered (with or without a corrected act)


@dataclass(frozen=True)
class ActState:
    answer: str  # a ReconciliationAct.Answer value
    signed: bool  # a signed scan of this version of the act is on file


_OPEN = frozenset({Kind.CONFIRM, Kind.DISPUTE, Kind.SIGNED_COPY})
MOVES: dict[ActState, frozenset[str]] = {
    ActState(Answer.NONE, signed=False): _OPEN,
    ActState(Answer.CONFIRMED, signed=False): frozenset({Kind.DISPUTE, Kind.SIGNED_COPY}),
    ActState(Answer.DISPUTED, signed=False): frozenset({Kind.DISPUTE, Kind.SIGNED_COPY, RESOLVE}),
    ActState(Answer.RESOLVED, signed=False): _OPEN,
    ActState(Answer.NONE, signed=True): frozenset({Kind.SIGNED_COPY}),
    ActState(Answer.CONFIRMED, signed=True): frozenset({Kind.SIGNED_COPY}),
    ActState(Answer.DISPUTED, signed=True): frozenset({Kind.DISPUTE, Kind.SIGNED_COPY, RESOLVE}),
    ActState(Answer.RESOLVED, signed=True): frozenset({Kind.SIGNED_COPY}),
}
CLIENT_MOVES = _OPEN


class MoveNotAllowed(Exception):
    """This move cannot follow the act's state (a confirmation during a dispute, a second one)."""


def act_state(act: ReconciliationAct) -> ActState | None:
    """The act's state in the round trip; None until it has been sent (nothing to answer yet)."""
    if act.status != ReconciliationAct.Status.SENT:
        return None
    return ActState(act.client_answer, signed=act.signed_copy_at is not None)


def moves_allowed(act: ReconciliationAct) -> frozenset[str]:
    state = act_state(act)
    return MOVES.get(state, frozenset()) if state else frozenset()


def client_moves(act: ReconciliationAct) -> frozenset[str]:
    """What the client may do next with the act: the answer forms its page shows."""
    return moves_allowed(act) & CLIENT_MOVES


def can_resolve(act: ReconciliationAct) -> bool:
    """True while a dispute is open: staff may answer it."""
    return RESOLVE in moves_allowed(act)


def state_after(state: ActState | None, move: str, *, corrected: bool = False) -> ActState:
    """The state a move leads to; MoveNotAllowed if the table does not allow it from `state`
    (None: an act not sent, from which nothing moves)."""
    if state is None or move not in MOVES.get(state, frozenset()):
        raise MoveNotAllowed(f"{move} after {state}")
    if move == Kind.SIGNED_COPY:
        return ActState(state.answer, signed=True)
    if move == RESOLVE:
        return ActState(Answer.RESOLVED, signed=state.signed and not corrected)
    return ActState(Answer.CONFIRMED if move == Kind.CONFIRM else Answer.DISPUTED, signed=state.signed)


def dispute_is_open(act: ReconciliationAct) -> bool:
    return act.status == ReconciliationAct.Status.SENT and act.client_answer == Answer.DISPUTED
