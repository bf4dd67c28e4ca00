"""The demo place's partnership: two rounds of both health checks and of the network survey,
action plans (one action overdue) and a learning log, so every page of the workspace has
something to show, including change over time.

Everything goes through the use cases (audited as any real work is), from seeded random
numbers: the same run gives the same answers. Loading is idempotent: an existing demo
partnership is left alone.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from joinedup.core import audit
from joinedup.demo.partnership.cast import (
    DEMO_PARTNERSHIP,
    MANAGER,
    MEMBERS,
    SEED,
    demo_org,
    demo_user,
)
from joinedup.demo.partnership.plans import load_actions, load_learning
from joinedup.demo.partnership.rounds import load_network, load_waves
from joinedup.partnerships import services
from joinedup.partnerships.models import Partnership

__all__ = [
    "DEMO_PARTNERSHIP",
    "MANAGER",
    "DemoPartnershipResult",
    "load_demo_partnership",
    "reset_demo_partnership",
]


@dataclass
class DemoPartnershipResult:
    created: bool
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        if not self.created:
            return f"Demo partnership {DEMO_PARTNERSHIP!r} already loaded: nothing created."
        parts = ", ".join(f"{n} {what}" for what, n in self.counts.items())
        return f"Demo partnership {DEMO_PARTNERSHIP!r} loaded: {parts}."


def reset_demo_partnership() -> int:
    """Delete the demo partnership and all its history (to load it afresh); returns rows gone."""
    with transaction.atomic():
        deleted, _ = Partnership.objects.filter(name=DEMO_PARTNERSHIP).delete()
        if deleted:
            audit.record("demo.partnership_deleted", details={"rows": deleted})
    return deleted


def load_demo_partnership(*, today: datetime.date | None = None) -> DemoPartnershipResult:
    """Create the demo partnership and its history, unless it is there already."""
    if Partnership.objects.filter(name=DEMO_PARTNERSHIP).exists():
        return DemoPartnershipResult(created=False)
    today = today or timezone.localdate()
    now = timezone.now()
    rng = random.Random(SEED)
    with transaction.atomic():
        services.load_shipped_instruments()
        manager = demo_user(MANAGER)
        partnership = services.create_partnership(
            actor=manager,
            name=DEMO_PARTNERSHIP,
            description=(
                "Ashdown's public services and community organisations, working as one "
                "place for carers, older people and families under pressure."
            ),
        )
        orgs = {key: demo_org(key) for key in MEMBERS}
        for key, role in MEMBERS.items():
            services.add_member(
                actor=manager, partnership=partnership, organization=orgs[key], role=role
            )
        rounds = [("autumn 2025", now - datetime.timedelta(days=400)), ("autumn 2026", now)]
        waves = load_waves(manager, partnership, orgs, rounds, rng)
        surveys = load_network(manager, partnership, orgs, rounds, rng)
        actions = load_actions(manager, partnership, orgs, today)
        entries = load_learning(partnership, orgs, actions, now)
    return DemoPartnershipResult(
        created=True,
        counts={
            "health-check waves": waves,
            "network surveys": surveys,
            "actions": len(actions),
            "learning log entries": entries,
        },
    )
