"""What each feed list contains: published records, the spec's filters combined with AND."""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from joinedup.api.params import FeedParams
from joinedup.api.problems import bad_request
from joinedup.core import postcodes
from joinedup.directory.hsds import (
    LOCATION_FIELDS,
    SERVICE_LIST_COLUMNS,
    service_at_locations_query,
)
from joinedup.directory.models import (
    Attribute,
    Organization,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from joinedup.directory.models.service_records import ServiceQuerySet
from joinedup.search.engine import ranked_ids
from joinedup.search.query import SearchQuery, SearchValidationError

POSTCODE_DISTRICTS = "postcode_districts"
METRES_PER_DEGREE_LAT = 111_320.0


# The feed's `search` is the search engine's: at most this many services, best first (a feed
# consumer paging past the thousandth best match is harvesting, not searching).
MAX_SEARCH_RESULTS = 1000


def ranked_service_ids(params: FeedParams, *, near: str = "") -> list[uuid.UUID]:
    """The services matching the feed's `search`, best first, through the one search engine;
    with `near` (a postcode), services whose service area leaves it out are not among them.
    The engine's order alone: the same as paging through `search`, without its hits, facets
    and explanations."""
    query = SearchQuery(text=params.search, postcode=near)
    try:
        return ranked_ids(query, MAX_SEARCH_RESULTS)
    except SearchValidationError as error:
        raise bad_request(f"{error.field}: {error.message}") from None


def keep_ranked(qs: QuerySet[Any], ranked: list[uuid.UUID], *, field: str = "pk") -> list[Any]:
    """Ids of `qs` rows in ranked order (rows sharing a service keep their id order). `qs` is
    already limited to the ranked services (a list built with `among=ranked`), so the ranked
    ids are not matched a second time (ADR 20, tenth session)."""
    # Not ordered by the database: the rank orders them (the list's default order cost more
    # than its lookups).
    kept = qs.order_by()
    if field == "pk":  # one row a ranked id: its rank alone orders it
        return _ranked_among(kept, ranked)
    rank = {pk: index for index, pk in enumerate(ranked)}
    rows = kept.values_list("pk", field)
    return [pk for pk, key in sorted(rows, key=lambda row: (rank[row[1]], str(row[0])))]


def _ranked_among(qs: QuerySet[Any], ranked: list[uuid.UUID]) -> list[uuid.UUID]:
    """The ranked ids `qs` keeps, in ranked order: its primary keys read through the cursor
    and matched as the database holds them (a UUID, or 32 hex digits on SQLite), so no UUID
    is built for a row (up to a thousand a search; the ORM's converters cost more than the
    statement)."""
    native = connection.features.has_native_uuid_field
    rank = {(pk if native else pk.hex): index for index, pk in enumerate(ranked)}
    sql, params = qs.values_list("pk", flat=True).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = sorted(rank[row[0]] for row in cursor.fetchall())
    return [ranked[index] for index in found]


def uuid_list(ids: list[uuid.UUID]) -> RawSQL:
    """A subquery yielding these ids from one parameter: `__in` with a thousand ranked ids
    prepares a parameter per id, and the database then matches the list against every row
    the other conditions select (ADR 20)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::uuid[])", ([str(pk) for pk in ids],))
    # SQLite holds a UUIDField as 32 hex digits.
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps([pk.hex for pk in ids]),))


def search_services(qs: ServiceQuerySet, params: FeedParams) -> ServiceQuerySet:
    """The feed's `search` as a filter (the views also order by the engine's rank)."""
    return qs.filter(id__in=uuid_list(ranked_service_ids(params)))


def published_services() -> ServiceQuerySet:
    return Service.objects.published()


def filter_services(qs: ServiceQuerySet, params: FeedParams) -> ServiceQuerySet:
    """The spec's service filters, cumulative (AND)."""
    if params.search:
        qs = search_services(qs, params)
    if params.organization_id:
        qs = qs.filter(organization_id=params.organization_id)
    if params.modified_after:
        qs = qs.filter(last_modified__gte=params.modified_after)
    if params.taxonomy_term_id:
        # A broader term includes the narrower ones beneath it.
        qs = qs.filter(id__in=Attribute.objects.service_ids_under(params.taxonomy_term_id))
    if params.taxonomy_id:
        qs = qs.filter(
            id__in=_services_tagged(Q(taxonomy_term__taxonomy_detail_id=params.taxonomy_id))
        )
    return qs


