"""The audit log's writer: one event at a time, or a use case's events in one batch."""

from __future__ import annotations

import pytest

from joinedup.core import audit
from joinedup.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_event_is_written_at_once(carers_centre):
    event = audit.record("thing.done", organization=carers_centre, details={"n": 1})
    assert AuditEvent.objects.get().pk == event.pk


def test_a_batch_writes_its_events_in_one_insert_as_it_ends(
    carers_centre, django_assert_num_queries
):
    with django_assert_num_queries(1), audit.batch():
        for n in range(3):
            audit.record(f"thing.step_{n}", organization=carers_centre)
    assert AuditEvent.objects.count() == 3


def test_a_batch_keeps_the_order_and_time_events_were_recorded(carers_centre):
    with audit.batch():
        first = audit.record("thing.first", organization=carers_centre)
        second = audit.record("thing.second", organization=carers_centre)
        recorded = [first.created_at, second.created_at]
    lines = list(AuditEvent.objects.order_by("created_at"))
    assert [e.action for e in lines] == ["thing.first", "thing.second"]
    assert [e.created_at for e in lines] == recorded
    assert recorded[0] < recorded[1]


def test_a_batch_that_raises_writes_nothing(carers_centre):
    with pytest.raises(RuntimeError), audit.batch():
        audit.record("thing.done", organization=carers_centre)
        raise RuntimeError("the use case failed")
    assert not AuditEvent.objects.exists()


def test_a_batch_inside_a_batch_is_written_by_the_outer_one(carers_centre):
    with audit.batch():
        with audit.batch():
            audit.record("thing.inner", organization=carers_centre)
        assert not AuditEvent.objects.exists()
        audit.record("thing.outer", organization=carers_centre)
    assert AuditEvent.objects.count() == 2
