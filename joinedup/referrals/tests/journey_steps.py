"""Steps of the referrer's journey (shortlist, who, what and consent, check) that the page
tests share."""

from __future__ import annotations

import re

from django.urls import reverse


def shortlist(client, *services) -> None:
    """Add `services` to the signed-in practitioner's shortlist, as the search page's buttons do."""
    for service in services:
        response = client.post(reverse("referrals:shortlist-change"), {"add": str(service.pk)})
        assert response.status_code == 302


def start(client, *services, name: str = "") -> str:
    """Shortlist `services` and press "Refer to these services" (with the person's name, if
    given); where that leads (the who screen, the matches on it, or a new person's details)."""
    shortlist(client, *services)
    response = client.post(reverse("referrals:start"), {"name": name} if name else {})
    assert response.status_code == 302, response.content.decode()[:500]
    return str(response["Location"])


def journey_url(url: str, step: str) -> str:
    """The address of `step` (person, person/new, what, check, sent) of the journey of `url`."""
    found = re.search(r"^(.*/new/[0-9a-f-]{36}/)", url)
    assert found, url
    return f"{found.group(1)}{step}/"


def what_data(*organisations, method: str = "in_person", **extra) -> dict[str, object]:
    """The what-and-consent screen's answers: the need, urgency, and consent (given today) to
    each of `organisations`."""
    return {
        "need": "Caring for my dad",
        "urgency": "routine",
        "include": [str(org.pk) for org in organisations],
        "method": method,
        **date_data("given_on"),
        **extra,
    }


def date_data(name: str, day: object = None) -> dict[str, str]:
    import datetime

    from django.utils import timezone

    value = day or timezone.localdate()
    assert isinstance(value, datetime.date)
    parts = (value.day, value.month, value.year)
    return {f"{name}_{n}": str(part) for n, part in enumerate(parts)}


def new_person(client, *services, **extra) -> str:
    """Start with a new person's name (no one held by it) and give their details; the address
    the details lead to."""
    url = start(client, *services, name="Sam Carer")
    assert url.endswith("/person/new/"), url
    data = {
        "name": "Sam Carer",
        "contact_preference": "phone",
        "phone": "07700 900456",
        "postcode": "BS5 6XX",
        **extra,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return str(response["Location"])
