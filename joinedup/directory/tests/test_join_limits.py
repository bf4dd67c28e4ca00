"""Asking to join is rate limited per address, across fresh sessions (issue 16)."""

from __future__ import annotations

import pytest
from django.test import Client

from joinedup.directory.models import JoinRequest

pytestmark = pytest.mark.django_db


def _form(n: int) -> dict[str, str]:
    return {
        "organization_name": f"Ashdown Group {n}",
        "sector": "vcs",
        "charity_number": "",
        "company_number": "",
        "contact_name": "Dev Patel",
        "contact_email": f"dev{n}@group.example",
    }


def test_one_address_is_limited_and_accepted_requests_stay(settings):
    settings.SITE_URL = "http://testserver"
    settings.RATELIMIT_JOIN = "2/h"
    statuses = [
        Client(REMOTE_ADDR="198.51.100.20").post("/join/", _form(n)).status_code for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert JoinRequest.objects.count() == 2
    assert Client(REMOTE_ADDR="198.51.100.21").post("/join/", _form(9)).status_code == 302
    assert JoinRequest.objects.count() == 3
