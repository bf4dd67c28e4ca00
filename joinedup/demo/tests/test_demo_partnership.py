"""The demo partnership that `joinedup load_demo` adds: results with change over time."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from joinedup.core.models import User
from joinedup.demo.partnership import DEMO_PARTNERSHIP, MANAGER
from joinedup.partnerships.models import (
    Action,
    LearningEntry,
    NetworkSurvey,
    Partnership,
    Wave,
    WaveStatus,
)
from joinedup.partnerships.results import network_results, wave_results


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_gives_a_partnership_with_change_over_time(demo_place, client):
    assert f"Demo partnership '{DEMO_PARTNERSHIP}' loaded" in demo_place
    partnership = Partnership.objects.get(name=DEMO_PARTNERSHIP)

    # Two closed waves of each instrument; the later one compares with the earlier.
    waves = Wave.objects.filter(partnership=partnership)
    assert waves.count() == 4
    assert set(waves.values_list("status", flat=True)) == {WaveStatus.CLOSED}
    for key in ("foundations-of-collaboration", "motivations-structures-relationships"):
        later = waves.filter(instrument__key=key).order_by("-created_at").first()
        assert later is not None and later.previous() is not None
        results = wave_results(later)
        assert results.has_previous
        changes = [s.change for s in results.sections if s.change is not None]
        assert changes and any(c != 0 for c in changes)
    # The awareness actions paid off: that statement moved up.
    msr = waves.filter(instrument__key="motivations-structures-relationships")
    results = wave_results(msr.order_by("-created_at").first())
    moved = [
        st.change
        for s in results.sections
        for st in s.statements
        if st.element == "awareness-of-what-others-offer"
    ]
    assert moved and all(c is not None and c > 0 for c in moved)

    # Two closed network surveys: the second shows new ties and the newcomer joined in.
    surveys = NetworkSurvey.objects.filter(partnership=partnership).order_by("created_at")
    assert surveys.count() == 2
    latest = network_results(surveys.last())
    assert latest.change is not None and latest.change.new_ties
    first = network_results(surveys.first())
    newcomer = next(i for i, n in first.names.items() if n == "Fernhill Growing Together")
    assert newcomer in first.metrics.isolated
    assert newcomer not in latest.metrics.isolated
    assert first.metrics.reciprocity is not None and latest.metrics.density

    # Actions in the shared plan and members' own plans, exactly one overdue; a learning log.
    actions = Action.objects.filter(plan__partnership=partnership)
    assert actions.count() == 6
    assert actions.overdue().count() == 1
    assert actions.filter(plan__organization__isnull=False).exists()
    assert LearningEntry.objects.filter(partnership=partnership).count() == 4

    # The pages show it to the demo manager.
    client.force_login(User.objects.get(email=MANAGER))
    page = client.get(
        reverse("partnerships:network-results", args=[partnership.pk, surveys.last().pk])
    )
    assert page.status_code == 200
    assert "Changes are since Who works with whom: autumn 2025" in page.content.decode()
    listing = client.get(reverse("partnerships:actions", args=[partnership.pk])).content.decode()
    assert "1 overdue" in listing

    # Idempotent: a second run creates nothing.
    counts = (Wave.objects.count(), Action.objects.count(), LearningEntry.objects.count())
    assert "already loaded" in _load()
    assert (Wave.objects.count(), Action.objects.count(), LearningEntry.objects.count()) == counts


@pytest.mark.slow
def test_demo_is_the_same_every_time(demo_place, settings):
    """Seeded: two loads into empty databases give the same figures (checked via a reset)."""
    settings.JOINEDUP_SEMANTIC_SEARCH = False  # the reset re-indexes: by words alone, faster
    survey = NetworkSurvey.objects.order_by("-created_at").first()
    before = network_results(survey).metrics
    call_command("load_demo", "--reset", stdout=StringIO())
    assert Partnership.objects.filter(name=DEMO_PARTNERSHIP).count() == 1
    again = network_results(NetworkSurvey.objects.order_by("-created_at").first()).metrics
    assert (again.density, again.centralisation, again.reciprocity) == (
        before.density,
        before.centralisation,
        before.reciprocity,
    )
