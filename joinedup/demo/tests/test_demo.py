from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from joinedup.core import postcodes
from joinedup.core.models import AuditEvent, User
from joinedup.demo.loader import load_demo_place
from joinedup.demo.partnership import reset_demo_partnership
from joinedup.demo.referrals import reset_demo_referrals
from joinedup.demo.users import DEMO_PASSWORD, DEMO_USERS, TEAM_USERS
from joinedup.directory.models import (
    Address,
    Attribute,
    Location,
    LocationType,
    Membership,
    Organization,
    Schedule,
    Sector,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from joinedup.referrals.models import Referral

DIRECTORY_MODELS = [
    Organization,
    Service,
    Location,
    Address,
    Schedule,
    ServiceArea,
    ServiceAtLocation,
    Attribute,
    TaxonomyTerm,
    User,
    Membership,
]


def counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in DIRECTORY_MODELS}


def test_demo_has_30_organisations_across_every_public_sector(demo_place):
    assert Organization.objects.count() >= 30
    sectors = set(Organization.objects.values_list("sector", flat=True))
    assert {s.value for s in Sector} <= sectors


def test_demo_has_150_services_each_described_and_categorised(demo_place):
    services = Service.objects.all()
    assert services.count() >= 150
    linked = set(Attribute.objects.filter(link_entity="service").values_list("link_id", flat=True))
    for service in services:
        assert len(service.description) > 60, service.name
        assert service.id in linked, service.name
        assert service.eligibility_description, service.name
        assert service.application_process, service.name


def test_service_descriptions_are_distinct(demo_place):
    descriptions = list(Service.objects.values_list("description", flat=True))
    assert len(set(descriptions)) == len(descriptions)


def test_taxonomy_has_two_levels(demo_place):
    top = TaxonomyTerm.objects.filter(parent__isnull=True)
    assert top.count() >= 10
    assert TaxonomyTerm.objects.filter(parent__in=top).count() >= 30
    assert TaxonomyTerm.objects.filter(parent__parent__isnull=False).count() == 0


def test_demo_shows_every_intake_mode_and_capacity_status(demo_place):
    assert set(Service.objects.values_list("intake_mode", flat=True)) == {
        "joinedup",
        "email",
        "phone",
        "signposting",
    }
    capacity = list(Service.objects.values_list("capacity_status", flat=True))
    assert capacity.count("accepting") > len(capacity) / 2
    assert "not_accepting" in capacity
    waiting = Service.objects.filter(capacity_status="waiting_list")
    assert waiting.exists()
    assert not waiting.filter(capacity_wait_band="").exists()


def test_some_listings_are_stale_and_most_are_not(demo_place):
    stale = Service.objects.stale().count()
    assert 0 < stale < Service.objects.count() / 5


def test_some_services_are_closed_or_inactive(demo_place):
    assert Service.objects.filter(status="temporarily closed").exists()
    assert Service.objects.filter(status="inactive").exists()


def test_some_services_have_no_building(demo_place):
    with_place = ServiceAtLocation.objects.values_list("service_id", flat=True)
    assert Service.objects.exclude(id__in=with_place).exists()
    assert Location.objects.filter(location_type=LocationType.VIRTUAL).exists()


def test_opening_hours_read_as_text(demo_place):
    texts = [schedule.describe() for schedule in Schedule.objects.all()]
    assert "Monday to Friday, 9am to 5pm" in texts
    assert all(texts)


def test_demo_addresses_have_valid_locatable_postcodes_near_their_coordinates(demo_place):
    for address in Address.objects.select_related("location"):
        assert postcodes.is_full_postcode(address.postal_code), address.postal_code
        lat, lng = postcodes.locate(address.postal_code)
        location = address.location
        # Each building is within a kilometre of its district's centroid.
        assert postcodes.distance_m(lat, lng, location.latitude, location.longitude) < 1000


def test_service_areas_list_live_postcode_districts(demo_place):
    for area in ServiceArea.objects.all():
        assert area.extent_type == "postcode_districts"
        for code in area.extent.split():
            postcodes.locate(code)


def test_demo_contact_details_are_fictional(demo_place):
    from joinedup.directory.models import Phone

    for number in Phone.objects.values_list("number", flat=True):
        assert number.startswith(("01632 960", "0808 157 0")), number
    for email in Service.objects.values_list("email", flat=True):
        assert email.endswith(".example.org"), email


def test_running_twice_creates_nothing_new(demo_place):
    before = counts()
    second = load_demo_place()
    assert second.total_created == 0
    assert counts() == before


def test_edits_survive_a_second_run(demo_place):
    service = Service.objects.get(name="Carers support and advice")
    service.capacity_status = "not_accepting"
    service.save(update_fields=["capacity_status"])
    load_demo_place()
    service.refresh_from_db()
    assert service.capacity_status == "not_accepting"


