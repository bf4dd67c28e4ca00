"""Helpers and the small HSDS objects (taxonomies, attributes, phones, contacts, schedules)."""

from __future__ import annotations

import datetime
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.db.models import QuerySet

from joinedup.directory.models import (
    Attribute,
    Contact,
    Phone,
    Schedule,
    Taxonomy,
    TaxonomyTerm,
)

Json = dict[str, Any]

# Namespace for ids we derive (capacity, unit) so they stay stable across exports.
JOINEDUP_NS = uuid.UUID("6f0b8f3e-8a55-5c1e-9a3b-1d2c3b4a5e6f")
REFERRALS_UNIT_ID = str(uuid.uuid5(JOINEDUP_NS, "unit:referrals"))
_ATTRS = "_hsds_attributes"


def _time(value: datetime.time) -> str:
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


def _float(value: Decimal) -> float:
    return float(value)


# How each non-JSON type is published (an exact-type lookup: this runs for every field).
_CONVERT: dict[type, Any] = {
    uuid.UUID: str,
    datetime.datetime: datetime.datetime.isoformat,
    datetime.date: datetime.date.isoformat,
    datetime.time: _time,
    Decimal: _float,
}


def _value(value: Any) -> Any:
    convert = _CONVERT.get(type(value))
    return value if convert is None else convert(value)


# Fields the schemas give `format: uri` / `format: email`. Imported feeds often hold
# "www.example.org" or "call us" there: publish a valid value or nothing.
URI_FIELDS = {"url", "website", "uri", "schedule_link", "term_uri"}
EMAIL_FIELDS = {"email", "assurer_email"}
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
BARE_HOST = re.compile(r"^[\w-]+(\.[\w-]+)+(/.*)?$")


def publishable_uri(value: str) -> str:
    """An absolute URI, or "" when the text cannot be read as one."""
    text = quote(value.strip(), safe=":/?#[]@!$&'()*+,;=%~")
    if text and not URI.match(text) and BARE_HOST.match(text):
        text = f"https://{text}"
    return text if URI.match(text) else ""


def publishable_email(value: str) -> str:
    text = value.strip()
    return text if "@" in text and " " not in text else ""


def _clean(data: Json, *, required: Sequence[str] = ()) -> Json:
    """Drop empty optional fields; keep required ones (as "" when blank)."""
    out: Json = {}
    for key, value in data.items():
        if value is None or value == "" or value == []:
            if key in required:
                out[key] = "" if value is None else value
            continue
        if key in URI_FIELDS and type(value) is str:
            value = publishable_uri(value)
        elif key in EMAIL_FIELDS and type(value) is str:
            value = publishable_email(value)
        if value == "":
            if key in required:
                out[key] = value
            continue
        out[key] = _value(value)
    return out


def _fields(obj: Any, names: Iterable[str]) -> Json:
    return {name: getattr(obj, name) for name in names}


# --- taxonomies -----------------------------------------------------------------------------


def taxonomy_to_hsds(taxonomy: Taxonomy, *, terms: Iterable[TaxonomyTerm] | None = None) -> Json:
    data = _fields(taxonomy, ("id", "name", "description", "uri", "version"))
    if terms is not None:
        data["taxonomy_terms"] = [taxonomy_term_to_hsds(t, detail=False) for t in terms]
    return _clean(data, required=("id", "name", "description"))


def taxonomy_term_to_hsds(term: TaxonomyTerm, *, detail: bool = True) -> Json:
    data = _fields(term, ("id", "code", "name", "description", "parent_id", "taxonomy"))
    data["taxonomy_id"] = term.taxonomy_detail_id
    if detail and term.taxonomy_detail_id is not None:
        data["taxonomy_detail"] = taxonomy_to_hsds(term.taxonomy_detail)  # type: ignore[arg-type]
    data.update(language=term.language, term_uri=term.term_uri, term=term.name)
    return _clean(data, required=("id", "name", "description"))


def attribute_to_hsds(attribute: Attribute) -> Json:
    data = _fields(attribute, ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity"))
    data["value"] = attribute.value
    data["taxonomy_term"] = taxonomy_term_to_hsds(attribute.taxonomy_term)
    return _clean(data, required=("id",))


def attributes_query() -> QuerySet[Attribute]:
    return Attribute.objects.select_related(
        "taxonomy_term__taxonomy_detail"
    ).defer(  # the original documents are never published
        "taxonomy_term__source_document", "taxonomy_term__taxonomy_detail__source_document"
    )


def attach_attributes(objects: Sequence[Any], entity: str) -> None:
    """Load the attributes of many objects of one kind in a single query."""
    by_id: dict[uuid.UUID, list[Attribute]] = defaultdict(list)
    ids = [obj.pk for obj in objects]
    if ids:
        for attribute in attributes_query().filter(link_entity=entity, link_id__in=ids):
            by_id[attribute.link_id].append(attribute)
    for obj in objects:
        setattr(obj, _ATTRS, by_id.get(obj.pk, []))


def _attributes(obj: Any, entity: str) -> list[Json]:
    if not hasattr(obj, _ATTRS):
        attach_attributes([obj], entity)
    return [attribute_to_hsds(a) for a in getattr(obj, _ATTRS)]


# --- small children -------------------------------------------------------------------------


def _language(language: Any) -> Json:
    return _clean(
        _fields(language, ("id", "service_id", "location_id", "phone_id", "name", "code", "note")),
        required=("id",),
    )


def phone_to_hsds(phone: Phone) -> Json:
    data = _fields(
        phone,
        (
            "id",
            "location_id",
            "service_id",
            "organization_id",
            "contact_id",
            "service_at_location_id",
            "number",
            "extension",
            "type",
            "description",
        ),
    )
    data["languages"] = [_language(lang) for lang in phone.languages.all()]
    return _clean(data, required=("id", "number"))


def contact_to_hsds(contact: Contact) -> Json:
    data = _fields(
        contact,
        (
            "id",
            "organization_id",
            "service_id",
            "service_at_location_id",
            "location_id",
            "name",
            "title",
            "department",
            "email",
        ),
    )
    data["phones"] = [phone_to_hsds(p) for p in contact.phones.all()]
    return _clean(data, required=("id",))


SCHEDULE_FIELDS = (
    "id",
    "service_id",
    "location_id",
    "service_at_location_id",
    "valid_from",
    "valid_to",
    "dtstart",
    "timezone",
    "until",
    "count",
    "wkst",
    "freq",
    "interval",
    "byday",
    "byweekno",
    "bymonthday",
    "byyearday",
    "description",
    "opens_at",
    "closes_at",
    "schedule_link",
    "attending_type",
    "notes",
)


def schedule_to_hsds(schedule: Schedule) -> Json:
    return _clean(_fields(schedule, SCHEDULE_FIELDS), required=("id",))


def _simple(obj: Any, names: Sequence[str], *, required: Sequence[str] = ("id",)) -> Json:
    return _clean(_fields(obj, names), required=required)


ADDRESS_FIELDS = (
    "id",
    "location_id",
    "attention",
    "address_1",
    "address_2",
    "city",
    "region",
    "state_province",
    "postal_code",
    "country",
    "address_type",
)
ADDRESS_REQUIRED = ("id", "address_1", "city", "state_province", "postal_code", "country")
