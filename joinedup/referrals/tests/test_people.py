from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.core.models import AuditEvent
from joinedup.referrals import services
from joinedup.referrals.models import Person, nhs_number_is_valid

DOB = datetime.date(1958, 3, 14)


@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5919", "4010232137"])
def test_valid_nhs_numbers_pass_the_check_digit(number):
    assert nhs_number_is_valid(number)


@pytest.mark.parametrize(
    "number",
    [
        "9434765918",  # wrong check digit
        "4010232138",  # wrong check digit
        "0000000060",  # check digit would be 10: never issued
        "943476591",  # nine digits
        "94347659190",  # eleven digits
        "94347659I9",  # a letter
        "",
    ],
)
def test_invalid_nhs_numbers_fail_the_check_digit(number):
    assert not nhs_number_is_valid(number)


def make(actor, organization, **fields):
    defaults = {"name": "Mary Carer", "contact_preference": "do_not_contact"}
    return services.create_person(actor=actor, organization=organization, **defaults | fields)


def test_create_person_normalises_and_audits(alice, carers_centre):
    person = make(
        alice,
        carers_centre,
        name="  Mary   Carer ",
        postcode="bs56xx",
        nhs_number="943 476 5919",
        date_of_birth=DOB,
    )
    assert (person.name, person.postcode, person.nhs_number) == (
        "Mary Carer",
        "BS5 6XX",
        "9434765919",
    )
    event = AuditEvent.objects.for_target(person).get()
    assert event.action == "person.created" and event.organization == carers_centre
    assert "Mary" not in str(event.details)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"contact_preference": "phone"}, "phone"),
        ({"contact_preference": "email"}, "email"),
        ({"contact_preference": "email", "email": "not an email"}, "email"),
        ({"contact_preference": "post", "address": "1 High St"}, "address"),
        ({"contact_preference": "post", "postcode": "BS5 6XX"}, "address"),
        ({"nhs_number": "9434765918"}, "nhs_number"),
        ({"postcode": "not a postcode"}, "postcode"),
        ({"name": "  "}, "name"),
        ({"contact_preference": "pigeon"}, "contact_preference"),
    ],
)
def test_create_person_names_what_is_wrong(alice, carers_centre, fields, field):
    with pytest.raises(ValidationError) as caught:
        make(alice, carers_centre, **fields)
    assert field in caught.value.message_dict
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"contact_preference": "phone", "phone": "07700 900123"},
        {"contact_preference": "email", "email": "mary@example.org"},
        {"contact_preference": "post", "address": "1 High St, Ashdown", "postcode": "BS5 6XX"},
        {"contact_preference": "do_not_contact"},
        {"postcode": ""},  # no fixed address
    ],
)
def test_each_contact_preference_with_its_details_is_accepted(alice, carers_centre, fields):
    assert make(alice, carers_centre, **fields).pk


def test_only_members_record_people_for_an_organisation(charlie, pam, carers_centre):
    for actor in (charlie, pam):
        with pytest.raises(PermissionDenied):
            make(actor, carers_centre)
    assert not Person.objects.exists()


def test_possible_matches_ignore_case_and_spacing(alice, carers_centre):
    mary = make(alice, carers_centre, date_of_birth=DOB)
    found = Person.objects.possible_matches(
        organization=carers_centre, name="mary  CARER", date_of_birth=DOB
    )
    assert list(found) == [mary]


def test_possible_matches_exclude_a_different_date_of_birth(alice, carers_centre):
    make(alice, carers_centre, date_of_birth=DOB)
    undated = make(alice, carers_centre)
    found = Person.objects.possible_matches(
        organization=carers_centre, name="Mary Carer", date_of_birth=datetime.date(1990, 1, 1)
    )
    # The one with no date of birth may still be her.
    assert list(found) == [undated]


def test_possible_matches_find_a_changed_surname_by_birth_date_and_postcode(alice, carers_centre):
    mary = make(alice, carers_centre, date_of_birth=DOB, postcode="BS5 6XX")
    found = Person.objects.possible_matches(
        organization=carers_centre, name="Mary Smith", date_of_birth=DOB, postcode="bs5 6xx"
    )
    assert list(found) == [mary]
    assert not Person.objects.possible_matches(
        organization=carers_centre, name="Mary Smith", date_of_birth=DOB, postcode="BS6 7YY"
    ).exists()


def test_possible_matches_find_the_same_nhs_number(alice, carers_centre):
    mary = make(alice, carers_centre, nhs_number="9434765919")
    found = Person.objects.possible_matches(
        organization=carers_centre, name="M. Jones", nhs_number="943 476 5919"
    )
    assert list(found) == [mary]


def test_possible_matches_never_reach_another_organisation(
    alice, charlie, carers_centre, housing_org
):
    make(charlie, housing_org, date_of_birth=DOB, nhs_number="9434765919", postcode="BS5 6XX")
    found = Person.objects.possible_matches(
        organization=carers_centre,
        name="Mary Carer",
        date_of_birth=DOB,
        postcode="BS5 6XX",
        nhs_number="9434765919",
    )
    assert not found.exists()


def test_people_are_visible_to_their_organisation_only(alice, bob, charlie, pam, person):
    assert list(Person.objects.visible_to(alice)) == [person]
    assert list(Person.objects.visible_to(bob)) == [person]
    assert not Person.objects.visible_to(charlie).exists()
    # Partnership managers see counts, never people.
    assert not Person.objects.visible_to(pam).exists()


def test_reading_details_is_audited_and_refused_to_others(alice, charlie, pam, person):
    assert services.read_person_details(actor=alice, person=person) == person
    for actor in (charlie, pam):
        with pytest.raises(PermissionDenied):
            services.read_person_details(actor=actor, person=person)
    viewed = AuditEvent.objects.for_target(person).filter(action="person.viewed")
    assert list(viewed.values_list("actor__email", flat=True)) == ["alice@carers.example"]
