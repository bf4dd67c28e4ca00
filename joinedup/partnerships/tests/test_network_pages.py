"""Network survey pages: set up, answer (paged, save and return, submit once), results and map."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from joinedup.core.models import AuditEvent, User
from joinedup.directory.models import Membership, Organization, Sector
from joinedup.partnerships import services
from joinedup.partnerships.models import NetworkRating, NetworkResponse, NetworkSurvey


@pytest.fixture
def police(partnership, pam) -> Organization:
    org = Organization.objects.create(name="Ashdown Police", sector=Sector.POLICE)
    services.add_member(actor=pam, partnership=partnership, organization=org)
    return org


@pytest.fixture
def council_rep(council) -> User:
    user = User.objects.create_user(email="rep@council.example")
    Membership.objects.create(user=user, organization=council)
    return user


@pytest.fixture
def police_rep(police) -> User:
    user = User.objects.create_user(email="rep@police.example")
    Membership.objects.create(user=user, organization=police)
    return user


@pytest.fixture
def survey(partnership, pam, carers_centre, council, police) -> NetworkSurvey:
    survey = services.create_network_survey(
        actor=pam,
        partnership=partnership,
        title="Network 2026",
        organizations=[carers_centre, council, police],
    )
    return services.open_network_survey(actor=pam, survey=survey)


def _url(name: str, survey: NetworkSurvey) -> str:
    return reverse(f"partnerships:{name}", args=[survey.partnership_id, survey.pk])


def _rate_all(survey, pam, alice, council_rep, police_rep, carers_centre, council, police):
    """Carers and council work closely and agree; police rate the carers, nobody rates police."""
    for actor, org, ratings in (
        (
            alice,
            carers_centre,
            {council.pk: {"closeness": 4, "reliability": 4, "influence": 3}},
        ),
        (council_rep, council, {carers_centre.pk: {"closeness": 4, "reliability": 3}}),
        (police_rep, police, {carers_centre.pk: {"closeness": 3, "reliability": 2}}),
    ):
        services.save_ratings(actor=actor, survey=survey, organization=org, ratings=ratings)
        services.submit_network_response(actor=actor, survey=survey, organization=org)


def test_manager_sets_up_and_opens_a_survey(client, pam, partnership, carers_centre, council):
    client.force_login(pam)
    url = reverse("partnerships:network-create", args=[partnership.pk])
    page = client.get(url)
    assert page.status_code == 200
    # Every member is ticked to begin with.
    assert page.content.decode().count("checked") == 2
    response = client.post(
        url,
        {"title": "Spring network", "organizations": [str(carers_centre.pk), str(council.pk)]},
    )
    assert response.status_code == 302
    survey = NetworkSurvey.objects.get()
    assert survey.status == "draft"
    assert set(survey.organizations.all()) == {carers_centre, council}
    client.post(_url("network-open", survey))
    survey.refresh_from_db()
    assert survey.status == "open"
    assert AuditEvent.objects.filter(action="network_survey.opened").exists()


def test_survey_form_shows_errors_and_keeps_what_was_typed(client, pam, partnership, council):
    client.force_login(pam)
    url = reverse("partnerships:network-create", args=[partnership.pk])
    response = client.post(url, {"title": "Only one", "organizations": [str(council.pk)]})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Select at least 2 member organisations" in body
    assert 'value="Only one"' in body
    response = client.post(url, {"title": ""})
    assert "Enter a name for the survey" in response.content.decode()
    assert not NetworkSurvey.objects.exists()


def test_members_cannot_set_up_or_open_surveys(client, alice, partnership, survey):
    client.force_login(alice)
    assert (
        client.get(reverse("partnerships:network-create", args=[partnership.pk])).status_code == 404
    )
    assert client.post(_url("network-close", survey)).status_code == 404
    survey.refresh_from_db()
    assert survey.status == "open"


def test_outsider_gets_404_on_every_network_page(client, charlie, partnership, survey):
    client.force_login(charlie)
    urls = [
        reverse("partnerships:network-surveys", args=[partnership.pk]),
        reverse("partnerships:network-create", args=[partnership.pk]),
        _url("network-results", survey),
        _url("network-answer", survey),
        _url("network-submit", survey),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in (_url("network-open", survey), _url("network-close", survey)):
        assert client.post(url).status_code == 404, url


def test_anonymous_people_are_sent_to_sign_in(client, partnership, survey):
    response = client.get(_url("network-results", survey))
    assert response.status_code == 302
    assert reverse("core:sign-in") in response["Location"]


def test_member_rates_partners_saves_and_comes_back(
    client, alice, survey, carers_centre, council, police
):
    client.force_login(alice)
    url = _url("network-answer", survey)
    page = client.get(url).content.decode()
    # Partners grouped by sector; the organisation does not rate itself.
    assert "Ashdown Council" in page and "Ashdown Police" in page
    assert "How Ashdown Carers Centre works with its partners" in page
    assert page.index(">Council<") < page.index(">Police<")
    response = client.post(
        url,
        {
            "organisation": str(carers_centre.pk),
            f"{council.pk}-closeness": "3",
            f"{council.pk}-frequency": "4",
            f"{council.pk}-reliability": "4",
            f"{police.pk}-closeness": "0",
            "later": "",
        },
    )
    assert response.status_code == 302
    rating = NetworkRating.objects.get()
    assert (rating.partner, rating.closeness, rating.frequency, rating.reliability) == (
        council,
        3,
        4,
        4,
    )
    assert NetworkResponse.objects.get().submitted_at is None
    # Coming back shows what was saved.
    page = client.get(url).content.decode()
    assert re.search(
        rf'name="{council.pk}-closeness"[^>]*>.*?<option value="3" selected', page, re.S
    )
    assert "You have rated 1 partner so far" in page


def test_rating_someone_you_do_not_work_with_is_an_error_that_keeps_the_answers(
    client, alice, survey, carers_centre, council, police
):
    client.force_login(alice)
    response = client.post(
        _url("network-answer", survey),
        {
            "organisation": str(carers_centre.pk),
            f"{council.pk}-closeness": "0",
            f"{council.pk}-reliability": "2",
            f"{police.pk}-closeness": "9",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "You said you do not work with Ashdown Council" in body
    assert "Select how closely you work with Ashdown Police" in body
    assert f'href="#id_{council.pk}-closeness"' in body
    assert re.search(
        rf'name="{council.pk}-reliability"[^>]*>.*?<option value="2" selected', body, re.S
    )
    assert not NetworkRating.objects.exists()


def test_member_submits_once_and_then_sees_only_their_own_ratings(
    client, alice, bob, survey, carers_centre, council
):
    client.force_login(alice)
    services.save_ratings(
        actor=alice,
        survey=survey,
        organization=carers_centre,
        ratings={council.pk: {"closeness": 2}},
    )
    check = client.get(_url("network-submit", survey))
    assert "Cooperation" in check.content.decode()
    response = client.post(_url("network-submit", survey), {"organisation": str(carers_centre.pk)})
    assert response.status_code == 302
    assert NetworkResponse.objects.get().submitted_at is not None
    # Submitted: the answer page now shows the ratings, read only, to the same organisation.
    client.force_login(bob)
    page = client.get(_url("network-answer", survey)).content.decode()
    assert "Submitted on" in page
    assert "Cooperation" in page
    assert "<select" not in page
    # A second submission changes nothing.
    client.post(_url("network-submit", survey), {"organisation": str(carers_centre.pk)})
    assert AuditEvent.objects.filter(action="network_response.submitted").count() == 1


def test_partners_are_paged(client, alice, pam, partnership, survey, carers_centre):
    extra = []
    for n in range(12):
        org = Organization.objects.create(name=f"Group {n:02}", sector=Sector.COMMUNITY)
        services.add_member(actor=pam, partnership=partnership, organization=org)
        extra.append(org)
    survey.organizations.add(*extra)
    client.force_login(alice)
    first = client.get(_url("network-answer", survey)).content.decode()
    assert "Partners 1 to 10 of 14" in first
    assert "Group 11" not in first
    data = {"organisation": str(carers_centre.pk), "continue": ""}
    response = client.post(_url("network-answer", survey), data | _none(first))
    assert response["Location"].endswith("page=2")
    second = client.get(response["Location"]).content.decode()
    assert "Group 11" in second
    response = client.post(response["Location"], data | _none(second))
    assert (
        reverse("partnerships:network-submit", args=[partnership.pk, survey.pk])
        in (response["Location"])
    )


def _none(page: str) -> dict[str, str]:
    return {name: "0" for name in re.findall(r'name="([0-9a-f-]{36}-closeness)"', page)}


def test_person_in_no_organisation_of_the_survey_cannot_answer(client, pam, survey):
    client.force_login(pam)
    page = client.get(_url("network-answer", survey))
    assert page.status_code == 200
    assert "You cannot answer this survey" in page.content.decode()


def test_members_see_results_only_once_closed_without_pair_detail(
    client, pam, alice, council_rep, police_rep, survey, carers_centre, council, police
):
    _rate_all(survey, pam, alice, council_rep, police_rep, carers_centre, council, police)
    client.force_login(alice)
    pending = client.get(_url("network-results", survey)).content.decode()
    assert "The results are not ready yet" in pending
    services.close_network_survey(actor=pam, survey=survey)
    page = client.get(_url("network-results", survey)).content.decode()
    assert 'role="img"' in page
    assert '<title id="network-map-title">' in page
    assert "Pairs that see their work very differently" not in page
    # Lines are all the same weight for members: tie strengths would show a pair's ratings.
    widths = set(re.findall(r'<line [^>]*stroke-width="([0-9.]+)"', page))
    assert widths == {"1.0"}
    # Trust is not shown for a member rated by fewer than 3 others.
    assert "Not shown" in page


def test_manager_results_show_measures_map_table_and_divergent_pairs(
    client, pam, alice, council_rep, police_rep, survey, carers_centre, council, police
):
    _rate_all(survey, pam, alice, council_rep, police_rep, carers_centre, council, police)
    client.force_login(pam)
    page = client.get(_url("network-results", survey)).content.decode()
    # 2 ties of 3 possible pairs; centralisation (2-1 + 2-1) / 2 = 1: a star around the carers.
    assert "67%" in page
    assert "100%" in page
    # Carers and council both rated each other (mutual), police-carers only one way: 1 of 2.
    assert "50%" in page
    assert "Pairs that see their work very differently" in page
    # The police say they coordinate with the carers (3); the carers do not mention them (0).
    assert "Coordination (planning work together)" in page
    # The map: three sectors in the key, two lines, thicker for the closer tie.
    assert "Council: square (1)" in page and "Police: pentagon (1)" in page
    widths = sorted(float(w) for w in re.findall(r'<line [^>]*stroke-width="([0-9.]+)"', page))
    assert widths == [2.0, 2.5]
    assert 'id="members-table"' in page
    assert "Ashdown Carers Centre" in page and "Broker" in page


def test_results_show_change_since_the_previous_survey(
    client, pam, alice, council_rep, police_rep, survey, carers_centre, council, police
):
    _rate_all(survey, pam, alice, council_rep, police_rep, carers_centre, council, police)
    services.close_network_survey(actor=pam, survey=survey)
    later = services.create_network_survey(
        actor=pam,
        partnership=survey.partnership,
        title="Network 2027",
        organizations=[carers_centre, council, police],
    )
    services.open_network_survey(actor=pam, survey=later)
    services.save_ratings(
        actor=council_rep,
        survey=later,
        organization=council,
        ratings={carers_centre.pk: {"closeness": 4}, police.pk: {"closeness": 2}},
    )
    services.submit_network_response(actor=council_rep, survey=later, organization=council)
    client.force_login(pam)
    page = client.get(_url("network-results", later)).content.decode()
    assert "Changes are since Network 2026" in page
    assert "1 new, 1 lost" in page
    assert "Ashdown Council and Ashdown Police" in page  # the new tie, for managers


def test_survey_list_shows_what_each_person_can_do(
    client, pam, alice, charlie, partnership, survey, carers_centre
):
    draft = services.create_network_survey(
        actor=pam, partnership=partnership, title="Next year", organizations=[carers_centre]
    )
    client.force_login(alice)
    page = client.get(reverse("partnerships:network-surveys", args=[partnership.pk])).content
    text = page.decode()
    assert "Answer for Ashdown Carers Centre" in text
    assert draft.title not in text  # drafts are the managers' own
    assert client.get(_url("network-results", draft)).status_code == 404
    client.force_login(pam)
    text = client.get(reverse("partnerships:network-surveys", args=[partnership.pk])).content
    assert b"Next year" in text and b"Open for answers" in text


def test_results_page_queries_do_not_grow_with_members(
    client, pam, partnership, survey, django_assert_max_num_queries
):
    client.force_login(pam)
    for n in range(30):
        org = Organization.objects.create(name=f"Member {n:02}", sector=Sector.VCS)
        services.add_member(actor=pam, partnership=partnership, organization=org)
        survey.organizations.add(org)
    with django_assert_max_num_queries(25):
        assert client.get(_url("network-results", survey)).status_code == 200
