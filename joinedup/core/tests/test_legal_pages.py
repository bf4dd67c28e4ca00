"""The accessibility statement and the cookies page (ADR 33), and the footer links to them and
to the privacy notice on every page."""

from __future__ import annotations

from joinedup.core.checks import privacy_notice_is_filled_in


def test_every_page_footer_links_the_three_pages(client, db):
    for url in ("/", "/sign-in/", "/accessibility/", "/cookies/"):
        footer = client.get(url).content.decode().split('<footer class="govuk-footer">')[1]
        for link in ('href="/privacy/"', 'href="/accessibility/"', 'href="/cookies/"'):
            assert link in footer, (url, link)


def test_the_accessibility_statement_follows_the_model(client, db, settings):
    settings.JOINEDUP_ACCESSIBILITY_KNOWN_ISSUES = ["The parish map has no text alternative"]
    settings.JOINEDUP_ACCESSIBILITY_CONTACT_EMAIL = "access@borsetshire.example"
    settings.JOINEDUP_ACCESSIBILITY_PREPARED_ON = "2026-11-30"
    settings.JOINEDUP_ACCESSIBILITY_COMPLIANCE = "partial"
    html = client.get("/accessibility/").content.decode()
    assert (
        "partially compliant" in html and "Web Content Accessibility Guidelines version 2.2" in html
    )
    assert html.count("The parish map has no text alternative") == 2  # known and non-compliant
    assert 'href="mailto:access@borsetshire.example"' in html
    assert "Equality and Human Rights Commission" in html and "Equality Advisory" in html
    assert "prepared on 30 November 2026" in html


def test_a_fully_compliant_site_lists_no_non_compliance(client, db, settings):
    settings.JOINEDUP_ACCESSIBILITY_COMPLIANCE = "full"
    html = client.get("/accessibility/").content.decode()
    assert "is fully compliant" in html and "Non-accessible content" not in html


def test_the_cookies_page_lists_the_cookies_we_set(client, db, settings):
    settings.SESSION_COOKIE_NAME = "joinedup_session"
    settings.SESSION_COOKIE_AGE = 30 * 60
    html = client.get("/cookies/").content.decode()
    table = html.split('id="cookie-table"')[1].split("</table>")[0]
    assert "joinedup_session" in table and "30 minutes" in table
    assert settings.CSRF_COOKIE_NAME in table and "52 weeks" in table  # Django's default
    assert "messages" in table
    assert "analytics" not in table.lower() and "_ga" not in table


def test_the_cookies_page_names_every_cookie_a_form_sets(client, alice, password):
    # Signing in sets the session and CSRF cookies: both are on the page.
    client.get("/sign-in/")
    client.post("/sign-in/", {"username": alice.email, "password": password})
    table = client.get("/cookies/").content.decode().split('id="cookie-table"')[1]
    for name in client.cookies:
        assert f"<code>{name}</code>" in table, name


def test_check_deploy_warns_when_the_privacy_notice_has_no_controller_address(settings):
    settings.JOINEDUP_PRIVACY_CONTROLLER_ADDRESS = ""
    settings.JOINEDUP_PRIVACY_DPO_EMAIL = "dpo@example.org"
    (warning,) = privacy_notice_is_filled_in()
    assert warning.id == "core.W033" and "CONTROLLER_ADDRESS" in warning.msg
    settings.JOINEDUP_PRIVACY_CONTROLLER_ADDRESS = "Town Hall"
    assert privacy_notice_is_filled_in() == []
