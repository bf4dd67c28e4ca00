"""ORUK 1.0 (and Outpost's variant of it) → HSDS 3.0-shaped dicts.

ORUK 1.0 list items carry a service and its organisation; full ORUK 1.0 services add
`service_at_locations` (with `physical_addresses`), `regular_schedules`, `service_taxonomys`,
`eligibilitys`, `contacts`, `cost_options`, `languages`, `fundings` and `service_areas`.
Outpost (Buckinghamshire, and other councils running it) uses `organisation`, `min_age`/`max_age`,
`locations` with a GeoJSON point, `taxonomies` with `slug`/`parent_id` and `regular_schedules`
with weekday names.

Fields with no HSDS 3.0 home (`deliverable_type`, `attending_type`, `attending_access`, Open
Place's `pc_*`, Outpost's `send_needs`, `local_offer`, `links`, `target_directories`...) stay in
the record's `source_document`. Values are only moved here, never validated: `nodes.py` does that
for every format alike.
"""

from __future__ import annotations

from typing import Any

from joinedup.directory.importers.nodes import ORIGINAL

Json = dict[str, Any]

WEEKDAYS = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}
OUTPOST_MARKERS = {"organisation", "target_directories", "local_offer", "send_needs", "min_age"}
ORUK1_MARKERS = {
    "deliverable_type",
    "attending_type",
    "attending_access",
    "service_taxonomys",
    "eligibilitys",
    "fundings",
    "regular_schedules",
    "pc_metadata",
    "holiday_schedules",
}


def looks_like_outpost(doc: Json) -> bool:
    return bool(OUTPOST_MARKERS & doc.keys()) or ("taxonomies" in doc and "locations" in doc)


def looks_like_oruk1(doc: Json) -> bool:
    return bool(ORUK1_MARKERS & doc.keys()) or looks_like_outpost(doc)


def looks_like_taxonomy(doc: Json) -> bool:
    """An ORUK 1.0 taxonomy ({id,name,vocabulary,parent}) or an Outpost tree node."""
    return "vocabulary" in doc or ("slug" in doc and ("label" in doc or "children" in doc))


def _list(doc: Json, key: str) -> list[Json]:
    value = doc.get(key)
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _obj(doc: Json, key: str) -> Json | None:
    value = doc.get(key)
    return value if isinstance(value, dict) else None


def _with_original(converted: Json, original: Json) -> Json:
    converted[ORIGINAL] = original
    return converted


def organization(raw: Json) -> Json:
    return _with_original(
        {
            "id": raw.get("id"),
            "name": raw.get("name"),
            "description": raw.get("description"),
            "email": raw.get("email"),
            "website": raw.get("url") or raw.get("website"),
            "logo": raw.get("logo"),
            "uri": raw.get("uri"),
        },
        raw,
    )


def _schedule(raw: Json) -> Json:
    day = raw.get("weekday")
    byday = raw.get("byday")
    if not byday and isinstance(day, str):
        byday = WEEKDAYS.get(day.strip().lower(), day[:2].upper())
    elif not byday and isinstance(day, int) and 1 <= day <= 7:
        byday = list(WEEKDAYS.values())[day - 1]
    return {
        **{k: raw.get(k) for k in ("id", "valid_from", "valid_to", "dtstart", "interval")},
        "freq": raw.get("freq") or "WEEKLY",
        "byday": byday,
        "bymonthday": raw.get("bymonthday"),
        "opens_at": raw.get("opens_at"),
        "closes_at": raw.get("closes_at"),
        "description": raw.get("description"),
    }


def _address(raw: Json) -> Json:
    return {
        k: raw.get(k)
        for k in ("id", "attention", "address_1", "address_2", "city", "region", "state_province")
    } | {
        "postal_code": raw.get("postal_code") or raw.get("postcode"),
        "country": raw.get("country") or "GB",
    }


def _location(raw: Json) -> Json:
    latitude, longitude = raw.get("latitude"), raw.get("longitude")
    geometry = _obj(raw, "geometry")
    coordinates = geometry.get("coordinates") if geometry else None
    if isinstance(coordinates, list) and len(coordinates) == 2:
        longitude, latitude = coordinates  # GeoJSON is [lng, lat]
    addresses = [_address(a) for a in _list(raw, "physical_addresses")]
    if not addresses and (raw.get("address_1") or raw.get("postal_code")):
        addresses = [_address(raw) | {"id": None}]
    accessibility = [
        {"id": a.get("id"), "description": a.get("accessibility") or a.get("name")}
        for a in _list(raw, "accessibility_for_disabilities") + _list(raw, "accessibilities")
    ]
    return _with_original(
        {
            "id": raw.get("id"),
            "name": raw.get("name"),
            "description": raw.get("description"),
            "latitude": latitude,
            "longitude": longitude,
            "addresses": addresses,
            "accessibility": accessibility,
            "schedules": [_schedule(s) for s in _list(raw, "regular_schedules")],
        },
        raw,
    )


def _contact(raw: Json) -> Json:
    phones = [{"id": p.get("id"), "number": p.get("number")} for p in _list(raw, "phones")]
    if isinstance(raw.get("phone"), str) and raw["phone"].strip():
        phones.append({"number": raw["phone"]})
    return {
        "id": raw.get("id"),
        "name": raw.get("name"),
        "title": raw.get("title"),
        "email": raw.get("email"),
        "phones": phones,
    }


