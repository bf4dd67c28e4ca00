"""Field-level cleaning of imported values: types, lengths, shapes, HTML and ids.

Policy (docs/adr/0003-directory-import.md): a field the record cannot be trusted without
(its id, its name, a service's status and age range) rejects the whole record when it is bad;
any other optional field that is malformed (a bad email or web address, a date that is not a
date, a wrong type) is dropped with a warning and the record is kept.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import uuid
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.dateparse import parse_date, parse_datetime, parse_time

# Ids that are not UUIDs in the source become uuid5(JOINEDUP_IMPORT_NS, "<namespace>:<kind>:<id>"),
# so that importing the same feed again finds the same rows.
JOINEDUP_IMPORT_NS = uuid.UUID("8d3a4c1e-2f6b-5e7a-9c0d-4b1a2e3f5d6c")

# A text field longer than this is not a description: it is a broken or hostile feed.
MAX_TEXT_LENGTH = 1_000_000

HTML_TAGS = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "b",
    "em",
    "i",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
}
_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_TOP_HEADINGS = re.compile(r"<(/?)\s*h[12](\W)", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SCHEME = re.compile(r"^(https?):/*", re.IGNORECASE)  # "http:www.x.org", "https:/x.org"
_email = EmailValidator()
# The common shape, accepted without Django's slower full validator.
_PLAIN_URL = re.compile(
    r"https?://[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(:\d{1,5})?(/[^\s<>\"]*)?", re.I
)
_url = URLValidator(schemes=["http", "https"])


class Rejected(Exception):
    """The record cannot be imported; the message is the reason shown in the report."""


def as_uuid(raw: Any, *, namespace: str, kind: str) -> uuid.UUID:
    """The source's UUID, or a stable uuid5 derived from a non-UUID source id."""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise Rejected(f"{kind} id must be text or a number, not {type_name(raw)}")
    text = str(raw).strip()
    if not text:
        raise Rejected(f"{kind} id is empty")
    if len(text) > 200:
        raise Rejected(f"{kind} id is longer than 200 characters")
    try:
        return uuid.UUID(text)
    except ValueError:
        return uuid.uuid5(JOINEDUP_IMPORT_NS, f"{namespace}:{kind}:{text}")


def child_uuid(raw: Any, *, parent: uuid.UUID, kind: str, index: int) -> uuid.UUID:
    """A child row's id: kept when it is a UUID, else derived from its parent and position."""
    if isinstance(raw, str):
        try:
            return uuid.UUID(raw.strip())
        except ValueError:
            pass
    key = raw if isinstance(raw, str | int) and not isinstance(raw, bool) else index
    return uuid.uuid5(parent, f"{kind}:{key}")


