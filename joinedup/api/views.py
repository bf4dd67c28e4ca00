"""The ORUK 3.0 / HSDS 3.0 feed at /api/oruk/: parse parameters, query, serialise."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.urls import reverse

from joinedup.api import queries
from joinedup.api.feed_openapi import openapi_document
from joinedup.api.pagination import (
    json_page,
    loaded_page,
    ndjson_stream,
    ordered_page,
    snapshot_key,
    snapshot_page,
)
from joinedup.api.params import FeedParams, parse_params, parse_uuid
from joinedup.api.problems import feed_view, not_found
from joinedup.api.snapshots import snapshot_of_ranked
from joinedup.core import limits
from joinedup.directory import hsds
from joinedup.directory.models import (
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

VERSION = "HSDS-UK-3.0"
PROFILE = "https://openreferraluk.org/"
Json = dict[str, Any]


def feed_url(request: HttpRequest, name: str = "index") -> str:
    """Absolute URL of a feed address, from JOINEDUP_BASE_URL when set, else the request."""
    path = reverse(f"api:{name}")
    if settings.JOINEDUP_BASE_URL:
        return settings.JOINEDUP_BASE_URL.rstrip("/") + path
    return request.build_absolute_uri(path)


M = TypeVar("M", bound=Model)


def _one(qs: QuerySet[M], pk: str, kind: str) -> M:
    found = qs.filter(pk=parse_uuid(pk, in_path=True)).first()
    if found is None:
        raise not_found(f"There is no published {kind} with id {pk}.")
    return found


@feed_view
def index(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {"version": VERSION, "profile": PROFILE, "openapi_url": feed_url(request, "openapi")}
    )


@feed_view
def openapi(request: HttpRequest) -> HttpResponse:
    return JsonResponse(openapi_document(feed_url(request)))


@feed_view
def unknown(request: HttpRequest, path: str = "") -> HttpResponse:
    raise not_found(f"There is no feed endpoint at {request.path}.")


# --- services -------------------------------------------------------------------------------


def _service_serialiser(params: FeedParams) -> Callable[[Iterable[Service]], list[dict[str, Any]]]:
    if params.minimal:
        return lambda rows: [hsds.service_minimal_to_hsds(s) for s in rows]
    return lambda rows: hsds.services_to_hsds(rows, full=params.full)


@feed_view
def services(request: HttpRequest) -> HttpResponseBase:
    params = parse_params(request.GET)
    serialise = _service_serialiser(params)
    if params.search:
        # A search runs the search engine: limited per address, as /api/search is.
        limits.enforce(request, "search", settings.RATELIMIT_SEARCH)
        return _searched_services(params, serialise)
    if params.ndjson:
        return ndjson_stream(
            queries.service_list(params).values_list("id", flat=True),
            lambda ids: queries.services_by_ids(ids, full=params.full and not params.minimal),
            serialise,
        )
    key = snapshot_key("services", params)
    query = functools.partial(queries.service_list, params)
    if params.full:
        return snapshot_page(key, query, params, serialise)
    if not queries.has_service_filters(params):
        # The common case (a consumer paging the whole directory): one plain SQL query.
        return snapshot_page(key, query, params, serialise, load=queries.published_service_rows)
    load = functools.partial(queries.service_rows, queries.service_list(params))
    return snapshot_page(key, query, params, serialise, load=load)


def _searched_services(params: FeedParams, serialise: Any) -> HttpResponseBase:
    """`search` goes through the search engine: best match first, the other filters on top."""
    ranked = queries.ranked_service_ids(params)
    listed = replace(params, search="")
    # Built only when read: a page of a kept search reads its ids from a snapshot.
    found = functools.cache(lambda: queries.service_list(listed, among=ranked))
    ids = snapshot_of_ranked(
        snapshot_key("services", params), ranked, lambda: queries.keep_ranked(found(), ranked)
    )
    if params.ndjson:
        full = params.full and not params.minimal
        return ndjson_stream(
            ids, lambda batch: queries.services_by_ids(batch, full=full), serialise
        )
    if params.full:
        return ordered_page(found(), ids, params, serialise)
    # The page's rows as the unsearched list reads them (value rows, no model instances);
    # without other filters, one plain statement that checks publication again.
    load: Callable[[list[uuid.UUID]], list[Any]]
    if queries.has_service_filters(listed):
        load = functools.partial(queries.service_rows, queries.service_list(listed))
    else:
        load = queries.published_service_rows
    return loaded_page(ids, params, serialise, load)


@feed_view
def service(request: HttpRequest, pk: str) -> HttpResponse:
    qs = queries.published_services().with_hsds_relations()
    found: Service = _one(qs, pk, "service")
    return JsonResponse(hsds.services_to_hsds([found], full=True)[0])


# --- organisations --------------------------------------------------------------------------


@feed_view
def organizations(request: HttpRequest) -> HttpResponseBase:
    params = parse_params(request.GET)
    qs = queries.organization_list(params)
    if params.full:
        qs = hsds.organizations_with_relations(qs, full_service=params.full_service)

    def serialise(rows: Sequence[Organization]) -> list[Json]:
        return hsds.organizations_to_hsds(rows, full=params.full, full_service=params.full_service)

    if params.ndjson:
        return ndjson_stream(
            qs.values_list("id", flat=True), lambda ids: qs.filter(id__in=ids), serialise
        )
    return json_page(qs, params, serialise)


@feed_view
def organization(request: HttpRequest, pk: str) -> HttpResponse:
    params = parse_params(request.GET)
    qs = hsds.organizations_with_relations(
        Organization.objects.published(), full_service=params.full_service
    )
    found: Organization = _one(qs, pk, "organization")
    return JsonResponse(hsds.organizations_to_hsds([found], full_service=params.full_service)[0])


# --- taxonomies -----------------------------------------------------------------------------


@feed_view
def taxonomies(request: HttpRequest) -> HttpResponseBase:
    params = parse_params(request.GET)
    qs = queries.taxonomy_list(params)

    def serialise(rows: Sequence[Taxonomy]) -> list[Json]:
        return [hsds.taxonomy_to_hsds(t) for t in rows]

    if params.ndjson:
        return ndjson_stream(
            qs.values_list("id", flat=True), lambda ids: qs.filter(id__in=ids), serialise
        )
    return json_page(qs, params, serialise)


@feed_view
def taxonomy(request: HttpRequest, pk: str) -> HttpResponse:
    found: Taxonomy = _one(Taxonomy.objects.defer("source_document"), pk, "taxonomy")
    terms = found.terms.order_by("name").defer("source_document")
    return JsonResponse(hsds.taxonomy_to_hsds(found, terms=terms))


@feed_view
def taxonomy_terms(request: HttpRequest) -> HttpResponseBase:
    params = parse_params(request.GET)
    qs = queries.taxonomy_term_list(params)

    def serialise(rows: Sequence[TaxonomyTerm]) -> list[Json]:
        return [hsds.taxonomy_term_to_hsds(t) for t in rows]

    if params.ndjson:
        return ndjson_stream(
            qs.values_list("id", flat=True), lambda ids: qs.filter(id__in=ids), serialise
        )
    return json_page(qs, params, serialise)


@feed_view
def taxonomy_term(request: HttpRequest, pk: str) -> HttpResponse:
    found: TaxonomyTerm = _one(queries.taxonomy_term_list(FeedParams()), pk, "taxonomy term")
    return JsonResponse(hsds.taxonomy_term_to_hsds(found))


# --- service at locations -------------------------------------------------------------------


@feed_view
def service_at_locations(request: HttpRequest) -> HttpResponseBase:
    params = parse_params(request.GET)
    # `search` goes through the search engine (with the postcode, as a person's place), and
    # without `proximity` the list comes best match first.
    ranked = queries.ranked_service_ids(params, near=params.postcode) if params.search else None
    # Built only when read: a page of a kept search reads its ids from a snapshot.
    places = functools.cache(
        lambda: queries.service_at_location_list(replace(params, search=""), among=ranked)
    )

    def serialise(rows: Sequence[ServiceAtLocation]) -> list[Json]:
        return hsds.service_at_locations_to_hsds(rows, full=params.full)

    ids: list[uuid.UUID] | None = None
    if ranked is not None:  # a search's list, kept a while for the same ranking (snapshots.py)
        key = snapshot_key("service_at_locations", params)
        ids = snapshot_of_ranked(key, ranked, lambda: _places_listed(places(), params, ranked))
    elif params.proximity is not None:
        ids = queries.nearest_ids(places(), params.postcode, params.proximity)
    if params.ndjson:
        source = ids if ids is not None else places().values_list("id", flat=True)
        return ndjson_stream(source, lambda batch: places().filter(id__in=batch), serialise)
    if ids is not None:
        # The ids passed every condition of the list a moment ago: the page is read by its
        # ids alone (the conditions again cost more than the rows), still only where published.
        return loaded_page(
            ids, params, serialise, lambda page: queries.published_places(page, params)
        )
    key = snapshot_key("service_at_locations", params)
    return snapshot_page(key, places, params, serialise)


def _places_listed(
    qs: QuerySet[ServiceAtLocation], params: FeedParams, ranked: list[uuid.UUID]
) -> list[uuid.UUID]:
    """A search's places: within `proximity`, nearest first; otherwise in its ranked order."""
    if params.proximity is not None:
        return queries.nearest_ids(qs, params.postcode, params.proximity)
    return queries.keep_ranked(qs, ranked, field="service_id")


@feed_view
def service_at_location(request: HttpRequest, pk: str) -> HttpResponse:
    qs = hsds.service_at_locations_query(full=True).filter(
        service__in=queries.published_services().values("id")
    )
    found: ServiceAtLocation = _one(qs, pk, "service at location")
    return JsonResponse(hsds.service_at_locations_to_hsds([found], full=True)[0])