def taxonomy_term(
    raw: Json, *, vocabulary: str = "", by_id: dict[Any, str] | None = None, prefix: str = "slug"
) -> Json:
    """An ORUK 1.0 / Outpost term. Outpost terms are keyed by slug: their numeric ids differ
    between an instance's /taxonomies and /services responses, their slugs do not."""
    slug = raw.get("slug")
    term_id = f"{prefix}:{slug}" if isinstance(slug, str) and slug else raw.get("id")
    parent = raw.get("parent_id", raw.get("parent"))
    if isinstance(parent, dict):
        parent = parent.get("id")
    if by_id is not None and parent in by_id:
        parent = by_id[parent]
    if isinstance(raw.get("vocabulary"), str):
        vocabulary = raw["vocabulary"]
    term: Json = {
        "id": term_id,
        "name": raw.get("name") or raw.get("label"),
        "code": slug,
        "parent_id": parent,
        "taxonomy": vocabulary,
    }
    if vocabulary:
        term["taxonomy_detail"] = {"id": f"taxonomy:{vocabulary}", "name": vocabulary}
    return _with_original(term, raw)


def outpost_tree(nodes: list[Json], parent: str | None = None) -> list[Json]:
    """Outpost's /taxonomies tree ({id,label,slug,children}) flattened, parents first."""
    terms: list[Json] = []
    for node in nodes:
        if not isinstance(node, dict):
            continue
        raw = {k: v for k, v in node.items() if k != "children"}
        term = taxonomy_term(raw | {"parent_id": parent}, vocabulary="Outpost")
        terms.append(term)
        children = node.get("children")
        if isinstance(children, list):
            terms.extend(outpost_tree(children, term["id"]))
    return terms


def service(raw: Json) -> Json:
    """One ORUK 1.0 or Outpost service as an HSDS 3.0 service dict."""
    outpost = looks_like_outpost(raw)
    out: Json = {
        k: raw.get(k)
        for k in ("id", "name", "description", "url", "email", "status", "accreditations")
    }
    out["fees_description"] = raw.get("fees")
    out["assured_date"] = raw.get("assured_date")
    metadata = _obj(raw, "pc_metadata") or {}
    out["last_modified"] = raw.get("updated_at") or metadata.get("date_modified")
    out.update(_ages_and_eligibility(raw))
    if outpost and raw.get("free") is True and not out["fees_description"]:
        out["fees_description"] = "Free"
    if outpost and not out.get("status"):
        out["status"] = "active"  # Outpost lists only services it publishes
    org = _obj(raw, "organization") or _obj(raw, "organisation")
    if org is not None:
        out["organization"] = organization(org)
    out["contacts"] = [_contact(c) for c in _list(raw, "contacts")]
    out["schedules"] = [_schedule(s) for s in _list(raw, "regular_schedules")]
    out["cost_options"] = [_cost_option(c) for c in _list(raw, "cost_options")]
    out["languages"] = [
        {"id": x.get("id"), "name": x.get("language") or x.get("name")}
        for x in _list(raw, "languages")
    ]
    out["funding"] = [
        {"id": f.get("id"), "source": f.get("source")} for f in _list(raw, "fundings")
    ]
    out["service_areas"] = [
        {
            "id": a.get("id"),
            "name": a.get("service_area"),
            "extent": a.get("extent"),
            "uri": a.get("uri"),
        }
        for a in _list(raw, "service_areas")
    ]
    out["service_at_locations"] = _service_at_locations(raw)
    out["attributes"] = _attributes(raw)
    return out


def _ages_and_eligibility(raw: Json) -> Json:
    """Ages from the service, else from its first eligibility; the eligibility texts joined."""
    out: Json = {"minimum_age": raw.get("min_age"), "maximum_age": raw.get("max_age")}
    eligibility = _list(raw, "eligibilitys")
    if eligibility:
        out["minimum_age"] = out["minimum_age"] or eligibility[0].get("minimum_age")
        out["maximum_age"] = out["maximum_age"] or eligibility[0].get("maximum_age")
        texts = [e.get("eligibility") for e in eligibility if isinstance(e.get("eligibility"), str)]
        out["eligibility_description"] = "; ".join(t for t in texts if t)
    return out


def _cost_option(raw: Json) -> Json:
    return {
        "id": raw.get("id"),
        "option": raw.get("option"),
        "amount": raw.get("amount"),
        "amount_description": raw.get("amount_description") or raw.get("cadence"),
        "valid_from": raw.get("valid_from"),
        "valid_to": raw.get("valid_to"),
    }


def _service_at_locations(raw: Json) -> list[Json]:
    sals = []
    for sal in _list(raw, "service_at_locations"):
        location = _obj(sal, "location")
        if location is not None:
            sals.append(
                {
                    "id": sal.get("id"),
                    "location": _location(location),
                    "schedules": [_schedule(s) for s in _list(sal, "regular_schedules")],
                }
            )
    for location in _list(raw, "locations"):  # Outpost: locations straight on the service
        sals.append({"location": _location(location)})
    return sals


def _attributes(raw: Json) -> list[Json]:
    """The service's categories: ORUK 1.0 links, Outpost taxonomies and SEND needs."""
    attributes = []
    for link in _list(raw, "service_taxonomys"):
        term = _obj(link, "taxonomy")
        if term is not None:
            attributes.append({"id": link.get("id"), "taxonomy_term": taxonomy_term(term)})
    # Parents before children, so that a child's parent_id finds its parent.
    terms = sorted(_list(raw, "taxonomies"), key=lambda t: t.get("parent_id") is not None)
    by_id = {t.get("id"): f"slug:{t['slug']}" for t in terms if isinstance(t.get("slug"), str)}
    for term in terms:
        attributes.append({"taxonomy_term": taxonomy_term(term, vocabulary="Outpost", by_id=by_id)})
    for need in _list(raw, "send_needs"):
        attributes.append(
            {"taxonomy_term": taxonomy_term(need, vocabulary="SEND needs", prefix="send")}
        )
    return attributes
