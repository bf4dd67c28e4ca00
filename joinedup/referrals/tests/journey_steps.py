"""Steps of the referrer's journey that the page tests share."""

from __future__ import annotations

from django.urls import reverse


def start(client, *services):
    """Start referring to `services`; the address of the journey's first step (the person)."""
    response = client.get(reverse("referrals:start"), {"service": [str(s.pk) for s in services]})
    assert response.status_code == 302
    return response["Location"]


def journey_url(person_url: str, step: str) -> str:
    return person_url.replace("/person/", f"/{step}/")