def _services_tagged(condition: Q) -> QuerySet[Attribute, Any]:
    return Attribute.objects.filter(condition, link_entity="service").values("link_id")


def _published_among(among: list[uuid.UUID] | None) -> ServiceQuerySet:
    """Published services; with `among` (the engine's ranked ids), only those: the other
    conditions are then checked for the ranked services alone, not for the directory."""
    if among is None:
        return published_services()
    return published_services().filter(id__in=uuid_list(among))


def service_list(params: FeedParams, *, among: list[uuid.UUID] | None = None) -> QuerySet[Service]:
    """Ordered by id: stable across pages and served by the primary key index."""
    qs = filter_services(_published_among(among), params).order_by("id")
    if params.minimal:
        return qs.only("id", "name", "status", "last_modified")
    if params.full:
        return qs.with_hsds_relations()
    return qs.only(*SERVICE_LIST_COLUMNS)


def service_rows(qs: QuerySet[Service], ids: list[uuid.UUID]) -> list[Any]:
    """List items as plain value rows (attribute access like a Service), which is what keeps a
    page of 50 cheap: no model instances are built for one-to-one fields."""
    rows = qs.filter(pk__in=ids).values("id", *SERVICE_LIST_COLUMNS)
    return [SimpleNamespace(pk=row["id"], **row) for row in rows]


def has_service_filters(params: FeedParams) -> bool:
    """Whether a services list narrows the published set (anything but paging and format)."""
    return bool(
        params.search
        or params.organization_id
        or params.modified_after
        or params.taxonomy_term_id
        or params.taxonomy_id
    )


# What the ORM does to a column's raw value, for rows read through a cursor: (its index in the
# row, the converter functions, the column).
Converters = list[tuple[int, list[Any], Any]]
_LIST_COLUMNS = ("id", *SERVICE_LIST_COLUMNS)
_list_sql: dict[str, tuple[str, Converters]] = {}


def _published_rows_sql() -> tuple[str, Converters]:
    """The SELECT behind `published_service_rows` for this connection's backend, and the
    converters (the ORM's own, per column) its raw values need: built once per backend."""
    vendor = connection.vendor
    if vendor not in _list_sql:
        qn = connection.ops.quote_name
        service = Service._meta.db_table
        by_attname = {f.attname: f for f in Service._meta.concrete_fields}
        fields = [by_attname[name] for name in _LIST_COLUMNS]
        columns = ", ".join(f"s.{qn(f.column)}" for f in fields)
        org = Organization._meta.db_table
        # Service.objects.published(), written out: published services of published (or no)
        # organisations. test_feed_fast_list checks it agrees with the QuerySet.
        sql = (
            f"SELECT {columns} FROM {qn(service)} s "  # noqa: S608 (names from the model)
            f"LEFT JOIN {qn(org)} o ON o.{qn('id')} = s.{qn('organization_id')} "
            f"WHERE s.{qn('published')} = %s "
            f"AND (s.{qn('organization_id')} IS NULL OR o.{qn('published')} = %s) "
            f"AND s.{qn('id')} IN "
        )
        _list_sql[vendor] = (sql, _converters(field.get_col(service) for field in fields))
    return _list_sql[vendor]


def published_service_rows(ids: list[uuid.UUID]) -> list[Any]:
    """List items (full=false) of the published services among `ids`, as value rows: one
    plain, parameterised query. Same rows as `service_rows` on an unfiltered list; the ORM's
    query building cost several times the query itself on every page."""
    if not ids:
        return []
    sql, converters = _published_rows_sql()
    rows = []
    for row in _rows_among(sql, [True, True], ids, converters):
        item = SimpleNamespace(**dict(zip(_LIST_COLUMNS, row, strict=True)))
        item.pk = item.id
        rows.append(item)
    return rows


def _converters(columns: Iterable[Any]) -> Converters:
    """The ORM's own converters of each selected column that has any (its index, the
    functions, the column), for rows read through a cursor."""
    found = []
    for index, column in enumerate(columns):
        functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if functions:
            found.append((index, functions, column))
    return found


