"""The results page: who sees it, what it shows, what it never shows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.partnerships import services
from joinedup.partnerships.models import Wave


def respond(wave, pam, organization, email, value, level="frontline", respondent=None):
    invitation, _ = services.invite_representative(
        actor=pam, wave=wave, organization=organization, email=email
    )
    answers = dict.fromkeys(wave.instrument.statements.values_list("key", flat=True), value)
    services.save_answers(
        invitation=invitation, answers=answers, level=level, respondent=respondent
    )
    return services.submit_response(invitation=invitation, respondent=respondent)


def new_wave(partnership, pam, instrument, organizations, title) -> Wave:
    wave = services.create_wave(
        actor=pam,
        partnership=partnership,
        instrument=instrument,
        title=title,
        organizations=organizations,
    )
    return services.open_wave(actor=pam, wave=wave)


@pytest.fixture
def wave(partnership, pam, foundations, carers_centre, council) -> Wave:
    """Five voluntary-sector answers of 4 and two council answers of 2: the council is small."""
    wave = new_wave(partnership, pam, foundations, [carers_centre, council], "Autumn 2026")
    for n in range(5):
        respond(wave, pam, carers_centre, f"vcs{n}@carers.example", 4, level="strategic")
    respond(wave, pam, council, "c1@council.example", 2)
    respond(wave, pam, council, "c2@council.example", 2)
    return wave


def results_url(wave) -> str:
    return reverse("partnerships:wave-results", args=[wave.partnership_id, wave.pk])


def test_manager_sees_results_of_an_open_wave(client, wave, pam):
    client.force_login(pam)
    page = client.get(results_url(wave))
    assert page.status_code == 200
    assert "still open" in page.text
    assert "7 responses" in page.text


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_members_see_results_only_once_closed(client, request, wave, pam, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(results_url(wave)).status_code == 404
    services.close_wave(actor=pam, wave=wave)
    assert client.get(results_url(wave)).status_code == 200


def test_outsider_gets_404_even_when_closed(client, wave, pam, charlie):
    services.close_wave(actor=pam, wave=wave)
    client.force_login(charlie)
    assert client.get(results_url(wave)).status_code == 404
    report = reverse("partnerships:wave-report", args=[wave.partnership_id, wave.pk])
    assert client.get(report).status_code == 404


def test_results_show_figures_bands_and_suppress_small_groups(client, wave, pam):
    client.force_login(pam)
    page = client.get(results_url(wave)).text
    # Overall: (5 x 4 + 2 x 2) / 7 = 3.43, borderline; spread over both groups.
    assert "3.43" in page
    assert "Borderline" in page
    assert "2 to 4" in page  # lowest to highest
    # Council has 2 responses: suppressed, and so is the voluntary sector (the only other group),
    # else the council's figure could be worked out from the total.
    assert "Not shown: fewer than 5 responses" in page
    assert "Voluntary and community" in page and "Council" in page
    assert ">4.00<" not in page  # no group's mean leaks
    # Strategic 5, frontline 2: the same rule.
    assert page.count("Not shown: fewer than 5 responses") == 4 * 6


def test_each_section_has_an_accessible_chart_with_its_figures_beside_it(client, wave, pam):
    client.force_login(pam)
    page = client.get(results_url(wave)).text
    assert page.count("<svg") == 6
    assert 'role="img"' in page
    assert '<title id="chart-shared-purpose-title">A shared purpose: mean agreement</title>' in page
    assert "Bar chart of mean agreement on a scale of 1 to 5" in page
    assert "The chart\u2019s figures" in page


def test_change_since_the_previous_wave(client, wave, pam, foundations, carers_centre, council):
    services.close_wave(actor=pam, wave=wave)
    later = new_wave(wave.partnership, pam, foundations, [carers_centre, council], "Spring 2027")
    for n in range(5):
        respond(later, pam, carers_centre, f"vcs{n}@carers.example", 5)
    client.force_login(pam)
    page = client.get(results_url(later)).text
    assert "Change is since Autumn 2026" in page
    assert "+1.57" in page  # 5.00 now, 3.43 before


def test_individual_answers_are_shown_only_to_their_author(
    client, wave, pam, alice, bob, carers_centre
):
    respond(wave, pam, carers_centre, "alice@carers.example", 1, respondent=alice)
    services.close_wave(actor=pam, wave=wave)
    client.force_login(alice)
    page = client.get(results_url(wave)).text
    assert "Your own answers" in page and "Strongly disagree" in page
    for who in (bob, pam):
        client.force_login(who)
        other = client.get(results_url(wave)).text
        assert "Your own answers" not in other
        assert "Strongly disagree" not in other


def test_results_page_queries_do_not_grow_with_answers(
    client, wave, pam, django_assert_max_num_queries
):
    client.force_login(pam)
    with django_assert_max_num_queries(15):
        assert client.get(results_url(wave)).status_code == 200
