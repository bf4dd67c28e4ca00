"""The board pack's place sections: unmet need, referrals by area and how people felt, with
the same figures and suppression as their pages, for each reader.

The partnership is the board's (conftest's `scenario`: referrals in quarter 1 2026) with, by
hand: people in four postcode districts, an IMD decile for them, searches by theme, six more
referrals declined for no capacity, a food service on a waiting list, and ONS4 answers.

- Districts: BS5 16 (the food bank's referrals), BS2 8 (the council's and helpline's), BS1 5
  and BS3 2 (the carers centre's). BS3 is under 5 and BS1, the next smallest, goes with it.
- Deciles: 1 is BS5 (16), 3 is BS2 (8), 6 is BS1 and BS3 (7): 6 holds a hidden district so is
  hidden, and 3 goes with it.
- Searches: Food 30 (10 found little, 33.3%), Housing 18 (6), Debt 3 (3): Debt is under 5 in
  both columns, Housing goes with it.
- Turned away: no capacity 6 (Emergency food) and 1 (Adult social care), not eligible 2
  (Adult social care): every service's cell is hidden; the no-capacity total, 7, is shown.
- Wellbeing: 6 food bank referrals answered 4 then 6 (+2), 2 carers centre referrals 5 then 4
  (-1): 8 answered overall, +1.25. The manager sees the overall figure and neither service (the
  2 hides the 6 with it); the carers centre sees both (its own in full; the 6 is safe beside
  it); the food bank sees its own, and not the overall figure (less its own 6, it would give
  away the carers centre's 2).
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from joinedup.directory.models import CapacityStatus
from joinedup.insights.indicators import import_rows
from joinedup.referrals.models import Moment, Person, Referral, Status, WellbeingAnswers
from joinedup.search.models import UnmetNeed

from .conftest import T0

Q1 = "period=q2026-1"
HEADINGS = [
    "Unmet need",
    "Searches that found little",
    "Referrals turned away",
    "Services with a waiting list",
    "By area",
    "Referrals by the person's postcode district",
    "Referrals by IMD decile (latest values)",
    "How people felt",
]


def pack_text(client, user, partnership, query: str = Q1) -> str:
    client.force_login(user)
    url = reverse("insights:board-pack", kwargs={"pk": partnership.pk})
    response = client.get(f"{url}?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def cells(text: str, label: str, n: int) -> list[str]:
    """The `n` cells after a table row's label (the pack's text has a cell a line)."""
    lines = text.splitlines()
    assert label in lines, f"no row {label!r}"
    start = lines.index(label) + 1
    return lines[start : start + n]


def section(text: str, heading: str, following: str) -> str:
    return text[text.index(heading) : text.index(following, text.index(heading))]


@pytest.fixture
def place(
    scenario,
    partnership,
    refer,
    carers_centre,
    council,
    food_service,
    council_service,
    helpline,
    carers_service,
):
    for _ in range(6):
        refer(food_service, sender=carers_centre, steps=[(5, Status.REJECTED, "no_capacity")])

    def person(organization, postcode):
        return Person.objects.create(organization=organization, name="P", postcode=postcode)

    Referral.objects.filter(service=food_service).update(person=person(carers_centre, "BS5 6XX"))
    Referral.objects.filter(service__in=[council_service, helpline]).update(
        person=person(carers_centre, "BS2 0JA")
    )
    from_council = list(Referral.objects.filter(service=carers_service).order_by("pk"))
    Referral.objects.filter(pk__in=[r.pk for r in from_council[:5]]).update(
        person=person(council, "BS1 4DJ")
    )
    Referral.objects.filter(pk__in=[r.pk for r in from_council[5:]]).update(
        person=person(council, "BS3 1AA")
    )
    import_rows(
        partnership=partnership,
        rows=[
            {"area_code": code, "area_name": "", "indicator": "IMD decile"}
            | {"period": "2019", "value": value}
            for code, value in (("BS5", "1"), ("BS2", "3"), ("BS1", "6"), ("BS3", "6"))
        ],
    )
    day = datetime.date(2026, 2, 2)
    for theme, band, count in (
        ("Food", "enough", 20),
        ("Food", "none", 10),
        ("Housing", "enough", 12),
        ("Housing", "few", 6),
        ("Debt", "few", 3),
    ):
        UnmetNeed.objects.create(day=day, theme=theme, area="BS5", band=band, count=count)
    food_service.capacity_status = CapacityStatus.WAITING_LIST
    food_service.save(update_fields=["capacity_status"])
    answered = T0 + datetime.timedelta(days=30)
    got_help = Referral.objects.filter(service=food_service, outcome="got_help").order_by("pk")
    for referral, (before, after) in [
        *((r, (4, 6)) for r in got_help[:6]),
        *((r, (5, 4)) for r in from_council[:2]),
    ]:
        for moment, score in ((Moment.REFERRAL, before), (Moment.COMPLETION, after)):
            WellbeingAnswers.objects.create(
                referral=referral, moment=moment, life_satisfaction=score, recorded_at=answered
            )
    return partnership


def test_the_pack_carries_every_place_section_with_its_figures(client, pam, place):
    text = pack_text(client, pam, place)
    for heading in HEADINGS:
        assert heading in text, heading
    # Searches: the rate of those that found little, by theme.
    searches = section(text, "Searches that found little", "Referrals turned away")
    assert cells(searches, "Food", 4) == ["30", "10", "33.3%", "No searches"]
    assert cells(searches, "All themes", 3) == ["51", "19", "37.3%"]
    # Turned away: each service hidden, the no-capacity total shown.
    assert cells(text, "All services", 2) == ["7", "Not shown"]
    # Waiting lists count services: never hidden.
    waiting = section(text, "Services with a waiting list", "By area")
    assert cells(waiting, "Food", 2) == ["31 Jan 2026", "1"]
    assert waiting.count("Food") == 3  # at each month's end
    # By district and by decile.
    assert cells(text, "BS5 (Easton, St George, Whitehall)", 2) == ["16", "0"]
    assert cells(text, "All districts", 2) == ["31", "0"]
    deciles = section(text, "Referrals by IMD decile", "How people felt")
    assert cells(deciles, "1", 2) == ["BS5", "16"]
    # How people felt: the overall change with how many answered both times.
    assert cells(text, "Life satisfaction", 1) == ["+1.25 (8)"]
    assert "2 services are not listed" in text


def test_a_count_under_the_threshold_never_appears(client, pam, place):
    text = pack_text(client, pam, place)
    hidden = ["Not shown"] * 3
    assert cells(text, "Debt", 3) == hidden and cells(text, "Housing", 3) == hidden
    for turned_away in ("Emergency food", "Adult social care"):
        assert cells(text, turned_away, 2) == ["Not shown"] * 2
    districts = section(text, "Referrals by the person's postcode district", "IMD decile")
    assert [line for line in districts.splitlines() if line in {"2", "5"}] == []
    assert districts.count("Not shown") == 2  # BS3's 2 and BS1's 5 beside it
    deciles = section(text, "Referrals by IMD decile", "How people felt")
    assert cells(deciles, "6", 2) == ["BS1, BS3", "Not shown"]
    assert cells(deciles, "3", 2) == ["BS2", "Not shown"]
    felt = section(text, "How people felt", "How the partnership is working")
    assert "(2)" not in felt and "(6)" not in felt and "-1.00" not in felt


def test_a_member_sees_its_own_services_feelings_in_full(client, alice, place):
    felt = section(
        pack_text(client, alice, place), "How people felt", "How the partnership is working"
    )
    assert "-1.00 (2)" in felt  # the carers centre's own 2
    assert "+2.00 (6)" in felt  # beside a shown 6, its 2 give nothing away
    assert "+1.25 (8)" in felt


def test_a_member_cannot_work_out_the_others_from_the_overall_figure(client, dora, place):
    felt = section(
        pack_text(client, dora, place), "How people felt", "How the partnership is working"
    )
    assert "+2.00 (6)" in felt  # the food bank's own
    assert "(8)" not in felt and "+1.25" not in felt and "(2)" not in felt
    assert cells(felt, "Life satisfaction", 1) == ["Not shown"]


def test_the_place_figures_are_the_pages_own(client, pam, place):
    """The pack's unmet-need and by-area figures are the pages' for the same days."""
    client.force_login(pam)
    query = "period=custom&from=2026-01-01&to=2026-03-31"
    unmet_page = client.get(reverse("insights:unmet-need", args=[place.pk]) + "?" + query)
    areas_page = client.get(reverse("insights:areas", args=[place.pk]) + "?" + query)
    assert ">33.3%<" in unmet_page.content.decode().replace("\n", "")
    assert ">16<" in areas_page.content.decode()
    text = pack_text(client, pam, place, "period=custom&start=2026-01-01&end=2026-03-31")
    searches = section(text, "Searches that found little", "Referrals turned away")
    assert cells(searches, "Food", 3) == ["30", "10", "33.3%"]
    assert cells(text, "BS5 (Easton, St George, Whitehall)", 1) == ["16"]


def test_a_pack_with_nothing_in_the_place_sections_says_so(client, pam, partnership):
    text = pack_text(client, pam, partnership)
    assert "No searches were counted in this period." in text
    assert "No referral was turned away" in text
    assert "No service of the partnership had a waiting list" in text
    assert "No referrals were sent in this period or the one before." in text
    assert "has not imported any area indicator" in text
    assert cells(text, "Life satisfaction", 1) == ["No answers"]


@pytest.mark.parametrize("who", ["charlie", "quentin"])
def test_outsiders_cannot_download_the_pack(client, place, who, request):
    client.force_login(request.getfixturevalue(who))
    url = reverse("insights:board-pack", kwargs={"pk": place.pk})
    assert client.get(f"{url}?{Q1}").status_code == 404


def test_without_own_services_a_reader_sees_what_the_wellbeing_page_shows():
    from joinedup.insights.wellbeing import Pair, by_service, changes, seen_by

    keys = ("life_satisfaction", "worthwhile", "happiness", "anxiety")
    pairs = [Pair("a", dict.fromkeys(keys, 4), dict.fromkeys(keys, 6))] * 6 + [
        Pair("b", dict.fromkeys(keys, 5), dict.fromkeys(keys, 4))
    ] * 2
    names = {"a": "A", "b": "B"}
    assert seen_by(pairs, names, threshold=5) == (
        changes(pairs, threshold=5),
        by_service(pairs, names, threshold=5),
    )
    overall, services = seen_by(pairs, names, threshold=5, own={"a"})
    assert all(c.suppressed for c in overall)  # 8 less one's own 6 would give away b's 2
    assert [(s.service, s.changes[0].answered) for s in services] == [("a", 6), ("b", None)]
