"""Result cards: what a person reads about each hit, read for the whole page at once."""

from __future__ import annotations

import datetime

import pytest

from joinedup.directory.models import CapacityStatus, Schedule, Service, WaitBand
from joinedup.search import engine
from joinedup.search.cards import cards
from joinedup.search.query import SearchQuery
from joinedup.search.services import rebuild_index

MONDAY = datetime.date(2026, 11, 30)
SUNDAY = MONDAY + datetime.timedelta(days=6)


@pytest.fixture
def clinic(make_service, words_only) -> Service:
    clinic: Service = make_service(
        "Memory clinic",
        "Support after a diagnosis of <b>dementia</b>.",
        postcode="BS5 6XX",
        capacity_status=CapacityStatus.WAITING_LIST,
        capacity_wait_band=WaitBand.WEEKS_2_TO_4,
    )
    Schedule.objects.create(
        service=clinic,
        freq="WEEKLY",
        byday="MO,TU",
        opens_at=datetime.time(9),
        closes_at=datetime.time(17),
    )
    make_service("Dementia helpline", "Talk to a dementia nurse.", phone=True)
    rebuild_index()
    return clinic


def test_card_shows_hours_capacity_wait_and_link(clinic):
    results = engine.search(SearchQuery(text="dementia", today=MONDAY))
    found = {card.name: card for card in cards(results, today=MONDAY)}
    card = found["Memory clinic"]
    assert card.id == clinic.pk
    assert card.organisation_id == clinic.organization_id
    assert card.description == "Support after a diagnosis of <b>dementia</b>."
    assert card.url == f"/services/{clinic.pk}/"
    assert card.open_today
    assert card.hours_today == "9am to 5pm"
    assert (card.capacity_status, card.capacity_label) == ("waiting_list", "Waiting list")
    assert (card.wait_band, card.wait_band_label) == ("2_to_4_weeks", "2 to 4 weeks")
    helpline = found["Dementia helpline"]
    assert helpline.hours_today == ""
    assert (helpline.wait_band, helpline.wait_band_label) == ("", "")
    assert helpline.url == f"/services/{helpline.id}/"


def test_schedules_are_read_only_when_a_hit_is_open_today(clinic, django_assert_num_queries):
    closed = engine.search(SearchQuery(text="dementia", today=SUNDAY))
    with django_assert_num_queries(1):
        found = cards(closed, today=SUNDAY)
    assert [card.hours_today for card in found] == ["", ""]
    open_now = engine.search(SearchQuery(text="dementia", today=MONDAY))
    with django_assert_num_queries(2):
        cards(open_now, today=MONDAY)


def test_a_service_removed_after_the_search_is_left_out(clinic):
    results = engine.search(SearchQuery(text="dementia", today=MONDAY))
    clinic.delete()
    assert [card.name for card in cards(results, today=MONDAY)] == ["Dementia helpline"]
