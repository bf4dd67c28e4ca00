"""The referral state machine: who may move a referral from which status to which, and why.

This table is the one place the workflow is decided. `services.transition_referral` asks
`check()` before every change; pages and the API read `allowed_moves()` to offer only the
buttons that would work.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from joinedup.referrals.models import Status


class Role(enum.Enum):
    REFERRER = "referrer"  # a member of the referring organisation
    RECEIVER = "receiver"  # a member of the receiving organisation (once sent)
    SYSTEM = "system"  # joinedup itself: expiry of unanswered referrals


@dataclass(frozen=True)
class Move:
    source: Status
    target: Status
    role: Role
    verb: str  # the audit action is "referral.<verb>"


S = Status
MOVES: tuple[Move, ...] = (
    # The referrer sends, and may cancel at any point before it has ended.
    Move(S.DRAFT, S.REQUESTED, Role.REFERRER, "requested"),
    *(
        Move(source, S.CANCELLED, Role.REFERRER, "cancelled")
        for source in (S.DRAFT, S.REQUESTED, S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD)
    ),
    # A record made by mistake (wrong person, wrong service) is struck out by whoever made it,
    # while nobody has acted on it yet.
    Move(S.DRAFT, S.ENTERED_IN_ERROR, Role.REFERRER, "entered_in_error"),
    Move(S.REQUESTED, S.ENTERED_IN_ERROR, Role.REFERRER, "entered_in_error"),
    # The receiver answers, works and closes it.
    Move(S.REQUESTED, S.ACCEPTED, Role.RECEIVER, "accepted"),
    Move(S.REQUESTED, S.REJECTED, Role.RECEIVER, "rejected"),
    Move(S.ACCEPTED, S.IN_PROGRESS, Role.RECEIVER, "started"),
    Move(S.ACCEPTED, S.ON_HOLD, Role.RECEIVER, "paused"),
    Move(S.IN_PROGRESS, S.ON_HOLD, Role.RECEIVER, "paused"),
    Move(S.ON_HOLD, S.IN_PROGRESS, Role.RECEIVER, "resumed"),
    Move(S.ACCEPTED, S.FAILED, Role.RECEIVER, "failed"),
    Move(S.IN_PROGRESS, S.FAILED, Role.RECEIVER, "failed"),
    Move(S.ON_HOLD, S.FAILED, Role.RECEIVER, "failed"),
    # One-off help (advice on the first call) completes straight from accepted.
    Move(S.ACCEPTED, S.COMPLETED, Role.RECEIVER, "completed"),
    Move(S.IN_PROGRESS, S.COMPLETED, Role.RECEIVER, "completed"),
    # A referral nobody answered ends, so the referrer can choose another service (ADR 0006).
    Move(S.REQUESTED, S.CANCELLED, Role.SYSTEM, "cancelled"),
)

# Each status that needs a reason, with the reasons a person may choose. A declined or failed
# referral must say why: the referrer needs it to choose the next service.
REASONS: dict[Status, dict[str, str]] = {
    S.REJECTED: {
        "not_eligible": "Not eligible for this service",
        "no_capacity": "No capacity to take it on",
        "outside_area": "Lives outside the area we cover",
        "not_suitable": "This service is not the right one for the need",
        "duplicate": "Already referred or already supported",
        "other": "Other",
    },
    S.CANCELLED: {
        "no_longer_needed": "No longer needed",
        "person_declined": "The person no longer wants it",
        "referred_elsewhere": "Referred elsewhere instead",
        "sent_in_error": "Sent by mistake",
        "other": "Other",
    },
    S.ON_HOLD: {
        "waiting_for_information": "Waiting for information",
        "waiting_list": "On our waiting list",
        "person_unavailable": "The person is unavailable for now",
        "other": "Other",
    },
    S.FAILED: {
        "could_not_contact": "Could not contact the person",
        "person_declined": "The person declined the support",
        "not_eligible": "Found not to be eligible",
        "other": "Other",
    },
}

# Reasons only joinedup gives, through a use case that has established them (the consent was
# withdrawn; nobody answered in time). Nobody picks them from a list.
SYSTEM_REASONS: dict[str, str] = {
    "consent_withdrawn": "The person withdrew their consent",
    "no_response": "No response from the service in time",
}

_BY_KEY: dict[tuple[Status, Status, Role], Move] = {(m.source, m.target, m.role): m for m in MOVES}


class TransitionRefused(Exception):
    """A move the workflow does not allow. `code` says why, for pages and API problems."""

    code = "not_allowed"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAParty(TransitionRefused):
    """The actor belongs to neither side of the referral (callers should already answer 404)."""

    code = "not_a_party"


class ReasonRequired(TransitionRefused):
    """The move needs a reason from the list and a few words."""

    code = "reason_required"


class ConsentMissing(TransitionRefused):
    """Sending needs the person's standing consent to share with the receiving organisation."""

    code = "consent_missing"


def reason_label(code: str) -> str:
    """The words for a reason code, whichever list it is on."""
    for reasons in REASONS.values():
        if code in reasons:
            return reasons[code]
    return SYSTEM_REASONS.get(code, code)


def allowed_moves(source: str, roles: frozenset[Role]) -> list[Move]:
    """The moves open to someone holding `roles` on a referral in status `source`."""
    return [m for m in MOVES if m.source == source and m.role in roles]


def check(
    *,
    source: str,
    target: str,
    roles: frozenset[Role],
    reason_code: str = "",
    reason_text: str = "",
    system_reason: bool = False,
) -> Move:
    """The move from `source` to `target` for someone holding `roles`, or TransitionRefused.

    `system_reason` lets a use case give one of the SYSTEM_REASONS it has established itself.
    """
    if not roles:
        raise NotAParty("Only the referring or the receiving organisation can change a referral")
    try:
        src, tgt = Status(source), Status(target)
    except ValueError as exc:
        raise TransitionRefused(f"Unknown status: {exc}") from None
    candidates = [
        _BY_KEY[(src, tgt, r)]
        for r in sorted(roles, key=lambda r: r.value)
        if (src, tgt, r) in _BY_KEY
    ]
    if not candidates:
        raise TransitionRefused(
            f"A referral that is {src.label.lower()} cannot be made {tgt.label.lower()} by you"
        )
    if tgt in REASONS:
        allowed = set(REASONS[tgt]) | (set(SYSTEM_REASONS) if system_reason else set())
        if reason_code not in allowed:
            raise ReasonRequired(f"Choose a reason why it is {tgt.label.lower()}")
        if not reason_text.strip():
            raise ReasonRequired(f"Say in a few words why it is {tgt.label.lower()}")
    elif reason_code:
        # A reason code on a move that takes none is a caller's mistake, not something to keep.
        raise TransitionRefused(f"A referral made {tgt.label.lower()} takes no reason code")
    return candidates[0]