def _rows_among(
    sql: str, params: list[Any], ids: list[uuid.UUID], converters: Converters
) -> list[list[Any]]:
    """The rows of `sql` (ending in "IN ") among `ids`, each value converted as the ORM would:
    a SELECT built once per backend, where building the QuerySet and converting its rows cost
    several times the statement on every page."""
    native = connection.features.has_native_uuid_field
    with connection.cursor() as cursor:
        cursor.execute(
            sql + "(" + ", ".join(["%s"] * len(ids)) + ")",
            [*params, *(pk if native else pk.hex for pk in ids)],
        )
        raw = cursor.fetchall()
    rows = []
    for values in raw:
        row = list(values)
        for index, functions, column in converters:
            value = row[index]
            for function in functions:
                value = function(value, column, connection)
            row[index] = value
        rows.append(row)
    return rows


def services_by_ids(ids: list[uuid.UUID], *, full: bool) -> QuerySet[Service]:
    qs = Service.objects.filter(id__in=ids).order_by("id")
    return qs.with_hsds_relations() if full else qs.only(*SERVICE_LIST_COLUMNS)


def organization_list(params: FeedParams) -> QuerySet[Organization]:
    qs = Organization.objects.published().order_by("id")
    if params.search:
        for word in params.search.split()[:10]:
            qs = qs.filter(Q(name__icontains=word) | Q(description__icontains=word))
    return qs.defer("source_document")


def taxonomy_list(params: FeedParams) -> QuerySet[Taxonomy]:
    qs = Taxonomy.objects.order_by("id").defer("source_document")
    if params.search:
        qs = qs.filter(Q(name__icontains=params.search) | Q(description__icontains=params.search))
    return qs


def taxonomy_term_list(params: FeedParams) -> QuerySet[TaxonomyTerm]:
    qs = (
        TaxonomyTerm.objects.order_by("id")
        .select_related("taxonomy_detail")
        .defer("source_document", "taxonomy_detail__source_document")
    )
    if params.search:
        qs = qs.filter(
            Q(name__icontains=params.search)
            | Q(code__iexact=params.search)
            | Q(description__icontains=params.search)
        )
    if params.taxonomy_id:
        qs = qs.filter(taxonomy_detail_id=params.taxonomy_id)
    if params.top_only:
        qs = qs.filter(parent__isnull=True)
    if params.parent_id:
        qs = qs.filter(parent_id=params.parent_id)
    return qs


def service_at_location_list(
    params: FeedParams, *, among: list[uuid.UUID] | None = None
) -> QuerySet[ServiceAtLocation]:
    """Service-at-locations of the services the filters select (with `among`, of those
    services only), and (with `postcode`) only where the service covers that postcode's
    district."""
    services = filter_services(_published_among(among), params)
    qs = service_at_locations_query(full=params.full)
    if among is not None:  # the ranked services' places first, through their service index
        qs = qs.filter(service_id__in=uuid_list(among))
    qs = qs.filter(service__in=services.values("id")).order_by("id")
    if params.postcode:
        qs = qs.filter(covers_postcode(params.postcode))
    return qs


_PLACE_COLUMNS = (
    "id",
    "service_id",
    "location_id",
    "description",
    *(f"location__{name}" for name in LOCATION_FIELDS),
)
_place_sql: dict[str, tuple[str, Converters]] = {}


