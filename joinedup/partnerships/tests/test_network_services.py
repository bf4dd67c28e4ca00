from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.core.models import AuditEvent, User
from joinedup.directory.models import Membership, Organization, Sector
from joinedup.partnerships import services
from joinedup.partnerships.models import NetworkRating, NetworkResponse, NetworkSurvey
from joinedup.partnerships.results import network_results


@pytest.fixture
def police(partnership, pam) -> Organization:
    org = Organization.objects.create(name="Ashdown Police", sector=Sector.POLICE)
    services.add_member(actor=pam, partnership=partnership, organization=org)
    return org


@pytest.fixture
def people(council, police) -> dict[str, User]:
    out = {}
    for org in (council, police):
        user = User.objects.create_user(email=f"rep@{org.pk}.example")
        Membership.objects.create(user=user, organization=org)
        out[org.name] = user
    return out


@pytest.fixture
def survey(partnership, pam, carers_centre, council, police) -> NetworkSurvey:
    survey = services.create_network_survey(
        actor=pam,
        partnership=partnership,
        title="Network 2026",
        organizations=[carers_centre, council, police],
    )
    return services.open_network_survey(actor=pam, survey=survey)


def test_member_rates_partners_saves_and_submits(survey, alice, carers_centre, council, police):
    services.save_ratings(
        actor=alice,
        survey=survey,
        organization=carers_centre,
        ratings={council.pk: {"closeness": 3, "reliability": 4}},
    )
    services.save_ratings(
        actor=alice,
        survey=survey,
        organization=carers_centre,
        ratings={police.pk: {"closeness": 1}, council.pk: {"closeness": 4}},
    )
    response = NetworkResponse.objects.get()
    assert dict(response.ratings.values_list("partner__name", "closeness")) == {
        "Ashdown Council": 4,
        "Ashdown Police": 1,
    }
    services.save_ratings(
        actor=alice, survey=survey, organization=carers_centre, ratings={police.pk: None}
    )
    assert response.ratings.count() == 1
    services.submit_network_response(actor=alice, survey=survey, organization=carers_centre)
    response.refresh_from_db()
    assert response.submitted_at is not None and response.sector == Sector.VCS
    with pytest.raises(ValidationError, match="already been submitted"):
        services.save_ratings(actor=alice, survey=survey, organization=carers_centre, ratings={})
    assert AuditEvent.objects.filter(
        action="network_response.submitted", organization=carers_centre
    ).exists()


def test_ratings_are_checked(survey, alice, carers_centre, council, housing_org):
    with pytest.raises(ValidationError) as caught:
        services.save_ratings(
            actor=alice,
            survey=survey,
            organization=carers_centre,
            ratings={
                council.pk: {"closeness": 7, "openness": 5, "mood": 1},
                carers_centre.pk: {"closeness": 1},
                housing_org.pk: {"closeness": 1},
            },
        )
    messages = caught.value.messages
    assert f"{council.pk}.closeness: give a closeness from 0 to 5" in messages
    assert f"{council.pk}.openness: 5 is outside 1-4" in messages
    assert f"{council.pk}: unknown fields mood" in messages
    assert f"{carers_centre.pk}: not another member of this survey" in messages
    assert f"{housing_org.pk}: not another member of this survey" in messages
    assert not NetworkRating.objects.exists()


