"""The privacy notice (ADR 33): filled from settings and from the retention periods the
software really applies, linked from every form that collects personal data."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from joinedup.partnerships.models import Partnership
from joinedup.referrals.services.intake import set_service_intake
from joinedup.referrals.tests.journey_steps import journey_url, start

PRIVACY = "/privacy/"


@pytest.fixture
def legal_settings(settings, db):
    settings.JOINEDUP_PRIVACY_CONTROLLER = "Borsetshire County Council"
    settings.JOINEDUP_PRIVACY_CONTROLLER_ADDRESS = "County Hall\nFelpersham FE1 2AB"
    settings.JOINEDUP_PRIVACY_DPO_EMAIL = "dpo@borsetshire.example"
    settings.JOINEDUP_PRIVACY_ICO_REGISTRATION = "Z9876543"
    settings.JOINEDUP_PRIVACY_PURPOSES = ["to run the Borsetshire front door"]
    settings.JOINEDUP_PRIVACY_LAWFUL_BASIS = "Article 6(1)(e) for Borsetshire"
    settings.JOINEDUP_PRIVACY_PROCESSORS = ["Felpersham Hosting Ltd"]
    settings.OUTBOX_KEEP_SENT_DAYS = 5
    return settings


def test_the_notice_shows_the_settings(client, legal_settings):
    assert reverse("privacy:notice") == PRIVACY
    html = client.get(PRIVACY).content.decode()
    for value in (
        "Borsetshire County Council",
        "County Hall<br>Felpersham FE1 2AB",
        'href="mailto:dpo@borsetshire.example"',
        "Z9876543",
        "to run the Borsetshire front door",
        "Article 6(1)(e) for Borsetshire",
        "Felpersham Hosting Ltd",
        "deleted 5 days after they are sent",
        "Information Commissioner",
    ):
        assert value in html, value


def test_the_defaults_name_the_lawful_bases(client, db):
    html = client.get(PRIVACY).content.decode()
    assert "Article 6(1)(e)" in html and "public task" in html
    assert "Article 9(2)(h)" in html and "Article 9(2)(g)" in html
    # Without a Notify key no text messages are sent, so Notify is not named as a recipient.
    assert "GOV.UK Notify" not in html


def test_retention_is_each_partnerships_own(client, pam, settings):
    partnership = Partnership.objects.get(managers=pam)
    Partnership.objects.filter(pk=partnership.pk).update(
        closed_referral_retention_months=36, referral_expiry_days=21
    )
    settings.NOTIFY_API_KEY = "test-key"
    html = client.get(PRIVACY).content.decode()
    table = html.split('id="retention-periods"')[1].split("</table>")[0]
    rows = [re.sub(r"<[^>]+>", " ", "<tr" + row).split() for row in table.split("<tr")[2:]]
    assert rows[0] == ["Ashdown", "Partnership", "21", "days", "36", "months"]
    assert rows[1] == ["Organisations", "in", "no", "partnership", "14", "days", "24", "months"]
    assert "GOV.UK Notify" in html


def test_the_ask_for_help_form_links_the_privacy_notice(client, alice, carers_service):
    set_service_intake(
        actor=alice,
        service=carers_service,
        person_fields=["postcode"],
        questions=[],
        accepts_self_referral=True,
        next_steps="We will call you.",
    )
    html = client.get(reverse("referrals:ask-for-help", args=[carers_service.pk])).content.decode()
    form = html.split("<form")[1].split("</form>")[0]
    assert "How we use your information" in form and f'href="{PRIVACY}"' in form


def test_the_join_form_links_the_privacy_notice(client, db):
    form = client.get("/join/").content.decode().split('<form method="post"')[1]
    assert f'href="{PRIVACY}"' in form.split("</form>")[0]


def test_the_referral_screens_link_the_privacy_notice(client, alice, food_service):
    client.force_login(alice)
    where = start(client, food_service, name="Somebody New")
    for step in ("person", "person/new"):
        html = client.get(journey_url(where, step)).content.decode()
        forms = html.split("<form")
        assert any(f'href="{PRIVACY}"' in form.split("</form>")[0] for form in forms[1:]), step
