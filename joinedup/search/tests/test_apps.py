"""Search's wiring: it follows the directory's changes from the moment the apps are ready."""

from __future__ import annotations

from joinedup.directory import changes
from joinedup.search.tasks import reindex_on_commit


def test_search_subscribes_to_listing_changes_when_the_apps_are_ready():
    assert reindex_on_commit in changes._subscribers
