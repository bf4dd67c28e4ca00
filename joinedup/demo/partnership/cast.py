"""The demo partnership's cast: its members and their roles, who answers for them, and the
helpers the other demo modules share."""

from __future__ import annotations

import datetime

from joinedup.core.models import User
from joinedup.demo.spec import demo_id
from joinedup.directory.models import Organization
from joinedup.partnerships.models import (
    MemberRole,
)

DEMO_PARTNERSHIP = "Ashdown Together"
MANAGER = "morgan.ellery@example.org"
SEED = 20261122

# Demo organisation key -> role in the partnership.
MEMBERS: dict[str, str] = {
    "council": MemberRole.CORE,
    "avonvale-trust": MemberRole.CORE,
    "ashdown-pcn": MemberRole.CORE,
    "eastfield-health": MemberRole.CORE,
    "central-practice": MemberRole.ASSOCIATE,
    "greenway-homes": MemberRole.CORE,
    "harbourside-housing": MemberRole.ASSOCIATE,
    "police": MemberRole.CORE,
    "fire": MemberRole.CORE,
    "ashdown-college": MemberRole.ASSOCIATE,
    "st-aldhelms": MemberRole.ASSOCIATE,
    "carers-centre": MemberRole.CORE,
    "food-bank": MemberRole.CORE,
    "advice-centre": MemberRole.CORE,
    "connect-ashdown": MemberRole.CORE,
    "memory-lane": MemberRole.ASSOCIATE,
    "safe-haven": MemberRole.ASSOCIATE,
    "good-neighbours": MemberRole.ASSOCIATE,
    "mens-shed": MemberRole.OBSERVER,
    "hartwell-community": MemberRole.ASSOCIATE,
    "fernhill-allotments": MemberRole.OBSERVER,
    "credit-union": MemberRole.OBSERVER,
}
# Members the others turn to: more ties in the network survey.
HUBS = {"council", "connect-ashdown", "carers-centre", "ashdown-pcn"}
# Did not answer the first network survey; the allotments group joined in the second.
SILENT_FIRST = {"credit-union", "st-aldhelms"}
NEWCOMER = "fernhill-allotments"


def demo_org(key: str) -> Organization:
    return Organization.objects.get(pk=demo_id("organization", key))


def demo_user(email: str) -> User:
    return User.objects.get(email=email)


def backdate(model: type, pk: int, when: datetime.datetime, **fields: datetime.datetime) -> None:
    # Demo history: the use cases stamp "now"; the story needs last year's round to be older.
    model.objects.filter(pk=pk).update(created_at=when, **fields)  # type: ignore[attr-defined]