@pytest.mark.parametrize("who", ["charlie", "pam"])
def test_only_the_organisations_people_answer_for_it(survey, carers_centre, request, who):
    with pytest.raises(PermissionDenied):
        services.save_ratings(
            actor=request.getfixturevalue(who),
            survey=survey,
            organization=carers_centre,
            ratings={},
        )


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_only_managers_run_surveys(survey, partnership, carers_centre, request, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.create_network_survey(
            actor=actor, partnership=partnership, title="x", organizations=[carers_centre]
        )
    with pytest.raises(PermissionDenied):
        services.close_network_survey(actor=actor, survey=survey)


def test_results_and_change_from_the_database(
    survey, pam, alice, people, carers_centre, council, police, partnership
):
    council_rep, police_rep = people["Ashdown Council"], people["Ashdown Police"]
    # A star around the council; the carers centre and the police do not work together.
    services.save_ratings(
        actor=alice,
        survey=survey,
        organization=carers_centre,
        ratings={council.pk: {"closeness": 3}},
    )
    services.save_ratings(
        actor=council_rep,
        survey=survey,
        organization=council,
        ratings={carers_centre.pk: {"closeness": 3}, police.pk: {"closeness": 2}},
    )
    services.save_ratings(
        actor=police_rep, survey=survey, organization=police, ratings={council.pk: {"closeness": 5}}
    )
    for org, user in ((carers_centre, alice), (council, council_rep)):
        services.submit_network_response(actor=user, survey=survey, organization=org)
    # The police saved but did not submit: its ratings do not count yet.
    results = network_results(survey)
    m = results.metrics
    assert m.density == 0.667 and m.centralisation == 1.0
    assert m.brokers == [council.pk]
    assert m.reciprocity == 1.0  # carers <-> council; council-police left out (police not in)
    assert results.names[police.pk] == "Ashdown Police"
    assert results.change is None
    services.submit_network_response(actor=police_rep, survey=survey, organization=police)
    assert network_results(survey).metrics.divergent_pairs[0].difference == 3  # 2 against 5
    services.close_network_survey(actor=pam, survey=survey)

    second = services.create_network_survey(
        actor=pam,
        partnership=partnership,
        title="Network 2027",
        organizations=[carers_centre, council, police],
    )
    services.open_network_survey(actor=pam, survey=second)
    services.save_ratings(
        actor=alice,
        survey=second,
        organization=carers_centre,
        ratings={police.pk: {"closeness": 2}},
    )
    services.submit_network_response(actor=alice, survey=second, organization=carers_centre)
    change = network_results(second).change
    assert change.new_ties == {frozenset({carers_centre.pk, police.pk})}
    assert change.lost_ties == {
        frozenset({carers_centre.pk, council.pk}),
        frozenset({council.pk, police.pk}),
    }


def test_map_visibility(survey, pam, alice, charlie):
    assert NetworkSurvey.objects.results_visible_to(pam).exists()
    assert not NetworkSurvey.objects.results_visible_to(alice).exists()
    services.close_network_survey(actor=pam, survey=survey)
    assert NetworkSurvey.objects.results_visible_to(alice).exists()
    assert not NetworkSurvey.objects.results_visible_to(charlie).exists()
    assert not NetworkSurvey.objects.visible_to(charlie).exists()


def test_own_ratings_are_visible_to_the_organisations_people_only(
    survey, alice, bob, pam, charlie, carers_centre, council
):
    services.save_ratings(
        actor=alice,
        survey=survey,
        organization=carers_centre,
        ratings={council.pk: {"closeness": 2}},
    )
    assert NetworkResponse.objects.own(bob).count() == 1
    assert NetworkResponse.objects.own(pam).count() == 0
    assert NetworkResponse.objects.own(charlie).count() == 0


def test_partner_ids_given_as_text_are_understood(survey, alice, carers_centre, council):
    services.save_ratings(
        actor=alice,
        survey=survey,
        organization=carers_centre,
        ratings={str(council.pk): {"closeness": 2}},
    )
    assert NetworkRating.objects.get().partner == council
    with pytest.raises(ValidationError, match="not another member"):
        services.save_ratings(
            actor=alice,
            survey=survey,
            organization=carers_centre,
            ratings={"garbage": {"closeness": 2}},
        )


def test_pair_detail_can_be_left_out_for_members(
    survey, pam, alice, people, carers_centre, council
):
    council_rep = people["Ashdown Council"]
    services.save_ratings(
        actor=alice,
        survey=survey,
        organization=carers_centre,
        ratings={council.pk: {"closeness": 5}},
    )
    services.submit_network_response(actor=alice, survey=survey, organization=carers_centre)
    services.submit_network_response(actor=council_rep, survey=survey, organization=council)
    assert len(network_results(survey).metrics.divergent_pairs) == 1
    assert network_results(survey, pair_detail=False).metrics.divergent_pairs == []
