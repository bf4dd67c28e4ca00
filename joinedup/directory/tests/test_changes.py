"""The directory's "listings changed" port: each use case says which services it changed."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import pytest
from django.core.exceptions import PermissionDenied

from joinedup.directory import changes
from joinedup.directory import services as directory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(monkeypatch) -> list[list[uuid.UUID]]:
    """Only this test's subscriber listens (search's own is set aside for the test)."""
    calls: list[list[uuid.UUID]] = []
    monkeypatch.setattr(changes, "_subscribers", [])

    def listen(ids: Iterable[uuid.UUID]) -> None:
        calls.append(list(ids))

    changes.subscribe(listen)
    changes.subscribe(listen)  # once, however often asked
    return calls


def test_an_edit_tells_subscribers_which_service_changed(heard, alice, carers_service):
    directory.update_service(actor=alice, service=carers_service, changes={"name": "Respite"})
    assert heard == [[carers_service.pk]]


def test_a_refused_edit_tells_nobody(heard, charlie, carers_service):
    with pytest.raises(PermissionDenied):
        directory.update_service(actor=charlie, service=carers_service, changes={"name": "X"})
    assert heard == []
