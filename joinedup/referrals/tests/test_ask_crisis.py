"""The resident's "ask for help" pages and crisis help: a 999 line on every form, and what the
person wrote read for risk as a search is (ADR 13)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.referrals.services.intake import set_service_intake

pytestmark = pytest.mark.django_db

PANEL = 'id="crisis-help"'


@pytest.fixture
def open_service(alice, carers_service):
    set_service_intake(
        actor=alice,
        service=carers_service,
        person_fields=[],
        questions=[],
        accepts_self_referral=True,
    )
    return carers_service


def _ask(client, service, need: str):
    url = reverse("referrals:ask-for-help", args=[service.pk])
    form = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "Pat Person",
            "contact_preference": "phone",
            "phone": "07700 900789",
            "need": need,
            "urgency": "routine",
            "consent": "on",
            "website": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return form, client.get(response["Location"]).content.decode()


def test_ask_for_help_always_says_call_999_and_reads_what_was_written(client, open_service):
    form, done = _ask(client, open_service, "my partner threatens me and I am scared to go home")
    assert 'id="danger-line"' in form and 'href="tel:999"' in form and PANEL not in form
    assert PANEL in done and "0808 2000 247" in done
    assert "govuk-exit-this-page" in done
    assert done.index(PANEL) < done.index("govuk-panel__title")


def test_ask_for_help_for_an_everyday_need_has_no_panel(client, open_service):
    _, done = _ask(client, open_service, "I look after my mum and need a break")
    assert PANEL not in done and "Request sent" in done


def test_the_confirmation_gives_the_numbers_in_the_order_the_words_call_for(client, open_service):
    # A child's own words about a parent: Childline first, as on the search page.
    _, done = _ask(client, open_service, "my stepdad hits me when mum is at work")
    panel = done[done.index(PANEL) :]
    assert panel.index("0800 1111") < panel.index("0808 2000 247")
    # A fire: no silent-call line, and the session keeps no words typed.
    _, done = _ask(client, open_service, "kitchen on fire kids are upstairs")
    assert PANEL in done and "0808 800 5000" not in done
    kept = client.session["ask_crisis"]
    assert "kitchen" not in str(kept) and kept["kinds"][0] == "fire"