def test_reset_restores_original_content(demo_place):
    service = Service.objects.get(name="Carers support and advice")
    service.schedules.all().delete()
    before = counts()
    # The demo's referrals and partnership point at its services: they go first, as in
    # `load_demo --reset`.
    reset_demo_referrals()
    reset_demo_partnership()
    load_demo_place(reset=True)
    assert service.schedules.count() == 1
    assert counts()["Service"] == before["Service"]


def test_a_deleted_service_comes_back_whole(demo_place):
    service = Service.objects.get(name="Free debt advice")
    service_id = service.id
    terms = Attribute.objects.filter(link_id=service_id).count()
    Attribute.objects.filter(link_id=service_id).delete()
    # The demo year refers people to it: a service with referrals cannot be deleted.
    Referral.objects.filter(service=service).delete()
    service.delete()
    load_demo_place()
    again = Service.objects.get(pk=service_id)
    assert again.schedules.exists()
    assert Attribute.objects.filter(link_id=again.id).count() == terms


def test_loader_writes_one_audit_event(demo_place):
    assert AuditEvent.objects.filter(action="demo.loaded").count() == 1


@pytest.mark.parametrize("person", DEMO_USERS, ids=lambda p: p.email)
def test_demo_users_can_sign_in(demo_place, person, rf):
    user = authenticate(rf.post("/"), email=person.email, password=DEMO_PASSWORD)
    assert user is not None
    assert user.email == person.email


def test_demo_has_a_login_for_each_role(demo_place):
    assert User.objects.filter(is_partnership_manager=True).exists()
    assert User.objects.filter(is_superuser=True, is_staff=True).exists()
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {Membership.Role.ADMIN, Membership.Role.MEMBER}


def test_carers_admin_can_edit_only_the_carers_centre(demo_place):
    admin = User.objects.get(email="jo.whitfield@example.org")
    editable = Organization.objects.editable_by(admin)
    assert list(editable.values_list("name", flat=True)) == ["Ashdown Carers Centre"]


def test_load_demo_command_prints_one_line_summary(demo_place, capsys):
    out = demo_place.strip()  # what `load_demo` printed when it loaded the demo
    assert "\n" not in out
    assert "organisations" in out
    call_command("load_demo")
    again = capsys.readouterr().out
    assert "nothing created" in again
    assert "Search index up to date" in again


def test_demo_logins_command_lists_every_login(db, capsys):
    call_command("demo_logins")
    out = capsys.readouterr().out
    for person in DEMO_USERS:
        assert person.email in out
    assert DEMO_PASSWORD in out
    assert "Ashdown Carers Centre" in out


def test_demo_feed_validates_against_hsds_and_oruk(demo_place, client):
    from joinedup.api.validation import project_validator

    validator = project_validator()
    errors = []
    for service_id in Service.objects.values_list("id", flat=True):
        response = client.get(f"/api/oruk/services/{service_id}")
        assert response.status_code == 200
        errors += validator.errors("service", response.json())
    for org_id in Organization.objects.values_list("id", flat=True):
        response = client.get(f"/api/oruk/organizations/{org_id}")
        errors += validator.errors("organization", response.json())
    response = client.get("/api/oruk/service_at_locations?postcode=BS5 6XX&proximity=3000")
    assert response.json()["total_items"] > 10
    errors += validator.errors("service_at_locations", response.json())
    assert errors == []


def test_every_demo_organisation_has_someone_who_can_sign_in_to_answer(demo_place, rf):
    # A referral to an organisation with no users reaches no one (and is not offered).
    unanswered = Organization.objects.filter(services__published=True).exclude(
        memberships__user__in=User.objects.filter(is_active=True).exclude(
            password__startswith="!"  # the partnership demo's sign-in-less representatives
        )
    )
    assert list(unanswered.distinct().values_list("name", flat=True)) == []
    assert Service.objects.published().answerable().count() == Service.objects.published().count()
    team = TEAM_USERS[0]
    assert authenticate(rf.post("/"), email=team.email, password=DEMO_PASSWORD) is not None


def test_demo_logins_lists_every_receiving_team(db, capsys):
    call_command("demo_logins")
    out = capsys.readouterr().out
    for person in TEAM_USERS:
        assert person.email in out
    for role in ("Organisation admin", "Receiving team member", "Practitioner", "Partnership"):
        assert role in out


def test_demo_logins_say_whether_two_factor_sign_in_is_needed(db, capsys, settings):
    call_command("demo_logins")
    assert "Two-factor sign-in is not required in the demo" in capsys.readouterr().out
    settings.JOINEDUP_TWO_FACTOR_REQUIRED_FOR = ["org_admin"]
    call_command("demo_logins")
    assert "Two-factor sign-in is required for: org_admin" in capsys.readouterr().out
