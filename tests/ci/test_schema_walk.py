"""Walk the whole feed and validate every answer against the upstream HSDS 3.0 and ORUK 3.0
schemas (read from $JOINEDUP_SHARED_DIR/standards, not the project's copies), with format
assertion on: on the demo place and on an imported real directory.

Every list is paged through to its end and every id followed into its detail endpoint.
/service_at_locations/{id} is checked against service_at_location.json in both standards
(HSDS's openapi.json points it at service.json: quirk 3 of the standards README).
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.test import Client

from joinedup.api.validation import FeedValidator, standards_validator

pytestmark = pytest.mark.django_db
ENDPOINTS = [
    ("services", "service"),
    ("organizations", "organization"),
    ("taxonomies", "taxonomy"),
    ("taxonomy_terms", "taxonomy_term"),
    ("service_at_locations", "service_at_location"),
]


@pytest.fixture(scope="module")
def validator(shared_dir) -> FeedValidator:
    return standards_validator(shared_dir / "standards")


class Walk:
    def __init__(self, validator: FeedValidator) -> None:
        self.client = Client()
        self.validator = validator
        self.errors: list[str] = []
        self.checked: Counter[str] = Counter()

    def check(self, url: str, endpoint: str) -> dict:
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        assert response["Access-Control-Allow-Origin"] == "*", url
        body = response.json()
        self.errors += [f"{url}: {e}" for e in self.validator.errors(endpoint, body)]
        self.checked[endpoint] += 1
        return body

    def run(self) -> None:
        index = self.check("/api/oruk/", "index")
        assert index["version"] == "HSDS-UK-3.0"
        for list_endpoint, detail_endpoint in ENDPOINTS:
            page, seen = 1, 0
            while True:
                body = self.check(
                    f"/api/oruk/{list_endpoint}?page={page}&per_page=100", list_endpoint
                )
                for item in body["contents"]:
                    self.check(f"/api/oruk/{list_endpoint}/{item['id']}", detail_endpoint)
                seen += len(body["contents"])
                if body["last_page"]:
                    break
                page += 1
            assert seen == body["total_items"], list_endpoint
        # The other shapes: fully nested lists, minimal lists, full organisations.
        self.check("/api/oruk/services?full=true&per_page=1000", "services")
        self.check("/api/oruk/services?minimal=true&per_page=1000", "services")
        self.check("/api/oruk/service_at_locations?full=true&per_page=1000", "service_at_locations")
        self.check("/api/oruk/organizations?full=true&full_service=true", "organizations")
        stream = self.client.get("/api/oruk/services?format=ndjson&full=true")
        for line in b"".join(stream.streaming_content).splitlines():
            self.errors += [
                f"ndjson: {e}" for e in self.validator.errors("service", json.loads(line))
            ]
            self.checked["ndjson service"] += 1

    def assert_clean(self) -> None:
        assert self.checked["service"] > 0 and self.checked["organization"] > 0, self.checked
        assert not self.errors, f"{len(self.errors)} schema errors, first:\n" + "\n".join(
            self.errors[:20]
        )


def test_the_demo_place_validates_everywhere(validator):
    call_command("load_demo", verbosity=0)
    walk = Walk(validator)
    walk.run()
    walk.assert_clean()
    assert walk.checked["service"] >= 150


def test_an_imported_real_directory_validates_everywhere(validator, shared_dir):
    data = shared_dir / "data"
    call_command(
        "import_directory",
        str(data / "oruk1_bristol_services.redacted.json"),
        str(data / "outpost_bucks_services_page1.json"),
        verbosity=0,
    )
    walk = Walk(validator)
    walk.run()
    walk.assert_clean()
    assert walk.checked["service"] >= 100
