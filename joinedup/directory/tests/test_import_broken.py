"""A corpus of broken inputs: each gets a clear report, no traceback, nothing half-written."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from joinedup.directory.importers import import_directory
from joinedup.directory.models import (
    Attribute,
    Contact,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

FIXTURES = Path(__file__).parent / "fixtures" / "import"
MODELS = [
    Organization,
    Service,
    Location,
    ServiceAtLocation,
    Phone,
    Contact,
    Schedule,
    TaxonomyTerm,
    Attribute,
]

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {m.__name__: m._default_manager.count() for m in MODELS}


def service(**fields) -> dict:
    return {
        "id": "e0e0e0e0-0000-4000-8000-000000000001",
        "name": "Good service",
        "description": "Fine.",
        "status": "active",
        **fields,
    }


def write(tmp_path: Path, content: bytes | str | object, name: str = "feed.json") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n", "is empty"),
        (b'[{"id": "a", "name": "Trunc', "is not valid JSON (Unterminated string"),
        (b'{"contents": [', "is not valid JSON"),
        (b'{\n  "contents": [\n    {"id": "a",\n', "is not valid JSON (Expecting property name"),
        (b"\xff\xfe\x00n\x00a\x00m\x00e", "is not UTF-8 text (byte 0xff at offset 0)"),
        (b'[{"name": "Caf\xe9"}]', "is not UTF-8 text (byte 0xe9 at offset 14)"),
        (b'{"foo": 1}', "is JSON but not a directory feed"),
        (b"42", "is JSON but not a directory feed"),
        (b'[1, 2, "three"]', "none of its 3 items has an id or a name"),
        (b"id,name\n1,x\n", "is a single CSV table"),
        # Once a RecursionError that stopped the import (issue 16).
        (b"[" * 10_000 + b"]" * 10_000, "is not valid JSON (The JSON nests more than"),
    ],
)
def test_unreadable_input_is_a_clear_error_and_writes_nothing(tmp_path, content, message):
    suffix = ".csv" if content.startswith(b"id,name") else ".json"
    path = write(tmp_path, content, f"feed{suffix}")
    before = row_counts()

    report = import_directory(paths=[path])
    with pytest.raises(CommandError, match="Not imported|" + message.split(" (")[0]):
        call_command("import_directory", str(path), stdout=StringIO())

    assert not report.ok
    assert len(report.errors) == 1
    assert message in report.errors[0]
    assert str(path) in report.errors[0]
    assert row_counts() == before


def test_missing_path_is_a_clear_error(tmp_path):
    out = StringIO()
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_directory", str(tmp_path / "nope.json"), stdout=out)
    assert "Not imported:" in out.getvalue()


def test_a_bad_path_does_not_stop_the_good_one(tmp_path):
    report = import_directory(paths=[tmp_path / "nope.json", FIXTURES / "hsds_service.json"])

    assert report.errors and "does not exist" in report.errors[0]
    assert report.total("created", "service") == 1


def test_empty_list_is_not_an_error(tmp_path):
    out = StringIO()
    call_command("import_directory", str(write(tmp_path, [])), stdout=out)
    assert "Nothing to import" in out.getvalue()


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"name": "x" * 10_000_000}, "name: longer than 500 characters (10000000)"),
        ({"name": {"en": "Nested"}}, "name: expected text, got an object"),
        ({"name": None}, "name is missing or empty"),
        ({"name": "   "}, "name is missing or empty"),
        ({"status": "open"}, "status: 'open' is not one of"),
        ({"status": 3}, "status: '3' is not one of"),
        ({"minimum_age": "eighteen"}, "minimum_age: expected a whole number"),
        ({"maximum_age": -1}, "maximum_age: -1 is outside 0 to 32767"),
        ({"minimum_age": 65, "maximum_age": 18}, "minimum_age 65 is greater than maximum_age 18"),
        ({"id": ["a"]}, "service id must be text or a number, not a list"),
        ({"id": ""}, "service id is empty"),
    ],
)
def test_bad_record_is_rejected_with_its_reason_and_the_rest_imported(tmp_path, fields, reason):
    good = service(id="e0e0e0e0-0000-4000-8000-000000000099", name="The good one")
    path = write(tmp_path, [service(**fields), good])

    report = import_directory(paths=[path])

    assert [p.position for p in report.rejected] == ["feed.json item 1"]
    assert reason in report.rejected[0].reason
    assert list(Service.objects.values_list("name", flat=True)) == ["The good one"]


@pytest.mark.parametrize(
    ("fields", "warning"),
    [
        ({"email": "not-an-email"}, "email: 'not-an-email' is not an email address"),
        ({"url": "javascript:alert(1)"}, "url: 'javascript:alert(1)' is not a web address"),
        ({"assured_date": "last week"}, "assured_date: 'last week' is not a date"),
        ({"description": ["a", "list"]}, "description: expected text, got a list"),
        ({"phones": "01234"}, "phones: expected a list, got text"),
        ({"schedules": [{"opens_at": "9am-ish"}]}, "opens_at: '9am-ish' is not a time"),
        ({"service_at_locations": [{"location": {"id": "l1", "latitude": 512}}]}, "latitude"),
    ],
)
def test_bad_optional_field_is_dropped_with_a_warning(tmp_path, fields, warning):
    path = write(tmp_path, [service(**fields)])

    report = import_directory(paths=[path])

    assert report.rejected == []
    assert any(warning in p.reason for p in report.warnings), report.warnings
    assert Service.objects.count() == 1


def test_unknown_fields_are_ignored(tmp_path):
    org = {"id": "e0e0e0e0-0000-4000-8000-0000000000a9", "name": "Org", "motto": "hi"}
    extra = {"colour": "blue", "nested": {"deep": [1, 2]}, "x-extra": 1}
    path = write(tmp_path, [service(organization=org, **extra)])

    report = import_directory(paths=[path])

    assert report.total("created", "service") == 1
    assert report.rejected == [] and report.warnings == []
    assert Service.objects.get().source_document["colour"] == "blue"


def test_duplicate_ids_in_one_file_reject_the_second(tmp_path):
    path = write(tmp_path, [service(name="First"), service(name="Second")])

    report = import_directory(paths=[path])

    assert report.total("created", "service") == 1
    assert report.rejected[0].position == "feed.json item 2"
    assert "duplicate service id" in report.rejected[0].reason
    assert Service.objects.get().name == "First"


def test_record_failing_in_the_database_is_rolled_back_whole(tmp_path):
    phone = {"id": "e0e0e0e0-0000-4000-8000-0000000000f1", "number": "01234 000000"}
    import_directory(paths=[write(tmp_path, [service(phones=[phone])], "a.json")])
    before = row_counts()
    # A second service reusing the first one's phone id: its service row is written first,
    # then the phone insert fails. The savepoint must take the service row back out.
    other = service(
        id="e0e0e0e0-0000-4000-8000-000000000002",
        name="Clashing service",
        organization={"id": "e0e0e0e0-0000-4000-8000-0000000000a1", "name": "New org"},
        phones=[phone],
    )
    good = service(id="e0e0e0e0-0000-4000-8000-000000000003", name="Later service")

    report = import_directory(paths=[write(tmp_path, [other, good], "b.json")])

    assert [p.position for p in report.rejected] == ["b.json item 1"]
    assert "the database refused it" in report.rejected[0].reason
    assert not Service.objects.filter(name="Clashing service").exists()
    assert not Organization.objects.filter(name="New org").exists()
    assert Service.objects.filter(name="Later service").exists()
    after = row_counts()
    assert after["Service"] == before["Service"] + 1
    assert after["Phone"] == before["Phone"] == 1
    # The rolled-back organisation is not remembered as imported: a later run creates it.
    again = import_directory(paths=[write(tmp_path, [{**other, "phones": []}], "c.json")])
    assert again.total("created", "organization") == 1


def test_ndjson_bad_line_is_rejected_and_the_other_lines_imported(tmp_path):
    lines = [
        json.dumps(service()),
        '{"id": "broken',
        json.dumps(service(id="e0e0e0e0-0000-4000-8000-000000000005", name="Other")),
    ]
    path = write(tmp_path, "\n".join(lines) + "\n", "feed.ndjson")

    report = import_directory(paths=[path])

    assert report.total("created", "service") == 2
    assert [p.position for p in report.rejected] == ["feed.ndjson line 2"]
    assert "not valid JSON" in report.rejected[0].reason


def test_non_object_items_are_rejected_one_by_one(tmp_path):
    path = write(tmp_path, [service(), "a string", None])

    report = import_directory(paths=[path])

    assert report.total("created", "service") == 1
    assert [p.reason for p in report.rejected] == [
        "expected an object, got text",
        "expected an object, got null",
    ]