def _place_rows(ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    """`ServiceAtLocation.objects.filter(pk__in=ids).values(*_PLACE_COLUMNS)`, as dicts: the
    ORM's own SELECT and converters, compiled once per backend (building and converting the
    query cost several times the statement on every page; test_feed_search checks they agree)."""
    if not ids:
        return []
    vendor = connection.vendor
    if vendor not in _place_sql:
        listed = ServiceAtLocation.objects.order_by().values(*_PLACE_COLUMNS)
        compiler = listed.query.get_compiler(connection=connection)
        sql, _ = compiler.as_sql()  # no parameters: no filter, no order
        table = connection.ops.quote_name(ServiceAtLocation._meta.db_table)
        where = f" WHERE {table}.{connection.ops.quote_name('id')} IN "
        selected = (expression for expression, _, _ in compiler.select)
        _place_sql[vendor] = (sql + where, _converters(selected))
    sql, converters = _place_sql[vendor]
    return [
        dict(zip(_PLACE_COLUMNS, row, strict=True)) for row in _rows_among(sql, [], ids, converters)
    ]


def published_places(ids: list[uuid.UUID], params: FeedParams) -> list[Any]:
    """The service-at-locations among `ids` whose service is published: a page of a list
    whose other conditions were checked when its ids were chosen. Full records as models
    (with their prefetched parts); list items as value rows, each with its location's fields
    and its service's list form (`published_service_rows`), since building three model
    instances a row cost about ten times the statement."""
    if params.full:
        return list(
            service_at_locations_query(full=True).filter(
                Q(service__organization__isnull=True) | Q(service__organization__published=True),
                pk__in=ids,
                service__published=True,
            )
        )
    found = _place_rows(ids)
    services = {row.id: row for row in published_service_rows([p["service_id"] for p in found])}
    rows = []
    for place in found:
        service = services.get(place["service_id"])
        if service is None:  # unpublished since its ids were chosen
            continue
        location = SimpleNamespace(**{name: place[f"location__{name}"] for name in LOCATION_FIELDS})
        rows.append(
            SimpleNamespace(
                pk=place["id"],
                id=place["id"],
                service_id=place["service_id"],
                location_id=place["location_id"],
                description=place["description"],
                location=location,
                service=service,
            )
        )
    return rows


def covers_postcode(postcode: str, *, service: str = "service_id") -> Q:
    """`services_covering` as a condition on each row's service (`service` names its id):
    checked for the rows the other conditions keep, through the service area's service
    index, rather than by matching every service area of the directory."""
    district = _outcode(postcode)
    token = rf"(^|[\s,]){re.escape(district)}($|[\s,])"
    districts = ServiceArea.objects.filter(
        service_id=OuterRef(service), extent_type=POSTCODE_DISTRICTS
    )
    return Q(Exists(districts.filter(extent__iregex=token))) | ~Q(Exists(districts))


def services_covering(postcode: str) -> QuerySet[Service]:
    """Services whose service areas include the postcode's district.

    Only areas with extent_type "postcode_districts" (outcodes in `extent`, separated by spaces
    or commas) can be checked. A service with no such area (none at all, or only areas described
    in words) is treated as available everywhere rather than hidden.
    """
    district = _outcode(postcode)
    token = rf"(^|[\s,]){re.escape(district)}($|[\s,])"
    districts = ServiceArea.objects.filter(extent_type=POSTCODE_DISTRICTS)
    covering = districts.filter(extent__iregex=token).values("service_id")
    return Service.objects.filter(Q(id__in=covering) | ~Q(id__in=districts.values("service_id")))


def _outcode(postcode: str) -> str:
    try:
        postcodes.locate(postcode)  # an unknown district is an error, not an empty list
        return postcodes.outcode(postcodes.normalise(postcode))
    except postcodes.PostcodeError as error:
        raise bad_request(f"postcode: {error}") from None


def nearest_ids(qs: QuerySet[ServiceAtLocation], postcode: str, metres: float) -> list[uuid.UUID]:
    """Ids of the service-at-locations within `metres` of the postcode's centroid, nearest
    first: a bounding box in SQL, then the exact great-circle distance in Python."""
    try:
        lat, lng = postcodes.locate(postcode)
    except postcodes.PostcodeError as error:
        raise bad_request(f"postcode: {error}") from None
    dlat = metres / METRES_PER_DEGREE_LAT
    dlng = metres / (METRES_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 0.01))
    rows = (
        qs.filter(
            location__latitude__range=(lat - dlat, lat + dlat),
            location__longitude__range=(lng - dlng, lng + dlng),
        )
        .order_by()  # ordered below, by distance then id
        .values_list("id", "location__latitude", "location__longitude")
    )
    # Read through the cursor (the ORM's converters built a UUID for every row in the box);
    # SQLite holds a UUID as 32 hex digits, which sort as its text does.
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    near = []
    for pk, plat, plng in fetched:
        if plat is None or plng is None:
            continue
        distance = postcodes.distance_m(lat, lng, plat, plng)
        if distance <= metres:
            near.append((distance, str(pk), pk))
    return [pk if isinstance(pk, uuid.UUID) else uuid.UUID(pk) for _, _, pk in sorted(near)]
