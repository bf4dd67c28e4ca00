"""The feed's `search` goes through the search engine: forgiving input, best match first,
the person's place on /service_at_locations, and bad input as a 400 problem."""

from __future__ import annotations

import pytest
from django.utils import timezone

from joinedup.directory.models import Service, ServiceAtLocation
from joinedup.search.services import rebuild_index

pytestmark = pytest.mark.django_db
SERVICES = "/api/oruk/services"
SALS = "/api/oruk/service_at_locations"


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["contents"]]


def test_misspelt_search_still_finds_the_service(directory, client):
    assert _ids(client.get(SERVICES, {"search": "wellbeng"})) == [str(directory.wellbeing.id)]


def test_synonyms_reach_the_feed(directory, client):
    # "arrears" is in the debt vocabulary group; the listing only says "Debt advice".
    assert _ids(client.get(SERVICES, {"search": "arrears"})) == [str(directory.debt.id)]


def test_search_results_come_best_match_first(directory, client):
    extra = Service.objects.create(
        organization=directory.org,
        name="Tea and chat",
        description="A cafe morning with a cup of tea.",
    )
    rebuild_index()
    ids = _ids(client.get(SERVICES, {"search": "wellbeing cafe"}))
    assert ids[0] == str(directory.wellbeing.id)
    assert str(extra.id) in ids
    body = client.get(SERVICES, {"search": "wellbeing cafe", "per_page": 1, "page": 2}).json()
    assert body["total_items"] == len(ids) and body["contents"][0]["id"] == ids[1]


def test_unpublished_services_never_match(directory, client):
    assert _ids(client.get(SERVICES, {"search": "draft"})) == []
    assert _ids(client.get(SERVICES, {"search": "closed"})) == []


@pytest.mark.parametrize("params", [{}, {"minimal": "true"}, {"full": "true"}, {"per_page": 1}])
def test_a_service_unpublished_after_it_was_indexed_is_never_served(
    directory, client, params, settings
):
    # The index follows the directory once a change commits; a service unpublished by a
    # statement that bypasses it (or read before the re-index) is still ranked by the engine,
    # and the feed's own check of the ranked services leaves it out of the page and, once its
    # list is read again (at once here: no snapshot is kept), out of the count.
    settings.JOINEDUP_FEED_SNAPSHOT_SECONDS = 0
    found = _ids(client.get(SERVICES, {"search": "debt wellbeing", "per_page": 50}))
    assert str(directory.debt.id) in found and len(found) >= 2
    Service.objects.filter(id=directory.debt.id).update(published=False)
    body = client.get(SERVICES, {"search": "debt wellbeing", **params}).json()
    served = [item["id"] for item in body["contents"]]
    assert str(directory.debt.id) not in served and served
    assert body["total_items"] == len(found) - 1


