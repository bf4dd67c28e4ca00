"""The unfiltered services list loads its rows with one plain SQL query: it must serve exactly
what the ORM path (Service.objects.published() and the value rows) serves."""

from __future__ import annotations

import uuid

from joinedup.api import queries
from joinedup.api.params import FeedParams
from joinedup.directory import hsds
from joinedup.directory.models import Organization, Service


def _all_ids() -> list[uuid.UUID]:
    return list(Service.objects.order_by("id").values_list("id", flat=True))


def test_plain_sql_rows_are_the_published_services_only(directory):
    Service.objects.create(name="Loose and hidden", description="", published=False)
    ids = _all_ids()

    served = {row.id for row in queries.published_service_rows(ids)}

    assert served == set(Service.objects.published().values_list("id", flat=True))
    assert directory.hidden.id not in served
    assert directory.closed_service.id not in served
    assert directory.wellbeing.id in served


def test_plain_sql_rows_serialise_like_the_orm_rows(directory):
    ids = _all_ids()
    orm = queries.service_rows(queries.service_list(FeedParams()), ids)
    plain = queries.published_service_rows(ids)

    def items(rows):
        return sorted(hsds.services_to_hsds(rows, full=False), key=lambda item: item["id"])

    assert items(plain) == items(orm)
    assert any("capacities" in item for item in items(plain))


def test_unpublishing_an_organisation_hides_its_services_from_the_next_page(directory, client):
    first = client.get("/api/oruk/services").json()
    assert str(directory.wellbeing.id) in {item["id"] for item in first["contents"]}

    Organization.objects.filter(pk=directory.org.pk).update(published=False)

    page = client.get("/api/oruk/services").json()
    assert str(directory.wellbeing.id) not in {item["id"] for item in page["contents"]}


def test_no_ids_need_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert queries.published_service_rows([]) == []
