"""The listing use cases: each part saved on its own, audited, re-indexed, refused to outsiders."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from joinedup.core.models import AuditEvent, User
from joinedup.directory import languages, listing
from joinedup.directory.models import (
    Attribute,
    Language,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    TaxonomyTerm,
)

pytestmark = pytest.mark.django_db

NINE, FIVE = datetime.time(9), datetime.time(17)


@pytest.fixture
def draft(alice, carers_centre) -> Service:
    return listing.create_service(
        actor=alice, organization=carers_centre, name="Young carers club", description="Fun."
    )


@pytest.fixture
def terms(db) -> dict[str, TaxonomyTerm]:
    health = TaxonomyTerm.objects.create(name="Health")
    return {
        "health": health,
        "dementia": TaxonomyTerm.objects.create(name="Dementia", parent=health),
        "money": TaxonomyTerm.objects.create(name="Money"),
    }


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("created_at").values_list("action", flat=True))


# Creating, publishing, withdrawing


def test_a_new_service_is_a_draft_of_its_organisation(draft, alice, carers_centre):
    assert draft.organization == carers_centre
    assert draft.published is False
    event = AuditEvent.objects.get(action="service.created")
    assert event.actor == alice
    assert event.organization_id == carers_centre.pk


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_only_the_organisations_admins_add_services(who, request, carers_centre):
    with pytest.raises(PermissionDenied):
        listing.create_service(
            actor=request.getfixturevalue(who), organization=carers_centre, name="Mine"
        )
    assert not Service.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_new_service_needs_a_name(alice, carers_centre):
    with pytest.raises(ValidationError):
        listing.create_service(actor=alice, organization=carers_centre, name="  ")
    assert not Service.objects.exists()


def test_publishing_needs_a_description_and_a_way_to_get_in_touch(draft, alice):
    Service.objects.filter(pk=draft.pk).update(description="")
    with pytest.raises(ValidationError) as refused:
        listing.publish_service(actor=alice, service=draft)
    assert set(refused.value.message_dict) == {"description", "contact"}
    draft.refresh_from_db()
    assert draft.published is False
    assert "service.published" not in _actions()


def test_the_database_refuses_a_published_service_without_an_organisation(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Service.objects.create(name="Nobody's", published=True)
    Service.objects.create(name="Nobody's draft", published=False)


def test_a_service_without_an_organisation_cannot_be_published(db):
    # Only a superuser may change a listing in no organisation (and so in no partnership).
    root = User.objects.create_superuser("root@example.org", "a long admin password")
    orphan = Service.objects.create(
        name="Orphan", description="x", url="https://x.example", published=False
    )
    with pytest.raises(ValidationError) as refused:
        listing.publish_service(actor=root, service=orphan)
    assert "organization" in refused.value.message_dict
    orphan.refresh_from_db()
    assert orphan.published is False


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_outsiders_cannot_publish_or_withdraw(who, request, carers_service):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        listing.withdraw_service(actor=actor, service=carers_service)
    carers_service.refresh_from_db()
    assert carers_service.published is True


# Categories


def test_categories_replace_the_services_terms(draft, alice, terms):
    listing.set_categories(actor=alice, service=draft, term_ids=[terms["dementia"].pk])
    listing.set_categories(
        actor=alice, service=draft, term_ids=[terms["money"].pk, terms["health"].pk]
    )
    linked = set(
        Attribute.objects.filter(link_id=draft.pk).values_list("taxonomy_term__name", flat=True)
    )
    assert linked == {"Money", "Health"}
    assert _actions().count("service.categories_changed") == 2


def test_an_unknown_category_changes_nothing(draft, alice, terms):
    import uuid

    with pytest.raises(ValidationError):
        listing.set_categories(
            actor=alice, service=draft, term_ids=[terms["money"].pk, uuid.uuid4()]
        )
    assert not Attribute.objects.exists()


# Languages


def test_en_and_english_are_one_language():
    assert languages.normalise("en") == languages.normalise("English") == "en"
    assert languages.normalise("EN-gb") == "en"
    assert languages.normalise("Farsi") == "fa"
    assert languages.normalise("Klingon") is None


def test_languages_are_kept_as_codes_with_english_names(draft, alice):
    listing.set_languages(
        actor=alice, service=draft, codes=["en", "English", "pl"], interpretation="Any"
    )
    rows = sorted(Language.objects.filter(service=draft).values_list("code", "name"))
    assert rows == [("en", "English"), ("pl", "Polish")]
    draft.refresh_from_db()
    assert draft.interpretation_services == "Any"


def test_a_language_not_on_the_list_is_refused(draft, alice):
    with pytest.raises(ValidationError):
        listing.set_languages(actor=alice, service=draft, codes=["pl", "Elvish"])
    assert not Language.objects.exists()


# Delivery


def test_delivery_is_chosen_from_the_list(draft, alice):
    listing.set_delivery(actor=alice, service=draft, methods=["online", "in_person"])
    draft.refresh_from_db()
    assert draft.delivery_methods == ["in_person", "online"]
    with pytest.raises(ValidationError):
        listing.set_delivery(actor=alice, service=draft, methods=["by pigeon"])
    with pytest.raises(ValidationError):
        listing.set_delivery(actor=alice, service=draft, methods=[])
    draft.refresh_from_db()
    assert draft.delivery_methods == ["in_person", "online"]


# Opening hours


def test_opening_hours_are_a_weekly_pattern_with_exceptions(draft, alice):
    listing.set_opening_hours(
        actor=alice,
        service=draft,
        week={"MO": (NINE, FIVE), "WE": (NINE, datetime.time(12)), "SU": None},
        exceptions="Closed on bank holidays",
    )
    rows = Schedule.objects.filter(service=draft)
    described = sorted(row.describe() for row in rows)
    assert described == [
        "Closed on bank holidays",
        "Monday, 9am to 5pm",
        "Wednesday, 9am to midday",
    ]
    event = AuditEvent.objects.get(action="service.hours_changed")
    assert event.details["after"]["week"] == {
        "MO": ["09:00:00", "17:00:00"],
        "WE": ["09:00:00", "12:00:00"],
    }


def test_closing_before_opening_changes_nothing(draft, alice):
    listing.set_opening_hours(actor=alice, service=draft, week={"MO": (NINE, FIVE)})
    with pytest.raises(ValidationError) as refused:
        listing.set_opening_hours(
            actor=alice, service=draft, week={"MO": (NINE, FIVE), "TU": (FIVE, NINE)}
        )
    assert "tu_closes" in refused.value.message_dict
    assert [r.byday for r in Schedule.objects.filter(service=draft)] == ["MO"]


def test_saving_the_same_hours_writes_no_audit(draft, alice):
    listing.set_opening_hours(actor=alice, service=draft, week={"MO": (NINE, FIVE)})
    listing.set_opening_hours(actor=alice, service=draft, week={"MO": (NINE, FIVE)})
    assert _actions().count("service.hours_changed") == 1


# Contact details and area


def test_contact_details_replace_the_services_phones(draft, alice):
    listing.set_contact_details(
        actor=alice,
        service=draft,
        phones=[("0117 496 0000", "Referrals"), ("", "ignored")],
        email="hello@carers.example",
        url="https://carers.example",
    )
    listing.set_contact_details(
        actor=alice, service=draft, phones=[("0117 496 0001", "")], email="", url=""
    )
    assert list(Phone.objects.filter(service=draft).values_list("number", flat=True)) == [
        "0117 496 0001"
    ]
    draft.refresh_from_db()
    assert draft.email == ""


def test_area_is_named_and_given_as_postcode_districts(draft, alice):
    listing.set_service_area(
        actor=alice, service=draft, name="East Bristol", outcodes=["bs5", "BS5 6XX", "BS2"]
    )
    area = ServiceArea.objects.get(service=draft)
    assert (area.name, area.extent, area.extent_type) == (
        "East Bristol",
        "BS5 BS2",
        "postcode_districts",
    )
    with pytest.raises(ValidationError):
        listing.set_service_area(actor=alice, service=draft, name="", outcodes=["ZZ99"])
    assert ServiceArea.objects.get(service=draft).extent == "BS5 BS2"


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_outsiders_change_no_part_of_a_listing(who, request, draft, terms):
    actor = request.getfixturevalue(who)
    attempts = [
        lambda: listing.set_categories(actor=actor, service=draft, term_ids=[terms["money"].pk]),
        lambda: listing.set_languages(actor=actor, service=draft, codes=["en"]),
        lambda: listing.set_delivery(actor=actor, service=draft, methods=["phone"]),
        lambda: listing.set_opening_hours(actor=actor, service=draft, week={"MO": (NINE, FIVE)}),
        lambda: listing.set_contact_details(
            actor=actor, service=draft, phones=[], email="", url=""
        ),
        lambda: listing.set_service_area(actor=actor, service=draft, name="Mine", outcodes=[]),
        lambda: listing.publish_service(actor=actor, service=draft),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert _actions() == ["service.created"]


def test_every_change_tells_search(draft, alice, terms, monkeypatch):
    told: list[list[object]] = []
    monkeypatch.setattr(listing, "listings_changed", lambda ids: told.append(list(ids)))
    listing.set_categories(actor=alice, service=draft, term_ids=[terms["money"].pk])
    listing.set_languages(actor=alice, service=draft, codes=["en"])
    listing.set_delivery(actor=alice, service=draft, methods=["phone"])
    listing.set_opening_hours(actor=alice, service=draft, week={"MO": (NINE, FIVE)})
    listing.set_contact_details(
        actor=alice, service=draft, phones=[("0117 496 0000", "")], email="", url=""
    )
    listing.set_service_area(actor=alice, service=draft, name="Bristol", outcodes=["BS1"])
    listing.publish_service(actor=alice, service=draft)
    assert told == [[draft.pk]] * 7


def test_an_import_keeps_orphans_unpublished_and_normalises_languages(
    tmp_path, django_capture_on_commit_callbacks
):
    import json

    from joinedup.directory.importers import import_directory

    feed = tmp_path / "feed.json"
    feed.write_text(
        json.dumps(
            [
                {"id": "x-1", "name": "Loose helpline", "description": "Call.", "status": "active"},
                {
                    "id": "x-2",
                    "name": "Carers' cafe",
                    "description": "Tea.",
                    "status": "active",
                    "organization": {"id": "org-9", "name": "Ashdown Carers"},
                    "languages": [{"name": "English"}, {"code": "PL-pl"}],
                },
            ]
        )
    )
    with django_capture_on_commit_callbacks() as callbacks:
        import_directory(paths=[feed])
    assert Service.objects.get(name="Loose helpline").published is False
    cafe = Service.objects.get(name="Carers' cafe")
    assert cafe.published is True
    # "English" as the source spells it is the same language as the pages' "en".
    assert sorted(cafe.languages.values_list("code", "name")) == [
        ("en", "English"),
        ("pl", "Polish"),
    ]
    assert callbacks  # the import re-indexes what it wrote once it commits