def type_name(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def sanitise_html(value: str) -> str:
    """Readable structure kept, everything else (scripts, styles, attributes) removed.

    Text that contains no tags is plain text and is left alone: running it through the
    sanitiser would turn "A & B" into "A &amp; B".
    """
    if not _LOOKS_LIKE_HTML.search(value):
        return value.strip()
    value = _TOP_HEADINGS.sub(r"<\1h3\2", value)
    cleaned = nh3.clean(
        value,
        tags=HTML_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto", "tel"},
    ).strip()
    # "<p><br></p>" and friends: markup with no words in it means no description.
    text = _TAG.sub("", cleaned).replace("&nbsp;", " ").replace("\xa0", " ")
    return cleaned if text.strip() else ""


class Cleaner:
    """Cleans the fields of one record and collects its warnings."""

    def __init__(self, label: str = "") -> None:
        self.label = label
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.label}{message}" if self.label else message)

    def _fail(self, key: str, message: str, *, reject: bool) -> None:
        if reject:
            raise Rejected(f"{key}: {message}")
        self.warn(f"{key}: {message}; field dropped")

    def text(
        self,
        doc: dict[str, Any],
        key: str,
        *,
        max_length: int = MAX_TEXT_LENGTH,
        required: bool = False,
        html: bool = False,
    ) -> str:
        raw = doc.get(key)
        if raw is None:
            value = ""
        elif isinstance(raw, str):
            value = raw
        elif isinstance(raw, int | float) and not isinstance(raw, bool):
            value = str(raw)
        else:
            self._fail(key, f"expected text, got {type_name(raw)}", reject=required)
            return ""
        if len(value) > max_length:
            self._fail(key, f"longer than {max_length} characters ({len(value)})", reject=required)
            return ""
        value = sanitise_html(value) if html else value.strip()
        if required and not value:
            raise Rejected(f"{key} is missing or empty")
        return value.replace("\x00", "")

    def email(self, doc: dict[str, Any], key: str) -> str:
        value = self.text(doc, key, max_length=320).rstrip(".")
        if value:
            try:
                _email(value)
            except ValidationError:
                self._fail(key, f"{value[:80]!r} is not an email address", reject=False)
                return ""
        return value

    def url(self, doc: dict[str, Any], key: str) -> str:
        value = _SCHEME.sub(
            lambda m: f"{m.group(1).lower()}://", self.text(doc, key, max_length=2000)
        )
        if value and not value.lower().startswith(("http://", "https://")) and "." in value:
            value = f"https://{value}"  # "www.example.org" is how people write web addresses
        if value and not _PLAIN_URL.fullmatch(value):
            try:
                _url(value)
            except ValidationError:
                self._fail(key, f"{value[:80]!r} is not a web address", reject=False)
                return ""
        return value

    def integer(
        self,
        doc: dict[str, Any],
        key: str,
        *,
        minimum: int = 0,
        maximum: int = 2_147_483_647,
        reject: bool = False,
    ) -> int | None:
        raw = doc.get(key)
        if raw is None or raw == "":
            return None
        value: int | None = None
        if isinstance(raw, int) and not isinstance(raw, bool):
            value = raw
        elif isinstance(raw, float) and raw.is_integer():
            value = int(raw)
        elif isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
            value = int(raw.strip())
        if value is None:
            self._fail(key, f"expected a whole number, got {str(raw)[:40]!r}", reject=reject)
            return None
        if not minimum <= value <= maximum:
            self._fail(key, f"{value} is outside {minimum} to {maximum}", reject=reject)
            return None
        return value

    def number(
        self, doc: dict[str, Any], key: str, *, minimum: float, maximum: float
    ) -> float | None:
        raw = doc.get(key)
        if raw is None or raw == "":
            return None
        try:
            value = float(raw) if not isinstance(raw, bool | dict | list) else None
        except ValueError:
            value = None
        if value is None or value != value or not minimum <= value <= maximum:
            self._fail(
                key, f"{str(raw)[:40]!r} is not a number from {minimum} to {maximum}", reject=False
            )
            return None
        return value

    def decimal(self, doc: dict[str, Any], key: str) -> decimal.Decimal | None:
        raw = doc.get(key)
        if raw is None or raw == "" or isinstance(raw, bool | dict | list):
            if isinstance(raw, bool | dict | list):
                self._fail(key, f"expected an amount, got {type_name(raw)}", reject=False)
            return None
        try:
            value = decimal.Decimal(str(raw)).quantize(decimal.Decimal("0.01"))
        except decimal.InvalidOperation:
            self._fail(key, f"{str(raw)[:40]!r} is not an amount", reject=False)
            return None
        if not value.is_finite() or abs(value) >= 10**10:
            self._fail(key, f"{str(raw)[:40]!r} is not a sensible amount", reject=False)
            return None
        return value

    def date(self, doc: dict[str, Any], key: str) -> dt.date | None:
        raw = doc.get(key)
        if raw is None or raw == "":
            return None
        value = None
        if isinstance(raw, str):
            text = raw.strip()
            try:
                value = parse_date(text[:10]) if len(text) >= 10 else None
            except ValueError:
                value = None
        if value is None:
            self._fail(key, f"{str(raw)[:40]!r} is not a date (YYYY-MM-DD)", reject=False)
        return value

    def datetime(self, doc: dict[str, Any], key: str) -> dt.datetime | None:
        raw = doc.get(key)
        if raw is None or raw == "":
            return None
        value = None
        if isinstance(raw, str):
            try:
                value = parse_datetime(raw.strip())
                if value is None and (day := parse_date(raw.strip())):
                    value = dt.datetime.combine(day, dt.time())
            except ValueError:
                value = None
        if value is None:
            self._fail(key, f"{str(raw)[:40]!r} is not a date and time", reject=False)
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value

    def time(self, doc: dict[str, Any], key: str) -> dt.time | None:
        raw = doc.get(key)
        if raw is None or raw == "":
            return None
        value = None
        if isinstance(raw, str):
            try:
                value = parse_time(raw.strip()[:8])
            except ValueError:
                value = None
        if value is None:
            self._fail(key, f"{str(raw)[:40]!r} is not a time (HH:MM)", reject=False)
        return value

    def choice(
        self,
        doc: dict[str, Any],
        key: str,
        choices: list[str],
        *,
        default: str = "",
        reject: bool = False,
    ) -> str:
        raw = doc.get(key)
        if raw is None or raw == "":
            return default
        text = str(raw).strip().lower().replace("_", " ") if isinstance(raw, str) else None
        by_key = {c.lower().replace("_", " "): c for c in choices}
        if text is None or text not in by_key:
            allowed = ", ".join(choices)
            self._fail(key, f"{str(raw)[:40]!r} is not one of: {allowed}", reject=reject)
            return default
        return by_key[text]

    def items(self, doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
        """A list of child objects; anything else is dropped with a warning."""
        raw = doc.get(key)
        if raw is None:
            return []
        if not isinstance(raw, list):
            self._fail(key, f"expected a list, got {type_name(raw)}", reject=False)
            return []
        good = [item for item in raw if isinstance(item, dict)]
        if len(good) != len(raw):
            self.warn(f"{key}: {len(raw) - len(good)} item(s) that are not objects dropped")
        return good

    def obj(self, doc: dict[str, Any], key: str) -> dict[str, Any] | None:
        raw = doc.get(key)
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self._fail(key, f"expected an object, got {type_name(raw)}", reject=False)
            return None
        return raw
