"""The strict Content-Security-Policy (ADR 30) in Chromium: the main pages, visited with
JavaScript on by a resident, a practitioner and a partnership manager, cause no violation and
no script error, every static file they ask for is there, and what the scripts do still
happens (GOV.UK Frontend starts, the search page opens its filters and reads out the count, the
shortlist changes without a reload, the header takes the partnership's colour). axe-core runs
on every page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from joinedup.core.models import OutboxMessage, OutboxStatus, User
from joinedup.directory.models import IntakeMode, Membership, Organization, Sector, Service
from joinedup.partnerships import services as partnerships
from joinedup.referrals import services as referrals
from joinedup.referrals.models import ConsentMethod, Referral
from joinedup.referrals.services.intake import set_service_intake
from joinedup.search.services import rebuild_index
from tests.browser.conftest import assert_accessible, pams_partnership, sign_in

expect = pytest.importorskip("playwright.sync_api").expect

# Reported through the console, which Playwright hears across navigations. Added as an init
# script (through DevTools, so the policy does not apply to it).
LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile}:${event.lineNumber})`)
}, true)
"""
PARTNERSHIP_BLUE = "rgb(29, 79, 118)"  # #1d4f76, JOINEDUP_PARTNERSHIP_COLOUR's default


class Watched:
    """A page, and every policy violation, script error and missing file seen on it."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []
        page.add_init_script(script=LISTENER)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: {error}"))
        page.on("response", self._response)

    def _console(self, message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation"):
            self.problems.append(f"{self.page.url}: {text}")

    def _response(self, response: Any) -> None:
        path = re.sub(r"^https?://[^/]+", "", response.url)
        if response.status >= 400 and path.startswith(("/static/", "/partnership.css")):
            self.problems.append(f"{path}: {response.status}")

    def visit(self, path: str) -> Any:
        page = self.page
        page.goto(path)
        page.wait_for_load_state("load")
        check_page(page)
        return page


def check_page(page: Any) -> None:
    """What every page's scripts and styles do, under the policy."""
    # js-enabled.js ran before the page was painted, govuk-init.js started the components.
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    expect(page.locator(".govuk-skip-link").first).to_have_attribute(
        "data-govuk-skip-link-init", ""
    )
    # The header's colour comes from /partnership.css, not a style attribute.
    colour = page.evaluate(
        "getComputedStyle(document.querySelector('.app-header')).backgroundColor"
    )
    assert colour == PARTNERSHIP_BLUE, page.url
    assert_accessible(page)


@pytest.fixture
def watched(page: Any) -> Iterator[Watched]:
    watcher = Watched(page)
    yield watcher
    assert watcher.problems == [], "\n".join(watcher.problems)


@pytest.fixture
def food_service(db) -> Service:
    bank = Organization.objects.create(name="Ashdown Food Bank", sector=Sector.VCS)
    team = User.objects.create_user(email="team@foodbank.example", password="x" * 20)
    Membership.objects.create(user=team, organization=bank, role=Membership.Role.ADMIN)
    service = Service.objects.create(
        organization=bank,
        name="Emergency food parcels",
        description="Food parcels for carers and families in need.",
        intake_mode=IntakeMode.JOINEDUP,
    )
    rebuild_index()
    return service


def test_a_resident_meets_no_policy_violation(watched, food_service):
    watched.visit("/")
    page = watched.visit("/?q=food")
    # search/home.js: the filters open beside the results, the count is read out.
    expect(page.locator("#filters")).to_have_attribute("open", "")
    expect(page.locator("#results-announcement")).to_contain_text("1 service")
    watched.visit(f"/services/{food_service.pk}/")
    set_service_intake(
        actor=User.objects.get(email="team@foodbank.example"),
        service=food_service,
        person_fields=["postcode"],
        questions=[],
        accepts_self_referral=True,
    )
    page = watched.visit(f"/referrals/ask/{food_service.pk}/")
    # The honeypot is off the screen by a class now, not a style attribute.
    box = page.locator(".app-honeypot").bounding_box()
    assert box is not None and box["x"] < -1000
    watched.visit("/sign-in/")
    watched.visit("/join/")


def test_a_practitioner_meets_no_policy_violation(
    watched, alice, password, carers_centre, food_service
):
    page = watched.page
    sign_in(page, alice, password)
    watched.visit("/?q=food")
    # shortlist.js: added in the background, the page is not reloaded.
    page.evaluate("window.stayed = true")
    page.get_by_role("button", name="Add Emergency food parcels to shortlist").click()
    expect(page.locator("#shortlist-banner")).to_contain_text("is on your shortlist")
    expect(page.locator("#shortlist-link")).to_contain_text("Shortlist (1")
    assert page.evaluate("window.stayed === true")
    check_page(page)
    watched.visit("/referrals/shortlist/")

    person = referrals.create_person(
        actor=alice, organization=carers_centre, name="Mary Carer", phone="07700 900123"
    )
    referrals.record_consent(
        actor=alice,
        person=person,
        recipient=food_service.organization,
        method=ConsentMethod.IN_PERSON,
        purpose="Referral for food",
    )
    referrals.send_referrals(
        actor=alice, person=person, services=[food_service], need="No food until payday"
    )
    referral = Referral.objects.get()
    for path in (
        "/referrals/",
        "/referrals/sent/",
        "/referrals/inbox/",
        f"/referrals/{referral.pk}/",
        "/your-services/",
        "/partnership/",
    ):
        watched.visit(path)


def test_a_manager_meets_no_policy_violation_on_the_map_and_failed_deliveries(
    watched, pam, alice, password, carers_centre
):
    council = Organization.objects.create(name="Ashdown Council", sector=Sector.COUNCIL)
    partnership = pams_partnership(pam, carers_centre, council)
    rep = User.objects.create_user(email="rep@council.example")
    Membership.objects.create(user=rep, organization=council)
    survey = partnerships.create_network_survey(
        actor=pam,
        partnership=partnership,
        title="Network 2026",
        organizations=[carers_centre, council],
    )
    survey = partnerships.open_network_survey(actor=pam, survey=survey)
    for actor, org, other in ((alice, carers_centre, council), (rep, council, carers_centre)):
        partnerships.save_ratings(
            actor=actor,
            survey=survey,
            organization=org,
            ratings={other.pk: {"closeness": 4, "reliability": 3}},
        )
        partnerships.submit_network_response(actor=actor, survey=survey, organization=org)
    OutboxMessage.objects.create(
        channel="email",
        to="dora@foodbank.example",
        subject="New referral",
        body="Sign in to read it.",
        kind="referral.requested",
        status=OutboxStatus.FAILED,
        attempts=10,
        last_error="SMTPServerDisconnected: " + "x" * 200,
    )

    sign_in(watched.page, pam, password)
    page = watched.visit(f"/partnership/{partnership.pk}/network/{survey.pk}/")
    expect(page.locator("svg.app-network-map")).to_be_visible()
    watched.visit("/failed-deliveries/")
