"""The ONS4 change by service: hand-computed cases, suppression and who sees what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.directory.models import IntakeMode, Membership, Service
from joinedup.insights.wellbeing import Pair, answer_pairs, by_service, changes
from joinedup.partnerships.models import Partnership, PartnershipMember
from joinedup.referrals import services
from joinedup.referrals.models import (
    ConsentMethod,
    Moment,
    Referral,
    ServiceIntake,
    Status,
    WellbeingAnswers,
)
from joinedup.referrals.tests.conftest import dora, food_bank, food_service, person

# The referrals' cast (dora at the food bank, alice's person Mary), used here as fixtures.
__all__ = ["dora", "food_bank", "food_service", "person"]


def pair(service: str, before: tuple, after: tuple) -> Pair:
    keys = ("life_satisfaction", "worthwhile", "happiness", "anxiety")
    return Pair(service, dict(zip(keys, before, strict=True)), dict(zip(keys, after, strict=True)))


def test_mean_change_is_completion_minus_referral_over_those_who_answered_both():
    pairs = [
        pair("a", (2, 5, 4, 8), (6, 6, 4, 3)),  # +4, +1, 0, -5
        pair("a", (3, 5, 4, 7), (4, 5, 7, 7)),  # +1, 0, +3, 0
        pair("a", (None, 5, 4, 6), (9, 4, 3, None)),  # -, -1, -1, -
    ]
    found = {c.measure.key: c for c in changes(pairs, threshold=1)}
    assert (found["life_satisfaction"].answered, found["life_satisfaction"].mean_change) == (2, 2.5)
    assert (found["worthwhile"].answered, found["worthwhile"].mean_change) == (3, 0.0)
    # (0 + 3 - 1) / 3 = 0.666..., shown to two places
    assert (found["happiness"].answered, found["happiness"].mean_change) == (3, 0.67)
    assert (found["anxiety"].answered, found["anxiety"].mean_change) == (2, -2.5)


def test_anxiety_falling_is_better_and_the_others_rising_is():
    found = {
        c.measure.key: c for c in changes([pair("a", (5, 5, 5, 5), (6, 4, 5, 2))], threshold=1)
    }
    assert found["life_satisfaction"].direction == "better"
    assert found["worthwhile"].direction == "worse"
    assert found["happiness"].direction == "no change"
    assert found["anxiety"].direction == "better"


def test_fewer_than_the_threshold_shows_nothing():
    four = [pair("a", (1, 1, 1, 1), (2, 2, 2, 2))] * 4
    assert all(c.suppressed and c.mean_change is None for c in changes(four))
    assert not any(c.suppressed for c in changes([*four, four[0]]))


def test_one_small_service_hides_the_next_smallest_too():
    """b (3 people) alone hidden would leave it as the total minus a and c: c (6) goes too."""
    pairs = (
        [pair("a", (1, 1, 1, 1), (3, 3, 3, 3))] * 10
        + [pair("b", (1, 1, 1, 1), (9, 9, 9, 9))] * 3
        + [pair("c", (1, 1, 1, 1), (2, 2, 2, 2))] * 6
    )
    rows = {r.service: r for r in by_service(pairs, {"a": "A", "b": "B", "c": "C"})}
    life = {key: row.changes[0] for key, row in rows.items()}
    assert (life["a"].answered, life["a"].mean_change) == (10, 2.0)
    assert life["b"].suppressed and life["c"].suppressed
    # Nothing on the page is 3: neither the count nor a difference of shown counts.
    assert life["b"].answered is None and life["c"].answered is None


def test_an_organisation_sees_its_own_small_numbers():
    rows = by_service([pair("b", (1, 1, 1, 1), (4, 4, 4, 4))] * 3, {"b": "B"}, suppress=False)
    assert (rows[0].changes[0].answered, rows[0].changes[0].mean_change) == (3, 3.0)


# The database: answers read through the referrals' QuerySets, and the page.


def answered(n: int) -> str:
    """The "answered both times" cell of a table row, as the page writes it."""
    return f'<td class="govuk-table__cell govuk-table__cell--numeric">{n}</td>'


@pytest.fixture
def asking(food_service):
    ServiceIntake.objects.create(service=food_service, asks_wellbeing=True)
    return food_service


@pytest.fixture
def partnership(pam, food_bank, carers_centre):
    place = Partnership.objects.create(name="Ashdown Together")
    place.managers.add(pam)
    for organization in (food_bank, carers_centre):
        PartnershipMember.objects.create(partnership=place, organization=organization)
    return place


def _referrals(alice, person, food_bank, service, count: int) -> list[Referral]:
    services.record_consent(
        actor=alice,
        person=person,
        recipient=food_bank,
        purpose="Food",
        method=ConsentMethod.IN_PERSON,
    )
    made = []
    for _ in range(count):
        made += services.send_referrals(
            actor=alice, person=person, services=[service], need="Food"
        ).referrals
    return made


def _answer(referral: Referral, before: int, after: int | None) -> None:
    now = referral.status_changed_at
    WellbeingAnswers.objects.create(
        referral=referral, moment=Moment.REFERRAL, life_satisfaction=before, recorded_at=now
    )
    if after is not None:
        Referral.objects.filter(pk=referral.pk).update(status=Status.COMPLETED)
        WellbeingAnswers.objects.create(
            referral=referral, moment=Moment.COMPLETION, life_satisfaction=after, recorded_at=now
        )


def test_answer_pairs_need_both_moments(alice, person, food_bank, asking):
    first, second = _referrals(alice, person, food_bank, asking, 2)
    _answer(first, 3, 7)
    _answer(second, 2, None)
    pairs, names = answer_pairs()
    assert [(p.before["life_satisfaction"], p.after["life_satisfaction"]) for p in pairs] == [
        (3, 7)
    ]
    assert names[str(asking.pk)] == "Emergency food parcels (Ashdown Food Bank)"


@pytest.fixture
def six_answered(alice, person, food_bank, asking):
    for referral in _referrals(alice, person, food_bank, asking, 6):
        _answer(referral, 4, 6)


def test_manager_sees_the_partnership_figures(client, pam, partnership, six_answered):
    client.force_login(pam)
    page = client.get(reverse("insights:wellbeing"))
    text = page.content.decode()
    assert "Ashdown Together" in text
    assert "+2.00" in text and answered(6) in text
    assert "<svg" in text and "style=" not in text.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_new_and_erased_answers_show_at_once(
    client, pam, partnership, six_answered, alice, person, food_bank, asking
):
    client.force_login(pam)
    assert answered(6) in client.get(reverse("insights:wellbeing")).content.decode()
    (referral,) = _referrals(alice, person, food_bank, asking, 1)
    _answer(referral, 4, 6)
    assert answered(7) in client.get(reverse("insights:wellbeing")).content.decode()
    WellbeingAnswers.objects.filter(referral=referral).delete()
    assert answered(6) in client.get(reverse("insights:wellbeing")).content.decode()


def test_a_warm_page_draws_its_sections_once(client, pam, partnership, six_answered, monkeypatch):
    from joinedup.insights import wellbeing_views

    client.force_login(pam)
    url = reverse("insights:wellbeing")

    def sections() -> str:
        text: str = client.get(url).content.decode()
        main = text[text.index("<main") : text.index("</main>")]
        return main[main.index("<section") : main.rindex("</section>")]

    first = sections()

    def refuse(*args, **kwargs):
        raise AssertionError("drawn again")

    monkeypatch.setattr(wellbeing_views, "render_to_string", refuse)
    assert sections() == first
    # Never kept longer than the figures it shows.
    now = wellbeing_views.time.time()
    monkeypatch.setattr(wellbeing_views.time, "time", lambda: now + 301)
    with pytest.raises(AssertionError, match="drawn again"):
        client.get(url)


def test_small_numbers_are_suppressed_for_the_manager_not_for_the_service(
    client, pam, dora, partnership, alice, person, food_bank, asking
):
    for referral in _referrals(alice, person, food_bank, asking, 3):
        _answer(referral, 4, 6)
    client.force_login(pam)
    text = client.get(reverse("insights:wellbeing")).content.decode()
    assert answered(3) not in text and "Not shown: too few people" in text
    assert "1 service with too few people answering both times is not shown" in text
    client.force_login(dora)
    text = client.get(reverse("insights:wellbeing")).content.decode()
    assert answered(3) in text


def test_outsider_sees_no_one_elses_figures(client, charlie, partnership, six_answered):
    client.force_login(charlie)
    text = client.get(reverse("insights:wellbeing")).content.decode()
    assert "Emergency food parcels" not in text and answered(6) not in text


def test_another_partnerships_manager_sees_only_their_own(client, partnership, six_answered):
    from joinedup.core.models import User

    other = User.objects.create_user(email="olga@elsewhere.example", password="x")
    Partnership.objects.create(name="Elsewhere").managers.add(other)
    client.force_login(other)
    text = client.get(reverse("insights:wellbeing")).content.decode()
    assert "Elsewhere" in text and answered(6) not in text


def test_signed_out_people_are_sent_to_sign_in(client):
    assert client.get(reverse("insights:wellbeing")).status_code == 302


def test_another_service_in_the_organisation_is_not_mixed_in(food_bank, dora):
    # Services named apart keep their own rows.
    other = Service.objects.create(
        organization=food_bank, name="Cooking", intake_mode=IntakeMode.JOINEDUP
    )
    assert Membership.objects.filter(user=dora).exists()
    rows = by_service(
        [pair(str(other.pk), (1, 1, 1, 1), (2, 2, 2, 2))] * 5
        + [pair("x", (1, 1, 1, 1), (1, 1, 1, 1))] * 5,
        {str(other.pk): "Cooking"},
    )
    assert [r.name for r in rows] == ["Cooking", "x"]


def test_a_region_shows_the_services_most_answered_for_and_counts_the_rest(
    client, monkeypatch, pam, partnership, six_answered, alice, person, food_bank
):
    from joinedup.insights import wellbeing_views

    monkeypatch.setattr(wellbeing_views, "MOST_ANSWERED", 1)
    busier = Service.objects.create(
        organization=food_bank, name="Cooking on a budget", intake_mode=IntakeMode.JOINEDUP
    )
    ServiceIntake.objects.create(service=busier, asks_wellbeing=True)
    for referral in _referrals(alice, person, food_bank, busier, 7):
        _answer(referral, 4, 6)
    client.force_login(pam)
    text = client.get(reverse("insights:wellbeing")).content.decode()
    assert "Cooking on a budget" in text and "Emergency food parcels" not in text
    assert "1 more service has figures too" in text


def wellbeing_csv(client, scope: str, **query) -> list[list[str]]:
    import csv
    import io

    response = client.get(reverse("insights:wellbeing-csv", args=[scope]), query)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_download_has_the_pages_figures(client, pam, partnership, six_answered):
    client.force_login(pam)
    page = client.get(reverse("insights:wellbeing")).content.decode()
    url = reverse("insights:wellbeing-csv", args=[f"partnership-{partnership.pk}"])
    assert f'href="{url}"' in page
    got = wellbeing_csv(client, f"partnership-{partnership.pk}")
    assert got[0] == ["Service", "Question", "Change", "Direction", "Answered both times"]
    # The page's "+2.00 (better)" and 6, for all services and for the one service.
    assert "+2.00 (better)" in page and answered(6) in page
    life = [r for r in got if r[1] == "Life satisfaction"]
    assert [r[0] for r in life] == ["All services", "Emergency food parcels (Ashdown Food Bank)"]
    assert {tuple(r[2:]) for r in life} == {("2", "better", "6")}
    assert ["All services", "Anxiety yesterday", "No answers", "No answers", "0"] in got


def test_the_download_hides_what_the_page_hides(
    client, pam, dora, partnership, alice, person, food_bank, asking
):
    for referral in _referrals(alice, person, food_bank, asking, 3):
        _answer(referral, 4, 6)
    client.force_login(pam)
    got = wellbeing_csv(client, f"partnership-{partnership.pk}")
    assert ["All services", "Life satisfaction", "Not shown", "Not shown", "Not shown"] in got
    assert "3" not in [c for r in got for c in r]
    client.force_login(dora)
    got = wellbeing_csv(client, f"organisation-{food_bank.pk}")
    assert ["All services", "Life satisfaction", "2", "better", "3"] in got


def test_outsiders_get_404_for_a_wellbeing_download(
    client, charlie, dora, partnership, food_bank, six_answered
):
    client.force_login(charlie)
    for scope in (f"partnership-{partnership.pk}", f"organisation-{food_bank.pk}"):
        url = reverse("insights:wellbeing-csv", args=[scope])
        assert client.get(url).status_code == 404
    # A member organisation's person reads their own, not the partnership's.
    client.force_login(dora)
    url = reverse("insights:wellbeing-csv", args=[f"partnership-{partnership.pk}"])
    assert client.get(url).status_code == 404


def test_the_download_has_every_service_the_page_counts(
    client, monkeypatch, pam, partnership, six_answered, alice, person, food_bank
):
    from joinedup.insights import wellbeing_views

    monkeypatch.setattr(wellbeing_views, "MOST_ANSWERED", 1)
    busier = Service.objects.create(
        organization=food_bank, name="Cooking on a budget", intake_mode=IntakeMode.JOINEDUP
    )
    ServiceIntake.objects.create(service=busier, asks_wellbeing=True)
    for referral in _referrals(alice, person, food_bank, busier, 7):
        _answer(referral, 4, 6)
    client.force_login(pam)
    text = client.get(reverse("insights:wellbeing")).content.decode()
    assert "Emergency food parcels" not in text and "download the table for them all" in text
    got = wellbeing_csv(client, f"partnership-{partnership.pk}", **{"from": "2020-01-01"})
    assert {r[0] for r in got[1:]} == {
        "All services",
        "Cooking on a budget (Ashdown Food Bank)",
        "Emergency food parcels (Ashdown Food Bank)",
    }
