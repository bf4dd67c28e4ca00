"""The directory as HSDS 3.0 dicts, list by list, read in batches (bounded memory and queries)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from joinedup.directory.hsds import (
    attach_attributes,
    location_to_hsds,
    organizations_to_hsds,
    organizations_with_relations,
    services_to_hsds,
    taxonomy_term_to_hsds,
    taxonomy_to_hsds,
)
from joinedup.directory.hsds.records import LOCATION_CHILDREN
from joinedup.directory.importers.tabular import parents_first
from joinedup.directory.models import Location, Organization, Service, Taxonomy, TaxonomyTerm

Json = dict[str, Any]
BATCH = 500

# The lists of an export, in import order: what a record points to comes before it.
RECORD_LISTS = {
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
    "organizations": "organization",
    "locations": "location",
    "services": "service",
}


def _batches(qs: QuerySet[Any], ids: list[Any] | None = None) -> Iterator[list[Any]]:
    """The rows of `qs` in id order (or the order of `ids`), BATCH at a time (each batch one
    prefetching query)."""
    if ids is None:
        ids = list(qs.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = {obj.pk: obj for obj in qs.filter(pk__in=chunk)}
        yield [rows[pk] for pk in chunk if pk in rows]


def _taxonomies() -> Iterator[Json]:
    for taxonomy in Taxonomy.objects.order_by("pk").defer("source_document"):
        yield taxonomy_to_hsds(taxonomy)


def _terms() -> Iterator[Json]:
    terms = [
        taxonomy_term_to_hsds(term, detail=False)
        for term in TaxonomyTerm.objects.order_by("pk").defer("source_document")
    ]
    yield from parents_first(terms)


def _organizations() -> Iterator[Json]:
    qs = organizations_with_relations(Organization.objects.all())
    published = dict(Organization.objects.values_list("pk", "published"))
    # Parent organisations first, so a reader going line by line can link each child.
    tree = [
        {"id": pk, "parent_organization_id": parent}
        for pk, parent in Organization.objects.order_by("pk").values_list(
            "pk", "parent_organization_id"
        )
    ]
    order = [row["id"] for row in parents_first(tree, "parent_organization_id")]
    for batch in _batches(qs, order):
        for org, data in zip(batch, organizations_to_hsds(batch, full=True), strict=True):
            # Locations and services are lists of their own in an export.
            data.pop("locations", None)
            data.pop("services", None)
            data["joinedup_published"] = published[org.pk]
            yield data


def _locations() -> Iterator[Json]:
    qs = Location.objects.defer("source_document").prefetch_related(*LOCATION_CHILDREN)
    for batch in _batches(qs):
        attach_attributes(batch, "location")
        for location in batch:
            yield location_to_hsds(location, full=True)


def _services() -> Iterator[Json]:
    qs = Service.objects.all().with_hsds_relations()
    for batch in _batches(qs):
        for service, data in zip(batch, services_to_hsds(batch, full=True), strict=True):
            data["joinedup_published"] = service.published
            yield data


def records() -> Iterator[tuple[str, Iterator[Json]]]:
    """(list name, its records) for every list of an export, in import order."""
    yield "taxonomies", _taxonomies()
    yield "taxonomy_terms", _terms()
    yield "organizations", _organizations()
    yield "locations", _locations()
    yield "services", _services()
