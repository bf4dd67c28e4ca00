"""A listing made through the directory's use cases is found in search as soon as it is
published, with no index command run, and is gone as soon as it is withdrawn."""

from __future__ import annotations

import pytest

from joinedup.core.models import AuditEvent
from joinedup.directory import listing
from joinedup.directory.models import Service
from joinedup.search.engine import search
from joinedup.search.query import SearchQuery

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(alice, carers_centre) -> Service:
    return listing.create_service(
        actor=alice, organization=carers_centre, name="Young carers club", description="Fun."
    )


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("created_at").values_list("action", flat=True))


def test_a_published_service_is_found_by_its_exact_name_with_no_command(
    draft, alice, words_only, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        listing.set_contact_details(
            actor=alice, service=draft, phones=[("0117 496 0000", "")], email="", url=""
        )
    assert search(SearchQuery(text="Young carers club")).total == 0  # a draft is not found
    with django_capture_on_commit_callbacks(execute=True):
        listing.publish_service(actor=alice, service=draft)
    hits = search(SearchQuery(text="Young carers club")).hits
    assert [h.name for h in hits] == ["Young carers club"]
    with django_capture_on_commit_callbacks(execute=True):
        listing.withdraw_service(actor=alice, service=draft)
    assert search(SearchQuery(text="Young carers club")).total == 0
    assert _actions()[-2:] == ["service.published", "service.withdrawn"]
