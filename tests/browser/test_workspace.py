"""The partnership workspace in Chromium: set up a network survey, rate partners and submit,
read the network map, adapt a questionnaire by upload, add an action and a learning-log entry,
and keep the members and settings, with axe-core on every page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from joinedup.core.models import User
from joinedup.directory.models import Membership, Organization, Sector
from joinedup.partnerships import services
from joinedup.partnerships.models import (
    Action,
    Instrument,
    LearningEntry,
    NetworkRating,
    NetworkSurvey,
    Partnership,
)
from tests.browser.conftest import assert_accessible, pams_partnership

expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def workspace(pam, alice, carers_centre) -> dict[str, object]:
    """A partnership of four with one closed network survey and one open one."""
    services.load_shipped_instruments()
    partnership = pams_partnership(pam)
    council = Organization.objects.create(name="Ashdown Council", sector=Sector.COUNCIL)
    police = Organization.objects.create(name="Ashdown Police", sector=Sector.POLICE)
    garden = Organization.objects.create(name="Fernhill Growers", sector=Sector.COMMUNITY)
    orgs = [carers_centre, council, police, garden]
    people = {carers_centre: alice}
    for org in orgs:
        pams_partnership(pam, org)
        if org not in people:
            user = User.objects.create_user(email=f"rep@{org.sector}.example")
            Membership.objects.create(user=user, organization=org)
            people[org] = user
    closed = services.create_network_survey(
        actor=pam, partnership=partnership, title="Network 2026", organizations=orgs
    )
    services.open_network_survey(actor=pam, survey=closed)
    ties = {
        carers_centre: {council.pk: 4, police.pk: 2},
        council: {carers_centre.pk: 4, police.pk: 3},
        police: {council.pk: 1},
    }
    for org, ratings in ties.items():
        services.save_ratings(
            actor=people[org],
            survey=closed,
            organization=org,
            ratings={pk: {"closeness": c, "reliability": 3} for pk, c in ratings.items()},
        )
        services.submit_network_response(actor=people[org], survey=closed, organization=org)
    services.close_network_survey(actor=pam, survey=closed)
    current = services.create_network_survey(
        actor=pam, partnership=partnership, title="Network 2027", organizations=orgs
    )
    services.open_network_survey(actor=pam, survey=current)
    return {"partnership": partnership, "closed": closed, "current": current}


def sign_in(page, user, password) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=re.compile("^Sign out"))).to_be_visible()


def test_member_rates_partners_and_reads_the_map(page, alice, password, workspace):
    partnership = workspace["partnership"]
    assert isinstance(partnership, Partnership)
    sign_in(page, alice, password)
    page.goto(f"/partnership/{partnership.pk}/")
    page.get_by_role("link", name="Who works with whom").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who works with whom")
    assert_accessible(page)

    # Rate two partners, save and come back later.
    page.get_by_role("link", name=re.compile("^Answer for Ashdown Carers Centre")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How Ashdown Carers Centre works with its partners"
    )
    assert_accessible(page)
    council = page.get_by_role("group", name="Ashdown Council")
    council.get_by_label("How closely you work together").select_option(
        label="Coalition (sharing resources and decisions)"
    )
    council.get_by_label("Shares our mission").select_option("4")
    police = page.get_by_role("group", name="Ashdown Police")
    police.get_by_label("How closely you work together").select_option("0")
    police.get_by_label("Open: easy to talk to and listens").select_option("2")
    page.get_by_role("button", name="Save and check your ratings").click()
    # Rating a partner you say you do not work with is an error, shown in a summary.
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("You said you do not work with Ashdown Police"))
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name="Ashdown Police").get_by_label(
        "Open: easy to talk to and listens"
    ).select_option("")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_text("Your ratings have been saved")).to_be_visible()
    assert NetworkRating.objects.filter(
        response__survey=workspace["current"], closeness=4, shared_mission=4
    ).exists()

    # The open survey's map is not shared until the managers close it.
    current = workspace["current"]
    assert isinstance(current, NetworkSurvey)
    page.goto(f"/partnership/{partnership.pk}/network/{current.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The results are not ready yet")
    assert_accessible(page)
    page.get_by_role("link", name="Back to the network surveys").click()

    # Come back, check and submit: then the ratings are read-only, and only for Alice's people.
    page.get_by_role("link", name=re.compile("^Answer for Ashdown Carers Centre")).click()
    page.get_by_role("button", name="Save and check your ratings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check and submit Ashdown Carers Centre\u2019s ratings"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Submit ratings").click()
    expect(page.get_by_text("Ashdown Carers Centre's ratings have been submitted")).to_be_visible()
    page.get_by_role(
        "link", name=re.compile("^Ashdown Carers Centre\u2019s ratings in Network 2027")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ashdown Carers Centre\u2019s ratings"
    )
    expect(page.get_by_role("row", name=re.compile("Ashdown Council"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the network surveys").click()

    # Last year's map, with the same data as a table.
    page.get_by_role("link", name="See the results of Network 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Network 2026")
    picture = page.get_by_role("img", name=re.compile("^Map of who works with whom: Network 2026"))
    expect(picture).to_be_visible()
    expect(page.get_by_text("Police: pentagon (1)")).to_be_visible()
    table = page.get_by_role("table", name=re.compile("Every member"))
    expect(table.get_by_role("row", name=re.compile("Fernhill Growers"))).to_contain_text(
        "On its own"
    )
    expect(page.get_by_text("Pairs that see their work very differently")).to_have_count(0)
    assert_accessible(page)


def test_people_who_cannot_answer_are_told_why(page, alice, password, workspace):
    partnership = workspace["partnership"]
    closed, current = workspace["closed"], workspace["current"]
    assert isinstance(partnership, Partnership)
    assert isinstance(closed, NetworkSurvey) and isinstance(current, NetworkSurvey)
    # Alice also works for the council: she chooses which organisation she answers for.
    council = Organization.objects.get(name="Ashdown Council")
    Membership.objects.create(user=alice, organization=council)
    sign_in(page, alice, password)
    page.goto(f"/partnership/{partnership.pk}/network/{current.pk}/answer/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Which organisation are you answering for?"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Ashdown Council").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How Ashdown Council works with its partners"
    )

    # Fernhill never answered last year's survey; now it is closed, its people cannot.
    grower = User.objects.get(email="rep@community.example")
    grower.set_password(password)
    grower.save()
    page.get_by_role("button", name=re.compile("^Sign out")).click()
    sign_in(page, grower, password)
    page.goto(f"/partnership/{partnership.pk}/network/{closed.pk}/answer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot answer this survey")
    expect(
        page.get_by_text("Network 2026 is closed, so Fernhill Growers cannot answer")
    ).to_be_visible()
    assert_accessible(page)


def test_manager_sets_up_and_opens_a_network_survey(page, pam, password, workspace):
    partnership = workspace["partnership"]
    assert isinstance(partnership, Partnership)
    sign_in(page, pam, password)
    page.goto(f"/partnership/{partnership.pk}/network/")
    page.get_by_role("link", name="Set up a network survey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up a network survey")
    assert_accessible(page)
    page.get_by_role("button", name="Set up the survey").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_label("Name of the survey").fill("Network 2028")
    page.get_by_label("Fernhill Growers").uncheck()
    page.get_by_role("button", name="Set up the survey").click()
    expect(page.get_by_text("set up as a draft")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Open for answers\W+Network 2028")).click()
    expect(page.get_by_text("\u201cNetwork 2028\u201d is open for answers")).to_be_visible()
    assert_accessible(page)
    survey = NetworkSurvey.objects.get(title="Network 2028")
    assert survey.status == "open"
    assert sorted(o.name for o in survey.organizations.all()) == [
        "Ashdown Carers Centre",
        "Ashdown Council",
        "Ashdown Police",
    ]


def test_manager_adapts_a_questionnaire_without_code(page, pam, password, workspace):
    partnership = workspace["partnership"]
    assert isinstance(partnership, Partnership)
    sign_in(page, pam, password)
    page.goto(f"/partnership/{partnership.pk}/")
    page.get_by_role("link", name="The questionnaires health checks use").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Health check questionnaires")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Download Foundations of collaboration")).click()
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert document["key"] == "foundations-of-collaboration" and document["version"] == 1

    # A mistake: every problem is listed, nothing is added.
    broken = dict(document, version=2, scale={"min": 5, "max": 1})
    files = page.get_by_label("Questionnaire file (JSON)")
    files.set_input_files(
        {"name": "ours.json", "mimeType": "application/json", "buffer": json.dumps(broken).encode()}
    )
    page.get_by_role("button", name="Upload questionnaire").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="scale: min must be below max")).to_be_visible()
    assert_accessible(page)

    adapted = dict(document, version=2, title="Foundations, in Ashdown's words")
    page.get_by_label("Questionnaire file (JSON)").set_input_files(
        {
            "name": "ours.json",
            "mimeType": "application/json",
            "buffer": json.dumps(adapted).encode(),
        }
    )
    page.get_by_role("button", name="Upload questionnaire").click()
    expect(page.get_by_text("Foundations, in Ashdown's words, version 2, added")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("in Ashdown's words"))).to_contain_text(
        "Added by Ashdown Partnership"
    )
    assert_accessible(page)
    assert Instrument.objects.filter(partnership=partnership, version=2).exists()


def test_manager_keeps_the_members_and_settings(page, pam, password, workspace):
    partnership = workspace["partnership"]
    assert isinstance(partnership, Partnership)
    Organization.objects.create(name="Ashdown Fire and Rescue", sector=Sector.FIRE)
    sign_in(page, pam, password)
    page.goto(f"/partnership/{partnership.pk}/")
    page.get_by_role("link", name="Members and settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Members and settings")
    expect(page.get_by_role("table", name="4 member organisations")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Days a referral waits for an answer").fill("0")
    page.get_by_role("button", name="Save referral settings").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_role("link", name="A referral must wait at least 1 day")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Days a referral waits for an answer").fill("10")
    page.get_by_role("button", name="Save referral settings").click()
    expect(page.get_by_text("Referral settings saved")).to_be_visible()

    page.get_by_label("Organisation", exact=True).select_option(label="Ashdown Fire and Rescue")
    page.get_by_label("Associate").check()
    page.get_by_role("button", name="Add member").click()
    expect(page.get_by_text("Ashdown Fire and Rescue added as a member")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Ashdown Fire and Rescue"))
    expect(row).to_contain_text("Fire and rescue")
    expect(row).to_contain_text("Associate")

    page.get_by_role("link", name=re.compile("^Change Ashdown Police")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Change Ashdown Police\u2019s membership"
    )
    assert_accessible(page)
    page.get_by_label("Observer").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("row", name=re.compile("Ashdown Police"))).to_contain_text("Observer")
    assert_accessible(page)
    partnership.refresh_from_db()
    assert partnership.referral_expiry_days == 10


def test_manager_adds_an_action_and_a_learning_entry(page, pam, password, workspace):
    _add_an_action_and_a_learning_entry(page, pam, password, workspace)


def test_adding_an_action_and_a_learning_entry_works_without_javascript(
    page_without_js, pam, password, workspace
):
    _add_an_action_and_a_learning_entry(page_without_js, pam, password, workspace)


def _add_an_action_and_a_learning_entry(page, pam, password, workspace) -> None:
    partnership = workspace["partnership"]
    assert isinstance(partnership, Partnership) and isinstance(workspace["closed"], NetworkSurvey)
    sign_in(page, pam, password)
    page.goto(f"/partnership/{partnership.pk}/network/{workspace['closed'].pk}/")
    expect(
        page.get_by_role("heading", name="Pairs that see their work very differently")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Plan an action about what the map shows").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Add an action")
    assert_accessible(page)
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter what will be done")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ashdown Partnership's shared plan").check()
    page.get_by_label("What will be done").fill("Introduce Fernhill Growers to the food bank")
    page.get_by_label("Challenge or enabler it answers").select_option(
        label="Awareness of what others offer"
    )
    page.get_by_label("Organisation doing it").select_option(label="Ashdown Council")
    page.get_by_label("Due date (optional)").fill("1 1 2020")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Introduce Fernhill Growers to the food bank"
    )
    expect(page.get_by_text("Overdue")).to_be_visible()
    assert_accessible(page)
    action = Action.objects.get()

    page.get_by_role("link", name="Add to the learning log about this action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add to the learning log")
    assert_accessible(page)
    page.get_by_label("Title").fill("The growers had space nobody knew about")
    page.get_by_label("What happened, and what you learned").fill(
        "The map showed them on their own; one phone call found a kitchen for the food bank."
    )
    page.get_by_label("Myself, not for an organisation").check()
    page.get_by_label("Awareness of what others offer (challenge)").check()
    page.get_by_role("button", name="Add to the log").click()
    expect(page.get_by_text("Added to the learning log")).to_be_visible()
    assert_accessible(page)
    entry = LearningEntry.objects.get()
    assert list(entry.actions.all()) == [action]

    page.get_by_label("Search the learning log").fill("kitchen")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name=re.compile("1 entry mentioning"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Introduce Fernhill Growers to the food bank").click()
    expect(page.get_by_role("link", name="The growers had space nobody knew about")).to_be_visible()

    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Action plans"
    ).click()
    expect(page.get_by_text("1 overdue")).to_be_visible()
    assert_accessible(page)


def test_member_of_two_partnerships_chooses_one_from_the_list(
    page, pam, alice, password, carers_centre, housing_org
):
    # Alice's organisation is in two partnerships; a third, without it, is not hers to see.
    for name, members in (
        ("Ashdown Partnership", [carers_centre, housing_org]),
        ("Ashdown Health and Care", [carers_centre]),
        ("Westbury Partnership", [housing_org]),
    ):
        pams_partnership(pam, *members, name=name)
    sign_in(page, alice, password)
    page.get_by_role("link", name="Partnership", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your partnerships")
    # Hers only, in name order.
    expect(page.get_by_role("main").get_by_role("heading", level=2)).to_have_text(
        ["Ashdown Health and Care", "Ashdown Partnership"]
    )
    expect(page.get_by_text("2 member organisations")).to_be_visible()
    expect(page.get_by_text("1 member organisation", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ashdown Health and Care").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ashdown Health and Care")
