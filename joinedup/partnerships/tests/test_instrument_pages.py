"""The questionnaires page: everyone in the partnership reads and downloads them; managers add
or adapt one by uploading a document, without code; outsiders get 404."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from joinedup.core.models import AuditEvent
from joinedup.partnerships.models import Instrument
from joinedup.partnerships.tests.test_instruments import small_document


def list_url(partnership) -> str:
    return reverse("partnerships:instruments", args=[partnership.pk])


def document_url(partnership, instrument) -> str:
    return reverse("partnerships:instrument-document", args=[partnership.pk, instrument.pk])


def upload(content: object, name: str = "ours.json") -> SimpleUploadedFile:
    data = content if isinstance(content, bytes) else json.dumps(content).encode()
    return SimpleUploadedFile(name, data, content_type="application/json")


@pytest.mark.parametrize("who", ["pam", "alice"])
def test_manager_and_members_read_and_download_the_questionnaires(
    client, request, partnership, foundations, who
):
    client.force_login(request.getfixturevalue(who))
    page = client.get(list_url(partnership))
    assert page.status_code == 200
    assert "Foundations of collaboration" in page.text
    assert ("Upload questionnaire" in page.text) == (who == "pam")
    download = client.get(document_url(partnership, foundations))
    assert download.status_code == 200
    assert 'filename="foundations-of-collaboration.v1.json"' in download["Content-Disposition"]
    assert json.loads(download.content) == foundations.document


def test_manager_adapts_a_shipped_questionnaire_by_uploading_a_new_version(
    client, partnership, pam, foundations
):
    client.force_login(pam)
    adapted = dict(foundations.document, version=2, title="Foundations, Ashdown's wording")
    page = client.post(list_url(partnership), {"document": upload(adapted)}, follow=True)
    assert page.status_code == 200
    assert "Foundations, Ashdown&#x27;s wording, version 2, added" in page.text
    instrument = Instrument.objects.get(partnership=partnership)
    assert (instrument.key, instrument.version) == ("foundations-of-collaboration", 2)
    event = AuditEvent.objects.for_target(instrument).get()
    assert event.action == "instrument.imported" and event.actor == pam
    # It is offered when the manager sets up a health check.
    form = client.get(reverse("partnerships:create-wave", args=[partnership.pk]))
    assert "Foundations, Ashdown&#x27;s wording" in form.text


def test_a_document_with_problems_lists_every_one_and_adds_nothing(
    client, partnership, pam, instruments
):
    client.force_login(pam)
    document = small_document(scale={"min": 5, "max": 1})
    document["sections"][0]["statements"][0]["element"] = "nowhere"
    page = client.post(list_url(partnership), {"document": upload(document)})
    assert page.status_code == 200
    assert page.text.count("govuk-error-summary__list") == 1
    assert "scale: min must be below max" in page.text
    assert "&#x27;nowhere&#x27; is not a declared or known framework element" in page.text
    assert "<title>Error: " in page.text
    assert not Instrument.objects.filter(partnership=partnership).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "The file is not valid JSON"),
        (b"\xff\xfe\x00", "The file must be a JSON text file"),
        (b"x" * 200_001, "The file must be 200 KB or smaller"),
    ],
)
def test_a_file_that_is_not_a_document_is_refused_with_a_clear_error(
    client, partnership, pam, content, message
):
    client.force_login(pam)
    page = client.post(list_url(partnership), {"document": upload(content)})
    assert page.status_code == 200
    assert message in page.text
    assert not Instrument.objects.exists()


def test_no_file_is_an_error(client, partnership, pam):
    client.force_login(pam)
    page = client.post(list_url(partnership), {})
    assert "Choose a questionnaire file" in page.text


def test_members_cannot_upload(client, partnership, alice, instruments):
    client.force_login(alice)
    page = client.post(list_url(partnership), {"document": upload(small_document())})
    assert page.status_code == 404
    assert not Instrument.objects.filter(partnership=partnership).exists()


def test_outsider_gets_404_on_every_questionnaire_page(
    client, partnership, pam, charlie, foundations
):
    client.force_login(charlie)
    assert client.get(list_url(partnership)).status_code == 404
    assert client.get(document_url(partnership, foundations)).status_code == 404
    page = client.post(list_url(partnership), {"document": upload(small_document())})
    assert page.status_code == 404


def test_another_partnerships_questionnaire_is_a_404(client, partnership, pam, instruments):
    from joinedup.partnerships import services

    other = services.create_partnership(actor=pam, name="Brookfield Together")
    theirs = services.import_instrument(actor=pam, partnership=other, document=small_document())
    client.force_login(pam)
    assert client.get(document_url(partnership, theirs)).status_code == 404
    assert "Our own check" not in client.get(list_url(partnership)).text


def test_a_deeply_nested_file_is_a_form_error_not_a_crash(client, partnership, pam, instruments):
    # 10,000 levels: once a RecursionError and a 500 (issue 16).
    client.force_login(pam)
    deep = b'{"title": "x", "sections": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    page = client.post(list_url(partnership), {"document": upload(deep)})
    assert page.status_code == 200
    assert "govuk-error-summary" in page.text
    assert "nests more than" in page.text
    assert not Instrument.objects.filter(partnership=partnership).exists()
