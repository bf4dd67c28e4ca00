"""Demo referrals: every status, between demo organisations, with events, messages and outcomes;
loading twice makes nothing new; --reset starts them afresh."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from joinedup.core.models import User
from joinedup.demo.loader import load_demo_place
from joinedup.demo.referrals import load_demo_referrals
from joinedup.referrals.models import Person, Referral, ReferralMessage, Status


def year_people() -> list[object]:
    from joinedup.demo.activity import person_id
    from joinedup.demo.year import NAMESPACE, REFERRALS

    return [person_id(NAMESPACE, n) for n in range(REFERRALS)]


def created(load_demo_output: str) -> int:
    """How many referrals `load_demo` said it created: the story's and the year's."""
    match = re.search(r"Demo referrals: (\d+) created", load_demo_output)
    year = re.search(r"Demo year: (\d+) referrals", load_demo_output)
    assert match and year, load_demo_output
    return int(match[1]) + int(year[1])


def test_demo_has_referrals_in_every_status(demo_place):
    assert set(Referral.objects.values_list("status", flat=True)) == set(Status.values)
    assert created(demo_place) == Referral.objects.count()
    # The log agrees with the stored status for every one (the year's are checked in bulk in
    # test_demo_year).
    for referral in Referral.objects.exclude(person__in=year_people()):
        assert referral.derived_status() == referral.status


def test_demo_inboxes_show_work_with_messages_and_outcomes(demo_place):
    grace = User.objects.get(email="grace.adebayo@example.org")
    inbox = Referral.objects.visible_to(grace).received_by(grace.memberships.get().organization)
    assert inbox.open().exists() and inbox.closed().exists()
    assert ReferralMessage.objects.count() >= 5
    assert Referral.objects.exclude(outcome="").count() >= 3
    # A prescription: one journey, two services.
    prescriptions = Referral.objects.values_list("prescription", flat=True)
    assert len(prescriptions) > len(set(prescriptions))


def test_demo_people_are_plainly_fictional(demo_place):
    for person in Person.objects.all():
        assert re.fullmatch(
            r"\w+ (Example|Sample|Placeholder|Fictional|Madeup|Invented)", person.name
        )
        assert person.phone == "" or person.phone.startswith("07700 900")
        assert person.email == "" or person.email.endswith("@example.org")


def test_loading_twice_creates_nothing(demo_place):
    again = load_demo_referrals()
    assert again.created == 0
    assert Referral.objects.count() == created(demo_place)


@pytest.mark.slow
def test_load_demo_command_loads_and_resets_referrals(demo_place, settings):
    assert "Demo referrals:" in demo_place
    settings.JOINEDUP_SEMANTIC_SEARCH = False  # the reset re-indexes: by words alone, faster
    out = io.StringIO()
    story = Referral.objects.exclude(person__in=year_people())
    year = Referral.objects.filter(person__in=year_people())
    before = set(story.values_list("pk", flat=True))
    year_before = set(year.values_list("pk", flat=True))
    call_command("load_demo", "--reset", stdout=out)
    after = set(story.values_list("pk", flat=True))
    assert len(after) == len(before) and not (after & before)
    # The year is made from a seed: the same referrals come back, with the same ids.
    assert set(year.values_list("pk", flat=True)) == year_before


def test_loading_the_story_sends_no_email(db, mailoutbox):
    load_demo_place()
    load_demo_referrals()
    assert Referral.objects.exists()
    assert mailoutbox == []
