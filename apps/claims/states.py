"""A claim's way from filing to staff's decision: its states and the moves allowed from each.

    state        staff may
    new          take it into work
    in_work      decide: satisfied, partial or rejected (with an answer to the client)
    decided      nothing: the decision and its e-mail are final

A decision follows «taken into work», never skips it: the client sees the claim being looked
at, and the journal says who took it. The services apply `state_after` again under the claim's
row lock, so two members of staff cannot both move it.
"""

from apps.claims.models import Claim

Status = Claim.Status
TAKE = "take"
DECISIONS = frozenset({Status.SATISFIED, Status.PARTIAL, Status.REJECTED})
OPEN = frozenset({Status.NEW, Status.IN_WORK})

MOVES: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({TAKE}),
    Status.IN_WORK: DECISIONS,
}


class MoveNotAllowed(Exception):
    """This move cannot follow the claim's state (taken twice, decided twice, decided before taken)."""


def moves_allowed(claim: Claim) -> frozenset[str]:
    return MOVES.get(claim.status, frozenset())


def state_after(status: str, move: str) -> str:
    """The status a move leads to; MoveNotAllowed if the table does not allow it from `status`."""
    if move not in MOVES.get(status, frozenset()):
        raise MoveNotAllowed(f"{move} after {status}")
    return Status.IN_WORK if move == TAKE else move


def is_open(claim: Claim) -> bool:
    """Still waiting for staff: new or in work."""
    return claim.status in OPEN
