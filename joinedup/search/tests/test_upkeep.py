"""Index upkeep: edits and imports re-index the services they change once they commit."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction

from joinedup.directory import services as directory
from joinedup.directory.importers import import_directory
from joinedup.directory.models import CapacityStatus, Location, ServiceAtLocation
from joinedup.search.engine import search
from joinedup.search.models import SearchEntry
from joinedup.search.query import SearchQuery
from joinedup.search.services import rebuild_index

FIXTURES = Path(__file__).parents[2] / "directory" / "tests" / "fixtures" / "import"

pytestmark = pytest.mark.django_db


def found(text: str, **filters) -> list[str]:
    return [hit.name for hit in search(SearchQuery(text=text, **filters)).hits]


def test_an_edit_is_searchable_right_after_it_commits(
    alice, carers_service, django_capture_on_commit_callbacks
):
    rebuild_index()
    assert found("respite") == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        directory.update_service(
            actor=alice,
            service=carers_service,
            changes={"description": "Respite breaks for unpaid carers."},
        )
    assert len(callbacks) == 1
    assert found("respite") == ["Carers' wellbeing check"]


def test_nothing_is_reindexed_before_the_commit(
    alice, carers_service, django_capture_on_commit_callbacks
):
    rebuild_index()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        directory.update_service(
            actor=alice, service=carers_service, changes={"name": "Respite for carers"}
        )
    # Still the old name: the task waits for the commit.
    assert found("respite") == []
    assert len(callbacks) == 1


def test_a_rolled_back_edit_enqueues_nothing(
    alice, carers_service, django_capture_on_commit_callbacks
):
    rebuild_index()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        directory.update_service(
            actor=alice, service=carers_service, changes={"name": "Respite for carers"}
        )
        raise RuntimeError("the request failed after the edit")
    assert callbacks == []
    assert found("respite") == []


def test_capacity_change_updates_the_accepting_filter(
    alice, carers_service, django_capture_on_commit_callbacks
):
    carers_service.capacity_status = CapacityStatus.NOT_ACCEPTING
    carers_service.save()
    rebuild_index()
    assert found("carer", accepting_referrals=True) == []
    with django_capture_on_commit_callbacks(execute=True):
        directory.set_service_capacity(
            actor=alice, service=carers_service, status=CapacityStatus.ACCEPTING
        )
    assert found("carer", accepting_referrals=True) == ["Carers' wellbeing check"]


def test_intake_mode_change_is_searchable(
    alice, carers_service, django_capture_on_commit_callbacks
):
    rebuild_index()
    with django_capture_on_commit_callbacks(execute=True):
        directory.set_intake_mode(actor=alice, service=carers_service, intake_mode="phone")
    assert found("carer", intake_mode="phone") == ["Carers' wellbeing check"]


def test_a_new_location_gives_the_service_a_distance(
    alice, carers_service, django_capture_on_commit_callbacks
):
    rebuild_index()
    [hit] = search(SearchQuery(text="carer", postcode="BS5 6XX")).hits
    assert hit.distance_m is None
    with django_capture_on_commit_callbacks(execute=True):
        directory.add_service_location(
            actor=alice,
            service=carers_service,
            changes={"name": "Easton hub"},
            address={"address_1": "1 Stapleton Road", "city": "Bristol", "postal_code": "BS5 6XX"},
        )
    [hit] = search(SearchQuery(text="carer", postcode="BS5 6XX")).hits
    assert hit.distance_m is not None and hit.distance_m < 1000


def test_moving_a_location_reindexes_every_service_there(
    alice, carers_service, django_capture_on_commit_callbacks
):
    place = Location.objects.create(
        organization=carers_service.organization, name="Hub", latitude=51.46, longitude=-2.56
    )
    ServiceAtLocation.objects.create(service=carers_service, location=place)
    rebuild_index()
    assert found("carer", postcode="BS5 6XX", distance_km=2) == ["Carers' wellbeing check"]
    with django_capture_on_commit_callbacks(execute=True):
        # To Plymouth: far outside 2 km of Easton.
        directory.update_location(
            actor=alice,
            service=carers_service,
            location=place,
            changes={"latitude": 50.37, "longitude": -4.14},
            address={},
        )
    assert found("carer", postcode="BS5 6XX", distance_km=2) == []


def test_an_import_is_searchable_after_it_commits(django_capture_on_commit_callbacks):
    assert SearchEntry.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_directory(paths=[FIXTURES / "hsds_service.json"])
    assert len(callbacks) == 1  # one task for the batch, not one per record
    assert found("money advice") == ["Money advice clinic"]


def test_a_reimport_of_a_changed_record_updates_the_index(
    tmp_path, django_capture_on_commit_callbacks
):
    source = (FIXTURES / "hsds_service.json").read_text()
    with django_capture_on_commit_callbacks(execute=True):
        import_directory(paths=[FIXTURES / "hsds_service.json"])
    changed = tmp_path / "changed.json"
    changed.write_text(source.replace("Money advice clinic", "Budgeting clinic"))
    with django_capture_on_commit_callbacks(execute=True):
        import_directory(paths=[changed])
    assert found("budgeting") == ["Budgeting clinic"]
    # The old name is gone from the index, not kept beside the new one.
    assert found("clinic") == ["Budgeting clinic"]


def test_an_unchanged_reimport_enqueues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_directory(paths=[FIXTURES / "hsds_service.json"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_directory(paths=[FIXTURES / "hsds_service.json"])
    assert callbacks == []
