"""Links in emails are absolute, on the configured site address (SITE_URL)."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from joinedup.core.links import absolute_url


def test_a_path_is_put_on_the_site_address(settings):
    settings.SITE_URL = "https://directory.example.org:8443/"
    assert absolute_url("/referrals/1/") == "https://directory.example.org:8443/referrals/1/"
    with pytest.raises(ValueError):
        absolute_url("referrals/1/")


def test_without_a_site_address_no_link_is_made_and_the_checks_say_why(settings):
    settings.SITE_URL = ""
    with pytest.raises(ImproperlyConfigured):
        absolute_url("/referrals/1/")
    assert "core.W001" in [message.id for message in run_checks()]
    settings.SITE_URL = "https://directory.example.org"
    assert "core.W001" not in [message.id for message in run_checks()]


def test_a_page_builds_emailed_links_on_site_url_not_the_host_it_was_asked_on(settings, rf):
    from joinedup.core.links import link_builder

    request = rf.get("/", HTTP_HOST="evil.example")
    settings.ALLOWED_HOSTS = ["evil.example"]
    settings.SITE_URL = "https://directory.example.org"
    assert link_builder(request)("/join/") == "https://directory.example.org/join/"
    settings.SITE_URL = ""
    assert link_builder(request)("/join/") == "http://evil.example/join/"
