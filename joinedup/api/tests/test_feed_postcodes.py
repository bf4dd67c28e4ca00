"""`postcode` and `proximity` on /service_at_locations.

The wellbeing cafe (at the Easton hub, BS5) covers BS5 and BS6; debt advice (at the city
office, BS1, about 2.9 km from BS5's centroid) has no service area, so it is available
everywhere.
"""

from __future__ import annotations

import pytest

from joinedup.directory.models import ServiceArea

pytestmark = pytest.mark.django_db
URL = "/api/oruk/service_at_locations"


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["contents"]]


def test_postcode_keeps_services_whose_area_covers_it(directory, client):
    both = sorted([str(directory.hub_wellbeing.id), str(directory.office_debt.id)])
    assert sorted(_ids(client.get(URL, {"postcode": "bs5 6xx"}))) == both
    assert sorted(_ids(client.get(URL, {"postcode": "BS6"}))) == both


def test_postcode_outside_the_area_leaves_only_services_available_everywhere(directory, client):
    assert _ids(client.get(URL, {"postcode": "BS1 4DJ"})) == [str(directory.office_debt.id)]


def test_a_district_is_matched_whole_not_as_a_prefix(directory, client):
    # BS5 must not match an area listing BS50 or BS51.
    ServiceArea.objects.filter(service=directory.wellbeing).update(extent="BS50,BS51")
    assert _ids(client.get(URL, {"postcode": "BS5 6XX"})) == [str(directory.office_debt.id)]


def test_areas_described_in_words_do_not_hide_a_service(directory, client):
    ServiceArea.objects.filter(service=directory.wellbeing).update(
        extent="", extent_type="", name="Bristol"
    )
    assert len(_ids(client.get(URL, {"postcode": "BS1 4DJ"}))) == 2


def test_proximity_keeps_what_is_within_that_distance_nearest_first(directory, client):
    near = _ids(client.get(URL, {"postcode": "BS5 6XX", "proximity": "1000"}))
    assert near == [str(directory.hub_wellbeing.id)]
    wider = _ids(client.get(URL, {"postcode": "BS5 6XX", "proximity": "5000"}))
    assert wider == [str(directory.hub_wellbeing.id), str(directory.office_debt.id)]
    # From BS1 the wellbeing cafe is out of its area, whatever the distance.
    assert _ids(client.get(URL, {"postcode": "BS1", "proximity": "50000"})) == [
        str(directory.office_debt.id)
    ]


def test_proximity_pages_and_streams(directory, client):
    page = client.get(URL, {"postcode": "BS5", "proximity": "5000", "per_page": 1, "page": 2})
    body = page.json()
    assert body["total_items"] == 2 and body["last_page"]
    assert [c["id"] for c in body["contents"]] == [str(directory.office_debt.id)]
    stream = client.get(URL, {"postcode": "BS5", "proximity": "5000", "format": "ndjson"})
    assert len(b"".join(stream.streaming_content).splitlines()) == 2


def test_locations_without_coordinates_are_not_near_anything(directory, client):
    directory.office.latitude = None
    directory.office.save()
    wide = _ids(client.get(URL, {"postcode": "BS5", "proximity": "100000"}))
    assert wide == [str(directory.hub_wellbeing.id)]


@pytest.mark.parametrize(
    "query",
    [
        {"postcode": "not a postcode"},
        {"postcode": "ZZ9 9ZZ"},
        {"postcode": "ZZ9 9ZZ", "proximity": "1000"},
        {"postcode": "BS5", "proximity": "far"},
        {"postcode": "BS5", "proximity": "-5"},
        {"postcode": "BS5", "proximity": "nan"},
        {"proximity": "1000"},
    ],
)
def test_bad_postcodes_and_distances_answer_a_json_problem(directory, client, query):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response["Access-Control-Allow-Origin"] == "*"
