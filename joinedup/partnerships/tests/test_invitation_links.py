"""Health-check invitation links open wherever the site runs: on SITE_URL, not a fixed port."""

from __future__ import annotations

from joinedup.partnerships.services.invitations import answer_link


def test_invitation_links_follow_the_site_address(settings):
    settings.SITE_URL = "http://10.0.0.5:9000"
    assert answer_link("abc") == "http://10.0.0.5:9000/partnership/answer/abc/"
    settings.SITE_URL = "https://health.example.org/"
    assert answer_link("abc") == "https://health.example.org/partnership/answer/abc/"
