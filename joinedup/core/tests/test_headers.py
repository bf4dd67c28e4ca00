"""HTTP hardening (ADR 30): the security headers on every page, no-store wherever personal data
may be, caching left alone where it is fine, and no inline script or style in any template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import override_settings

from joinedup.core.headers import NO_STORE, SecurityHeadersMiddleware

pytestmark = pytest.mark.django_db

JOINEDUP = Path(__file__).resolve().parents[2]


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in policy.split(";")
        if part.strip()
    }


def test_public_page_has_a_strict_content_security_policy(client):
    policy = directives(client.get("/"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in " ".join(policy.values())
    assert "unsafe-eval" not in " ".join(policy.values())


def test_every_page_is_refused_framing_sniffing_and_features(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def test_the_feed_api_has_the_headers_too(client):
    response = client.get("/api/oruk/services")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "Permissions-Policy" in response


def test_public_search_keeps_its_caching(client):
    response = client.get("/", {"q": "food"})
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Pragma" not in response


def test_the_feed_keeps_its_caching(client):
    response = client.get("/api/oruk/services")
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_signed_in_person_gets_no_store_on_every_page(client, alice):
    client.force_login(alice)
    for path in ("/", "/account/password/change/", "/referrals/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == NO_STORE, path
        assert response["Pragma"] == "no-cache", path


def test_a_form_post_answer_is_no_store(client):
    response = client.post("/sign-in/", {"username": "nobody@example.org", "password": "wrong"})
    assert response.status_code == 200  # the form again, with its error
    assert response["Cache-Control"] == NO_STORE


def test_an_api_token_call_is_no_store_even_when_refused(client):
    response = client.get("/api/referrals", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401
    assert response["Cache-Control"] == NO_STORE


def test_a_view_that_overrides_caching_is_still_no_store_for_someone_signed_in(client, alice):
    client.force_login(alice)
    response = client.get("/api/oruk/services")
    assert response["Cache-Control"] == NO_STORE


def test_partnership_stylesheet_is_cached_for_everyone(client, alice):
    client.force_login(alice)
    html = client.get("/").content.decode()
    href = re.search(r'href="(/partnership\.css\?v=[0-9a-f]+)"', html)
    assert href is not None
    response = client.get(href.group(1))
    assert response["Content-Type"].startswith("text/css")
    assert "no-store" not in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    assert "background-color: #1d4f76" in response.content.decode()


@override_settings(JOINEDUP_PARTNERSHIP_COLOUR="red; } body { display: none")
def test_partnership_colour_cannot_escape_its_declaration(client):
    css = client.get("/partnership.css").content.decode()
    assert "display: none" not in css
    assert "background-color: #1d4f76" in css


@override_settings(PERMISSIONS_POLICY="camera=(), geolocation=(self)")
def test_permissions_policy_comes_from_settings(client):
    assert client.get("/")["Permissions-Policy"] == "camera=(), geolocation=(self)"


# What a strict policy would block: a script element with a body, a style element, a style
# attribute, an event handler attribute, a javascript: address.
INLINE = re.compile(
    r"<script\b(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:",
    re.IGNORECASE,
)


def test_no_template_has_inline_script_or_style():
    found = []
    for template in sorted(JOINEDUP.glob("**/templates/**/*.html")):
        for number, line in enumerate(template.read_text().splitlines(), 1):
            if INLINE.search(line):
                found.append(f"{template.relative_to(JOINEDUP)}:{number}: {line.strip()}")
    assert found == [], "\n".join(found)


def test_the_inline_check_sees_what_it_looks_for():
    assert INLINE.search("<script>alert(1)</script>")
    assert INLINE.search('<div style="color: red">')
    assert INLINE.search('<button onclick="go()">')
    assert not INLINE.search('<script type="module" src="/static/x.js"></script>')
    assert not INLINE.search('<link rel="stylesheet" href="/static/css/joinedup.css">')


def test_an_anonymous_read_that_starts_a_session_is_no_store(rf):
    def remembers(request):
        request.session["asked"] = "R-1234"  # as the "ask for help" confirmation does
        return HttpResponse("Your reference is R-1234")

    def reads(request):
        return HttpResponse("Services near you")

    for view, stored in ((remembers, False), (reads, True)):
        request = rf.get("/")
        request.session = SessionStore()
        response = SecurityHeadersMiddleware(view)(request)
        assert ("no-store" not in response.get("Cache-Control", "")) is stored
