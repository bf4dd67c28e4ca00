from __future__ import annotations

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_header_shows_the_partnership_not_govuk(client):
    html = client.get("/").content.decode()
    assert "Ashdown Together" in html
    assert "background-color: #1d4f76" in html
    assert "govuk-header__logotype" not in html
    assert "govuk-footer__crown" not in html


@override_settings(
    JOINEDUP_PARTNERSHIP_NAME="Riverside Partners", JOINEDUP_PARTNERSHIP_COLOUR="#5a1d6e"
)
def test_partnership_name_and_colour_come_from_settings(client):
    html = client.get("/").content.decode()
    assert "<title>Find local services \u2013 Riverside Partners</title>" in html
    assert "background-color: #5a1d6e" in html


def test_every_page_has_skip_link_one_h1_feed_link_and_module_script(client):
    html = client.get("/").content.decode()
    assert 'class="govuk-skip-link"' in html
    assert html.count("<h1") == 1
    assert 'href="/api/oruk/"' in html
    assert "import { initAll }" in html
    assert "/static/govuk/govuk-frontend.min.js" in html
