"""Typed parsing of the feed's query parameters: bad input becomes a 400 problem."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import get_current_timezone, is_naive, make_aware

from joinedup.api.problems import bad_request, not_found

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
# Far beyond any real directory; keeps OFFSET arithmetic sane.
MAX_PAGE = 1_000_000
TRUE = {"true", "1", "yes"}
FALSE = {"false", "0", "no", ""}


def parse_uuid(value: str, *, name: str = "id", in_path: bool = False) -> uuid.UUID:
    try:
        return uuid.UUID(value.strip())
    except (ValueError, AttributeError):
        if in_path:
            raise not_found(f"{value!r} is not a valid id: ids are UUIDs.") from None
        raise bad_request(f"{name} must be a UUID, got {value!r}.") from None


def parse_int(value: str, *, name: str, low: int, high: int) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise bad_request(f"{name} must be a whole number, got {value!r}.") from None
    if not low <= number <= high:
        raise bad_request(f"{name} must be between {low} and {high}, got {number}.")
    return number


def parse_bool(value: str, *, name: str) -> bool:
    text = value.strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise bad_request(f"{name} must be true or false, got {value!r}.")


def parse_datetime_param(value: str, *, name: str) -> datetime.datetime:
    """ISO 8601 date or date-time (naive values are read in the site's time zone)."""
    text = value.strip().replace(" ", "+")  # an unencoded "+" in a query string reads as space
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = parse_date(text)
            if day is not None:
                moment = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise bad_request(f"{name} must be an ISO 8601 date or date-time, got {value!r}.")
    return make_aware(moment, get_current_timezone()) if is_naive(moment) else moment


@dataclass(frozen=True)
class FeedParams:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    ndjson: bool = False
    search: str = ""
    full: bool = False
    full_service: bool = False
    minimal: bool = False
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    parent_id: uuid.UUID | None = None
    top_only: bool = False
    modified_after: datetime.datetime | None = None
    postcode: str = ""
    proximity: float | None = None


def parse_params(query: QueryDict) -> FeedParams:
    """Every parameter any list endpoint takes; an endpoint ignores those it does not use."""
    # Checked in this order: the first bad parameter is the one the 400 problem names.
    params = FeedParams(
        page=_optional_int(query, "page", default=1, high=MAX_PAGE),
        per_page=_optional_int(query, "per_page", default=DEFAULT_PER_PAGE, high=MAX_PER_PAGE),
        ndjson=_is_ndjson(query.get("format")),
        search=(query.get("search") or "").strip()[:200],
        full=_flag(query, "full"),
        full_service=_flag(query, "full_service"),
        minimal=_flag(query, "minimal"),
        top_only=_flag(query, "top_only"),
        taxonomy_term_id=_optional_uuid(query, "taxonomy_term_id"),
        taxonomy_id=_optional_uuid(query, "taxonomy_id"),
        organization_id=_optional_uuid(query, "organization_id"),
        parent_id=_optional_uuid(query, "parent_id"),
        modified_after=_optional_datetime(query, "modified_after"),
        postcode=(query.get("postcode") or "").strip(),
        proximity=_proximity(query.get("proximity")),
    )
    if params.proximity is not None and not params.postcode:
        raise bad_request("proximity needs a postcode to measure from.")
    return params


def _optional_int(query: QueryDict, name: str, *, default: int, high: int) -> int:
    value = query.get(name)
    return default if value is None else parse_int(value, name=name, low=1, high=high)


def _is_ndjson(fmt: str | None) -> bool:
    if fmt is None:
        return False
    if fmt.strip().lower() not in ("json", "ndjson", ""):
        raise bad_request(f"format must be json or ndjson, got {fmt!r}.")
    return fmt.strip().lower() == "ndjson"


def _flag(query: QueryDict, name: str) -> bool:
    value = query.get(name)
    return False if value is None else parse_bool(value, name=name)


def _optional_uuid(query: QueryDict, name: str) -> uuid.UUID | None:
    raw = query.get(name)
    return parse_uuid(raw, name=name) if raw else None


def _optional_datetime(query: QueryDict, name: str) -> datetime.datetime | None:
    raw = query.get(name)
    return parse_datetime_param(raw, name=name) if raw else None


def _proximity(raw: str | None) -> float | None:
    """A distance in metres from the postcode, 0 to 2,000 km."""
    if not raw:
        return None
    try:
        proximity = float(raw)
    except ValueError:
        raise bad_request(f"proximity must be a distance in metres, got {raw!r}.") from None
    if not 0 <= proximity <= 2_000_000:
        raise bad_request("proximity must be between 0 and 2,000,000 metres.")
    return proximity
