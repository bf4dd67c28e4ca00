from __future__ import annotations

import re

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_header_shows_the_partnership_not_govuk(client):
    html = client.get("/").content.decode()
    assert "Ashdown Together" in html
    assert 'content="#1d4f76"' in html  # the theme colour; the header's is in /partnership.css
    assert "govuk-header__logotype" not in html
    assert "govuk-footer__crown" not in html


@override_settings(
    JOINEDUP_PARTNERSHIP_NAME="Riverside Partners", JOINEDUP_PARTNERSHIP_COLOUR="#5a1d6e"
)
def test_partnership_name_and_colour_come_from_settings(client):
    html = client.get("/").content.decode()
    assert "<title>Find local services \u2013 Riverside Partners</title>" in html
    stylesheet = re.search(r'href="(/partnership\.css\?v=[0-9a-f]+)"', html)
    assert stylesheet is not None
    css = client.get(stylesheet.group(1)).content.decode()
    assert "background-color: #5a1d6e" in css


def test_every_page_has_skip_link_one_h1_feed_link_and_module_script(client):
    html = client.get("/").content.decode()
    assert 'class="govuk-skip-link"' in html
    assert html.count("<h1") == 1
    assert 'href="/api/oruk/"' in html
    assert 'src="/static/core/govuk-init.js"' in html
    assert 'data-govuk-frontend="/static/govuk/govuk-frontend.min.js"' in html
