"""A health check walked in Chromium, as issue 5 asks: a manager opens a wave, two members answer
it from their emailed links (one signed in, one without JavaScript, saving and coming back), the
manager closes it, reads the results and the network map, and adds an action about a concern
the results show; the signed-in member reads the aggregate results and only her own answers.
axe-core checks every kind of page on the way, and every change is in the audit log."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from joinedup.core.models import AuditEvent, User
from joinedup.directory.models import Membership, Organization, Sector
from joinedup.partnerships import services
from joinedup.partnerships.models import Action, Instrument, Partnership, Response
from tests.browser.conftest import (
    assert_accessible,
    loaded,
    open_page,
    pams_partnership,
    sign_in,
)

expect = pytest.importorskip("playwright.sync_api").expect

LINK = re.compile(r"https?://\S+(/partnership/answer/[\w-]+/)")


@pytest.fixture
def partnership(pam, alice, carers_centre) -> Partnership:
    services.load_shipped_instruments()
    council = Organization.objects.create(name="Ashdown Council", sector=Sector.COUNCIL)
    partnership = pams_partnership(pam, carers_centre, council)
    # Last year's network survey, closed: the two members work together, the council says
    # more closely than the carers' centre does.
    council_rep = User.objects.create_user(email="rep@council.example")
    Membership.objects.create(user=council_rep, organization=council)
    survey = services.create_network_survey(
        actor=pam,
        partnership=partnership,
        title="Network 2025",
        organizations=[carers_centre, council],
    )
    services.open_network_survey(actor=pam, survey=survey)
    for actor, org, partner, closeness in (
        (alice, carers_centre, council, 3),
        (council_rep, council, carers_centre, 4),
    ):
        services.save_ratings(
            actor=actor,
            survey=survey,
            organization=org,
            ratings={partner.pk: {"closeness": closeness, "reliability": 4}},
        )
        services.submit_network_response(actor=actor, survey=survey, organization=org)
    services.close_network_survey(actor=pam, survey=survey)
    return partnership


def link_for(email: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    return LINK.search(message.body).group(1)


def answer_section(page, value: str) -> None:
    # `all()` takes the radios there now: on a page still arriving, only some of them, or none.
    radios = loaded(page).locator(f"input[type=radio][value='{value}']").all()
    assert radios, f"no answers {value!r} on {page.url}"
    for radio in radios:
        radio.check()


def test_manager_opens_a_wave_two_members_answer_and_the_results_show(
    page, browser, live_server, partnership, pam, alice, password
):
    # The manager sets up the round.
    sign_in(page, pam, password)
    page.get_by_role("link", name="Partnership", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ashdown Partnership")
    assert_accessible(page)

    page.get_by_role("button", name="Set up a health check").click()
    page.get_by_role("button", name="Set up health check").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for this round")
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_label("Name of this round").fill("Autumn 2026")
    page.get_by_label("Foundations of collaboration, version 1").check()
    expect(page.get_by_label("Ashdown Council")).to_be_checked()
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2099")
    page.get_by_role("button", name="Set up health check").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Autumn 2026")
    page.get_by_label("Organisation").select_option(label="Ashdown Carers Centre")
    page.get_by_label("Email addresses").fill("Alice Smith <alice@carers.example>")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("Invited 1 person")).to_be_visible()
    page.get_by_label("Organisation").select_option(label="Ashdown Council")
    page.get_by_label("Email addresses").fill("cal@council.example")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("Not sent yet")).to_have_count(2)
    assert_accessible(page)
    page.get_by_role("button", name="Open and send invitations").click()
    expect(page.get_by_text("Invitations are on their way")).to_be_visible()
    expect(page.locator("strong.govuk-tag", has_text="Sent")).to_have_count(2)

    # Alice answers everything from her link, with JavaScript, signed in: so the answers are
    # hers to read later.
    answer = open_page(browser, live_server)
    alice_context = answer.context
    sign_in(answer, alice, password)
    answer.goto(link_for("alice@carers.example"))
    expect(answer.get_by_text("You are answering for Ashdown Carers Centre")).to_be_visible()
    assert_accessible(answer)
    answer.get_by_label("Strategic (leads or manages)").check()
    answer.get_by_role("button", name="Start").click()
    expect(answer.get_by_text("Section 1 of 6")).to_be_visible()
    answer.get_by_role("button", name="Save and continue").click()
    errors = answer.locator(".govuk-error-summary")
    expect(errors).to_contain_text("Select an answer to statement 1")
    assert_accessible(answer)
    for number in range(1, 7):
        expect(answer.get_by_text(f"Section {number} of 6")).to_be_visible()
        answer_section(answer, "4")
        answer.get_by_role("button", name="Save and continue").click()
    expect(answer.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending them"
    )
    assert_accessible(answer)
    answer.get_by_role("button", name="Send answers").click()
    expect(answer.get_by_role("heading", level=1)).to_have_text("Answers sent")
    assert_accessible(answer)
    alice_page = answer

    # Cal answers without JavaScript, stops half way, comes back with the same link.
    answer = open_page(browser, live_server, java_script_enabled=False)
    cal_context = answer.context
    cal_link = link_for("cal@council.example")
    answer.goto(cal_link)
    answer.get_by_label("Frontline (delivers services)").check()
    answer.get_by_role("button", name="Start").click()
    answer_section(answer, "2")
    answer.get_by_role("button", name="Save and continue").click()
    answer_section(answer, "dont-know")
    answer.get_by_role("button", name="Save and come back later").click()
    expect(answer.get_by_role("heading", level=1)).to_have_text("Your answers have been saved")
    assert_accessible(answer)
    answer.goto(cal_link)
    expect(answer.get_by_text("You have answered 4 of 12 so far")).to_be_visible()
    answer.get_by_role("button", name="Continue where you left off").click()
    expect(answer.get_by_text("Section 3 of 6")).to_be_visible()
    # Cal strongly disagrees from here on: with Alice's 4s these sections come to 2.5, a concern.
    for _ in range(3, 7):
        answer_section(answer, "1")
        answer.get_by_role("button", name="Save and continue").click()
    expect(answer.get_by_text("Don\u2019t know")).to_have_count(2)
    answer.get_by_role("button", name="Send answers").click()
    expect(answer.get_by_role("heading", level=1)).to_have_text("Answers sent")
    answer.goto(cal_link)
    expect(answer.get_by_role("heading", level=1)).to_have_text(
        "You have already sent your answers"
    )
    assert_accessible(answer)
    cal_context.close()

    # The manager closes the round and reads the results.
    page.reload()
    expect(page.locator("strong.govuk-tag", has_text="Answers sent")).to_have_count(2)
    page.get_by_role("button", name="Close and publish results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results: Autumn 2026")
    expect(page.get_by_text("2 responses")).to_be_visible()
    chart = page.get_by_role("img", name="A shared purpose: mean agreement")
    expect(chart).to_be_visible()
    # Shared purpose: Alice 4, Cal 2. Mindset: Cal did not know, so only Alice's 4 counts.
    summary = page.get_by_role("table", name="Summary")
    expect(summary.get_by_role("row", name=re.compile("A shared purpose"))).to_contain_text("3.00")
    expect(summary.get_by_role("row", name=re.compile("A collaborative mindset"))).to_contain_text(
        "4.00"
    )
    expect(page.get_by_text("Not shown: fewer than 5 responses").first).to_be_visible()
    # The manager answered nothing, and sees nobody's individual answers.
    expect(page.get_by_role("heading", name="Your own answers")).to_have_count(0)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report for the board (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    results_url = page.url

    # The network map, from the workspace's home, with the same data as a table beside it.
    page.get_by_role("link", name="Back to Ashdown Partnership").click()
    page.get_by_role("link", name="Who works with whom").click()
    page.get_by_role("link", name="See the results of Network 2025").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Network 2025")
    expect(
        page.get_by_role("img", name=re.compile("^Map of who works with whom: Network 2025"))
    ).to_be_visible()
    table = page.get_by_role("table", name=re.compile("Every member"))
    expect(table.get_by_role("row", name=re.compile("Ashdown Council"))).to_be_visible()
    expect(table.get_by_role("row", name=re.compile("Ashdown Carers Centre"))).to_be_visible()
    assert_accessible(page)

    # An action about a concern the results show.
    page.goto(results_url)
    page.get_by_role("link", name="Plan an action about these results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an action")
    assert_accessible(page)
    page.get_by_role("link", name="Healthy relationships").click()
    expect(page.get_by_label("Challenge or enabler it answers")).to_have_value(
        "healthy-relationships"
    )
    page.get_by_label("Ashdown Partnership's shared plan").check()
    page.get_by_label("What will be done").fill("Pair each council team with a carers' worker")
    page.get_by_label("Organisation doing it").select_option(label="Ashdown Council")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pair each council team with a carers' worker"
    )
    expect(page.get_by_text("Healthy relationships")).to_be_visible()
    assert_accessible(page)
    action = Action.objects.get()
    assert action.element is not None and action.element.key == "healthy-relationships"

    # Alice, a member, reads the same aggregate results and her own answers, never Cal's.
    alice_page.goto(results_url)
    expect(alice_page.get_by_role("heading", level=1)).to_have_text("Results: Autumn 2026")
    summary = alice_page.get_by_role("table", name="Summary")
    expect(summary.get_by_role("row", name=re.compile("A shared purpose"))).to_contain_text("3.00")
    expect(alice_page.get_by_role("heading", name="Your own answers")).to_be_visible()
    own = alice_page.locator("dl.govuk-summary-list").last
    expect(own.locator("dd")).to_have_count(12)
    expect(own.locator("dd", has_text=re.compile("^\\s*Agree\\s*$"))).to_have_count(12)
    assert_accessible(alice_page)
    alice_context.close()
    assert Response.objects.get(respondent=alice).organization.name == "Ashdown Carers Centre"
    assert Response.objects.filter(respondent__isnull=True).count() == 1  # Cal, by link only

    # Every change on the way is in the audit log.
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    for expected in (
        "wave.created",
        "invitation.created",
        "wave.opened",
        "invitation.sent",
        "response.started",
        "response.saved",
        "response.submitted",
        "wave.closed",
        "action_plan.created",
        "action.created",
    ):
        assert expected in actions, expected


def test_links_that_no_longer_work_say_why(page, partnership, pam, carers_centre):
    foundations = Instrument.objects.get(
        partnership__isnull=True, key="foundations-of-collaboration"
    )
    wave = services.create_wave(
        actor=pam,
        partnership=partnership,
        instrument=foundations,
        title="Winter 2026",
        organizations=[carers_centre],
    )
    services.open_wave(actor=pam, wave=wave)
    _, token = services.invite_representative(
        actor=pam, wave=wave, organization=carers_centre, email="late@carers.example"
    )
    services.close_wave(actor=pam, wave=wave)

    page.goto(f"/partnership/answer/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This health check has closed")
    assert_accessible(page)
    page.goto("/partnership/answer/not-a-real-link/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    assert_accessible(page)