def test_search_streams_as_ndjson_in_rank_order(directory, client):
    response = client.get(SERVICES, {"search": "debt", "format": "ndjson"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 1 and str(directory.debt.id) in lines[0]


def test_service_at_locations_search_with_postcode_and_proximity(directory, client):
    both = {"search": "wellbeing debt", "postcode": "BS5 6XX"}
    assert set(_ids(client.get(SALS, both))) == {
        str(directory.hub_wellbeing.id),
        str(directory.office_debt.id),
    }
    near = _ids(client.get(SALS, {**both, "proximity": "1000"}))
    assert near == [str(directory.hub_wellbeing.id)]
    # From BS1 the wellbeing cafe is outside its service area: the engine leaves it out.
    assert _ids(client.get(SALS, {"search": "wellbeing", "postcode": "BS1 4DJ"})) == []


def test_service_at_locations_search_keeps_every_place_of_a_service(directory, client):
    second = ServiceAtLocation.objects.create(
        service=directory.wellbeing, location=directory.office
    )
    ids = _ids(client.get(SALS, {"search": "wellbeing"}))
    assert sorted(ids) == sorted([str(directory.hub_wellbeing.id), str(second.id)])


def test_unknown_postcode_with_search_is_a_400_problem(directory, client):
    response = client.get(SALS, {"search": "debt", "postcode": "ZZ99 9ZZ"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "postcode" in response.json()["detail"]


def test_overlong_search_is_cut_not_an_error(directory, client):
    assert client.get(SERVICES, {"search": "debt " * 200}).status_code == 200


@pytest.mark.parametrize("params", [{}, {"proximity": "5000"}, {"full": "true"}])
def test_a_place_whose_service_was_unpublished_after_indexing_is_never_served(
    directory, client, params, settings
):
    settings.JOINEDUP_FEED_SNAPSHOT_SECONDS = 0
    both = {"search": "wellbeing debt", "postcode": "BS5 6XX", **params}
    assert str(directory.office_debt.id) in _ids(client.get(SALS, both))
    Service.objects.filter(id=directory.debt.id).update(published=False)
    body = client.get(SALS, both).json()
    served = [item["id"] for item in body["contents"]]
    assert str(directory.office_debt.id) not in served
    assert str(directory.hub_wellbeing.id) in served and body["total_items"] == len(served)


def test_a_ranked_page_is_read_only_where_the_service_and_its_organisation_are_published(
    directory,
):
    # The page of a ranked list is read by its ids; the ids were chosen among published
    # services a moment before, and the read checks again.
    from joinedup.api.params import FeedParams
    from joinedup.api.queries import published_places

    ids = [directory.hub_wellbeing.id, directory.office_debt.id]
    assert {sal.id for sal in published_places(ids, FeedParams())} == set(ids)
    Service.objects.filter(id=directory.debt.id).update(published=False)
    assert [sal.id for sal in published_places(ids, FeedParams())] == [ids[0]]
    directory.org.published = False
    directory.org.save(update_fields=["published"])
    assert list(published_places(ids, FeedParams(full=True))) == []


def test_a_ranked_page_of_list_items_reads_as_the_models_do(directory):
    # The list items of a ranked page are value rows; they serialise exactly as the models.
    from joinedup.api.params import FeedParams
    from joinedup.api.queries import published_places
    from joinedup.directory.hsds import service_at_locations_query, service_at_locations_to_hsds

    ids = list(ServiceAtLocation.objects.order_by("id").values_list("id", flat=True))
    rows = sorted(published_places(ids, FeedParams()), key=lambda row: row.pk)
    models = list(service_at_locations_query(full=False).filter(pk__in=[row.pk for row in rows]))
    assert rows and len(rows) == len(models)
    assert service_at_locations_to_hsds(rows, full=False) == service_at_locations_to_hsds(
        sorted(models, key=lambda sal: sal.pk), full=False
    )


@pytest.mark.parametrize("path", [SERVICES, SALS])
def test_a_searched_list_is_kept_a_while_but_never_serves_an_unpublished_service(
    directory, client, path
):
    # The list a search keeps (its ranked services' conditions, read once: snapshots.py) is
    # read again when a service changes. Between those, a service unpublished by a statement
    # that bypasses the directory's upkeep may still be counted, but is never served.
    asked = {"search": "wellbeing debt", "postcode": "BS5 6XX", "per_page": 50}
    first = client.get(path, asked).json()
    assert first["total_items"] == 2
    Service.objects.filter(id=directory.debt.id).update(published=False)
    kept = client.get(path, asked).json()
    served = [item["id"] for item in kept["contents"]]
    assert kept["total_items"] == 2 and len(served) == 1
    assert str(directory.debt.id) not in served
    assert all(str(directory.office_debt.id) != item for item in served)
    # An edit moves the directory's version (every listing change sets `last_modified`): the
    # list is read again, the count true.
    Service.objects.filter(id=directory.wellbeing.id).update(last_modified=timezone.now())
    again = client.get(path, asked).json()
    assert again["total_items"] == 1 and len(again["contents"]) == 1


def test_a_kept_list_is_of_one_ranking_only(db):
    # Keyed by the ranking it was read from: another order of the engine reads the list again.
    from uuid import uuid4

    from joinedup.api.snapshots import snapshot_of_ranked

    a, b = uuid4(), uuid4()
    reads: list[list] = []

    def read(ranked):
        def ids():
            reads.append(ranked)
            return list(ranked)

        return ids

    assert snapshot_of_ranked("k", [a, b], read([a, b])) == [a, b]
    assert snapshot_of_ranked("k", [a, b], read([b])) == [a, b]  # kept
    assert snapshot_of_ranked("k", [b, a], read([b, a])) == [b, a]  # another ranking
    assert len(reads) == 2


def test_searched_lists_have_room_of_their_own(db):
    # Twenty searches in turn (four texts from five districts, harvested again and again) are
    # all kept, and push no whole list's snapshot out.
    from uuid import uuid4

    from joinedup.api import snapshots

    whole = snapshots.snapshot("whole", lambda: Service.objects.values_list("pk", flat=True))
    rankings = {f"search {n}": [uuid4()] for n in range(20)}
    reads = []
    for _ in range(2):
        for key, ranked in rankings.items():
            snapshots.snapshot_of_ranked(key, ranked, lambda r=ranked: reads.append(r) or r)
    assert len(reads) == 20
    assert snapshots.snapshot("whole", lambda: pytest.fail("read again")) is whole


def test_a_ranked_page_s_places_are_read_as_the_orm_reads_them(directory):
    from joinedup.api.queries import _PLACE_COLUMNS, _place_rows

    ids = list(ServiceAtLocation.objects.order_by("id").values_list("id", flat=True))
    assert len(ids) >= 2
    expected = list(
        ServiceAtLocation.objects.filter(pk__in=ids).order_by("id").values(*_PLACE_COLUMNS)
    )
    assert sorted(_place_rows(ids), key=lambda row: row["id"]) == expected
    assert _place_rows([]) == [] and _place_rows(ids[:1]) == expected[:1]
