"""Ask for help is rate limited per address and per service, across fresh sessions (issue 16)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from joinedup.referrals.models import Referral
from joinedup.referrals.services.intake import set_service_intake


@pytest.fixture
def open_service(alice, carers_service):
    set_service_intake(
        actor=alice,
        service=carers_service,
        person_fields=[],
        questions=[],
        accepts_self_referral=True,
        next_steps="We will call you.",
    )
    return carers_service


DATA = {
    "name": "Pat Person",
    "contact_preference": "phone",
    "phone": "07700 900789",
    "need": "I look after my mum and I am exhausted",
    "urgency": "routine",
    "consent": "on",
    "website": "",
}


def _ask(service, address: str, **changes):
    # A fresh session each time, as a robot clearing its cookies would have.
    client = Client(REMOTE_ADDR=address)
    url = reverse("referrals:ask-for-help", args=[service.pk])
    client.get(url)
    return client.post(url, {**DATA, **changes})


def test_one_address_is_limited_across_fresh_sessions(settings, open_service):
    settings.RATELIMIT_ASK_FOR_HELP_ADDRESS = "3/h"
    assert [_ask(open_service, "198.51.100.7").status_code for _ in range(3)] == [302] * 3
    refused = _ask(open_service, "198.51.100.7")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    page = refused.content.decode()
    assert "Too many requests" in page and "govuk-heading-l" in page
    # The three accepted stay accepted; the refused one wrote nothing.
    assert Referral.objects.count() == 3
    # Another address is not held back by the first.
    assert _ask(open_service, "198.51.100.8").status_code == 302
    assert Referral.objects.count() == 4


def test_one_service_is_limited_across_addresses(settings, open_service):
    settings.RATELIMIT_ASK_FOR_HELP_SERVICE = "2/h"
    assert _ask(open_service, "198.51.100.1").status_code == 302
    assert _ask(open_service, "198.51.100.2").status_code == 302
    assert _ask(open_service, "198.51.100.3").status_code == 429
    assert Referral.objects.count() == 2


def test_a_form_with_mistakes_does_not_use_up_the_limit(settings, open_service):
    settings.RATELIMIT_ASK_FOR_HELP_ADDRESS = "1/h"
    for _ in range(3):
        assert _ask(open_service, "198.51.100.9", consent="").status_code == 200
    assert _ask(open_service, "198.51.100.9").status_code == 302
