from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.core.models import AuditEvent
from joinedup.directory.models import Organization, Sector
from joinedup.partnerships import services
from joinedup.partnerships.models import Invitation, Response, Wave, WaveStatus, hash_token
from joinedup.partnerships.results import wave_results


def all_answers(instrument, value=4):
    return {key: value for key in instrument.statements.values_list("key", flat=True)}


@pytest.fixture
def wave(partnership, pam, foundations, carers_centre, council) -> Wave:
    wave = services.create_wave(
        actor=pam,
        partnership=partnership,
        instrument=foundations,
        title="Autumn 2026",
        organizations=[carers_centre, council],
    )
    return services.open_wave(actor=pam, wave=wave)


@pytest.fixture
def invitation(wave, pam, carers_centre) -> tuple[Invitation, str]:
    return services.invite_representative(
        actor=pam, wave=wave, organization=carers_centre, email="Alice@Carers.example", name="Alice"
    )


def test_invitation_token_is_stored_only_as_a_digest(invitation):
    inv, token = invitation
    assert inv.token_hash == hash_token(token)
    assert token not in inv.token_hash
    assert Invitation.objects.by_token(token).get() == inv
    assert not Invitation.objects.by_token(token + "x").exists()
    assert inv.email == "alice@carers.example"


def test_save_and_return_then_submit_once(invitation, foundations, alice):
    inv, token = invitation
    services.save_answers(invitation=inv, answers={"shared-purpose-1": 5, "shared-purpose-2": None})
    found = Invitation.objects.by_token(token).get()
    services.save_answers(
        invitation=found, answers={"shared-purpose-1": 4}, level="strategic", respondent=alice
    )
    response = Response.objects.get(invitation=inv)
    assert dict(response.answers.values_list("statement__key", "value")) == {
        "shared-purpose-1": 4,
        "shared-purpose-2": None,
    }
    assert not response.is_submitted
    services.save_answers(
        invitation=inv, answers=all_answers(foundations) | {"shared-purpose-2": None}
    )
    response = services.submit_response(invitation=inv, respondent=alice)
    assert response.is_submitted
    assert response.sector == Sector.VCS
    assert response.level == "strategic"
    with pytest.raises(ValidationError, match="already been submitted"):
        services.submit_response(invitation=inv)
    with pytest.raises(ValidationError, match="already been submitted"):
        services.save_answers(invitation=inv, answers={"shared-purpose-1": 1})
    assert Response.objects.count() == 1
    actions = list(
        AuditEvent.objects.for_target(response)
        .order_by("created_at")
        .values_list("action", flat=True)
    )
    assert actions[0] == "response.started" and actions[-1] == "response.submitted"


def test_submit_lists_what_is_missing(invitation):
    inv, _ = invitation
    services.save_answers(invitation=inv, answers={"shared-purpose-1": 5})
    with pytest.raises(ValidationError) as caught:
        services.submit_response(invitation=inv)
    messages = caught.value.messages
    assert "shared-purpose-2: not answered yet" in messages
    assert "level: say whether you answer as strategic or frontline" in messages
    assert len(messages) == 12  # 11 statements missing + the level


def test_answers_are_checked_against_the_instrument_and_scale(invitation):
    inv, _ = invitation
    with pytest.raises(ValidationError) as caught:
        services.save_answers(
            invitation=inv, answers={"shared-purpose-1": 6, "nope": 3}, level="boss"
        )
    assert set(caught.value.messages) == {
        "nope: not a statement of this instrument",
        "shared-purpose-1: 6 is outside the scale 1-5",
        "level: 'boss' is not one of strategic, frontline",
    }
    assert not Response.objects.exists()  # the whole save was rolled back


def test_no_answers_before_opening_or_after_closing(partnership, pam, foundations, carers_centre):
    wave = services.create_wave(
        actor=pam,
        partnership=partnership,
        instrument=foundations,
        title="Draft",
        organizations=[carers_centre],
    )
    inv, _ = services.invite_representative(
        actor=pam, wave=wave, organization=carers_centre, email="a@x.example"
    )
    with pytest.raises(ValidationError, match="not open"):
        services.save_answers(invitation=inv, answers={})
    services.open_wave(actor=pam, wave=wave)
    services.close_wave(actor=pam, wave=wave)
    with pytest.raises(ValidationError, match="not open"):
        services.save_answers(invitation=inv, answers={})
    assert [e.action for e in AuditEvent.objects.for_target(wave).order_by("created_at")] == [
        "wave.created",
        "wave.opened",
        "wave.closed",
    ]


def test_wave_only_for_member_organisations(partnership, pam, foundations, housing_org):
    with pytest.raises(ValidationError, match="Brookfield Housing"):
        services.create_wave(
            actor=pam,
            partnership=partnership,
            instrument=foundations,
            title="x",
            organizations=[housing_org],
        )


def test_invitation_only_for_an_organisation_in_the_wave(
    partnership, pam, foundations, carers_centre, council
):
    wave = services.create_wave(
        actor=pam,
        partnership=partnership,
        instrument=foundations,
        title="x",
        organizations=[carers_centre],
    )
    with pytest.raises(ValidationError):
        services.invite_representative(
            actor=pam, wave=wave, organization=council, email="c@x.example"
        )


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_only_managers_run_waves(partnership, foundations, carers_centre, wave, request, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.create_wave(
            actor=actor,
            partnership=partnership,
            instrument=foundations,
            title="x",
            organizations=[carers_centre],
        )
    with pytest.raises(PermissionDenied):
        services.close_wave(actor=actor, wave=wave)
    with pytest.raises(PermissionDenied):
        services.invite_representative(
            actor=actor, wave=wave, organization=carers_centre, email="x@x.example"
        )


def test_instrument_of_another_partnership_cannot_be_used(partnership, pam, carers_centre, db):
    from joinedup.partnerships.tests.test_instruments import small_document

    other = services.create_partnership(actor=pam, name="Other place")
    document = small_document()
    document["sections"][0]["statements"].pop()
    theirs = services.import_instrument(actor=pam, partnership=other, document=document)
    with pytest.raises(PermissionDenied):
        services.create_wave(
            actor=pam,
            partnership=partnership,
            instrument=theirs,
            title="x",
            organizations=[carers_centre],
        )


def answer(wave, pam, organization, n, value, level):
    for i in range(n):
        inv, _ = services.invite_representative(
            actor=pam,
            wave=wave,
            organization=organization,
            email=f"{level}{value}{i}@{organization.pk}.example",
        )
        services.save_answers(
            invitation=inv, answers=all_answers(wave.instrument, value), level=level
        )
        services.submit_response(invitation=inv)


def test_results_from_the_database_with_suppression_and_change(
    wave, pam, carers_centre, council, partnership, foundations
):
    answer(wave, pam, carers_centre, 5, 4, "frontline")
    answer(wave, pam, council, 3, 2, "strategic")
    # A saved but unsubmitted response does not count.
    inv, _ = services.invite_representative(
        actor=pam, wave=wave, organization=council, email="late@council.example"
    )
    services.save_answers(invitation=inv, answers=all_answers(foundations, 1))
    results = wave_results(wave)
    section = results.section("shared-purpose")
    assert results.respondents == 8
    assert (section.stats.count, section.stats.mean, section.stats.band) == (8, 3.25, "borderline")
    assert all(g.suppressed for g in section.by_sector)  # council has 3, so vcs goes too
    assert all(g.suppressed for g in section.by_level)
    assert section.change is None
    services.close_wave(actor=pam, wave=wave)

    second = services.create_wave(
        actor=pam,
        partnership=partnership,
        instrument=foundations,
        title="Spring 2027",
        organizations=[carers_centre, council],
    )
    services.open_wave(actor=pam, wave=second)
    answer(second, pam, carers_centre, 5, 5, "frontline")
    answer(second, pam, council, 5, 3, "strategic")
    assert second.previous() == wave
    later = wave_results(second).section("shared-purpose")
    assert later.stats.mean == 4.0 and later.change == 0.75
    assert {g.group: g.stats.mean for g in later.by_sector} == {"council": 3.0, "vcs": 5.0}


def test_results_loader_uses_a_few_queries(wave, pam, carers_centre, django_assert_max_num_queries):
    answer(wave, pam, carers_centre, 6, 4, "frontline")
    wave = Wave.objects.select_related("instrument").get(pk=wave.pk)
    with django_assert_max_num_queries(8):
        wave_results(wave)


def test_results_visibility(wave, pam, alice, bob, charlie):
    assert wave.results_visible_to(pam)
    assert not wave.results_visible_to(alice)  # members wait for the wave to close
    services.close_wave(actor=pam, wave=wave)
    assert wave.results_visible_to(alice) and wave.results_visible_to(bob)
    assert not wave.results_visible_to(charlie)
    assert not Wave.objects.visible_to(charlie).exists()
    assert Wave.objects.managed_by(pam).get() == wave
    assert not Wave.objects.managed_by(alice).exists()


def test_individual_answers_are_only_the_respondents_own(invitation, alice, bob, pam, charlie):
    inv, _ = invitation
    services.save_answers(invitation=inv, answers={"shared-purpose-1": 2}, respondent=alice)
    assert Response.objects.own(alice).count() == 1
    assert Response.objects.own(bob).count() == 0
    assert Response.objects.own(pam).count() == 0  # managers see results, not one person's answers
    assert Response.objects.own(charlie).count() == 0


def test_sector_is_captured_at_submission(wave, pam, council, foundations):
    from joinedup.partnerships.models import PartnershipMember

    inv, _ = services.invite_representative(
        actor=pam, wave=wave, organization=council, email="c@council.example"
    )
    services.save_answers(invitation=inv, answers=all_answers(foundations), level="frontline")
    services.submit_response(invitation=inv)
    member = PartnershipMember.objects.get(organization=council)
    services.change_member(actor=pam, member=member, sector_override=Sector.NHS)
    Organization.objects.filter(pk=council.pk).update(sector=Sector.FIRE)
    assert Response.objects.get().sector == Sector.COUNCIL
    assert Wave.objects.get().status == WaveStatus.OPEN


def test_previous_wave_skips_drafts_and_other_instruments(
    wave, pam, partnership, foundations, instruments, carers_centre
):
    services.close_wave(actor=pam, wave=wave)
    other = instruments["motivations-structures-relationships"]
    services.create_wave(
        actor=pam,
        partnership=partnership,
        instrument=other,
        title="Other",
        organizations=[carers_centre],
    )
    services.create_wave(
        actor=pam,
        partnership=partnership,
        instrument=foundations,
        title="Never opened",
        organizations=[carers_centre],
    )
    latest = services.create_wave(
        actor=pam,
        partnership=partnership,
        instrument=foundations,
        title="Next",
        organizations=[carers_centre],
    )
    assert latest.previous() == wave
    assert wave.previous() is None


def test_progress_counts_replies_per_organisation(
    wave, pam, carers_centre, council, foundations, django_assert_max_num_queries
):
    answer(wave, pam, carers_centre, 2, 4, "frontline")
    inv, _ = services.invite_representative(
        actor=pam, wave=wave, organization=carers_centre, email="slow@carers.example"
    )
    services.save_answers(invitation=inv, answers={"shared-purpose-1": 3})
    with django_assert_max_num_queries(2):
        progress = wave.progress()
    assert [(p["organization"], p["invited"], p["started"], p["submitted"]) for p in progress] == [
        (carers_centre, 3, 3, 2),
        (council, 0, 0, 0),
    ]


def test_revoked_invitation_link_stops_working(invitation, pam, alice):
    inv, token = invitation
    services.revoke_invitation(actor=pam, invitation=inv)
    assert not Invitation.objects.by_token(token).exists()
    with pytest.raises(PermissionDenied):
        services.revoke_invitation(actor=alice, invitation=inv)
    assert AuditEvent.objects.for_target(inv).filter(action="invitation.revoked").exists()


def test_submitted_invitation_cannot_be_revoked(invitation, pam, foundations):
    inv, _ = invitation
    services.save_answers(invitation=inv, answers=all_answers(foundations), level="frontline")
    services.submit_response(invitation=inv)
    inv.refresh_from_db()
    with pytest.raises(ValidationError):
        services.revoke_invitation(actor=pam, invitation=inv)


def test_same_person_is_invited_once_per_wave_and_a_revoked_link_cannot_answer(
    invitation, wave, pam, carers_centre
):
    inv, _ = invitation
    with pytest.raises(ValidationError, match="already been invited"):
        services.invite_representative(
            actor=pam, wave=wave, organization=carers_centre, email=" ALICE@carers.example "
        )
    services.revoke_invitation(actor=pam, invitation=inv)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.save_answers(invitation=inv, answers={"shared-purpose-1": 3})


def test_an_adapted_instrument_compares_with_the_shipped_one(
    wave, pam, partnership, foundations, carers_centre
):
    import copy

    services.close_wave(actor=pam, wave=wave)
    document = copy.deepcopy(foundations.document)
    document["version"] = 2
    document["sections"][0]["statements"][0]["text"] = "Our own wording of the purpose statement."
    ours = services.import_instrument(actor=pam, partnership=partnership, document=document)
    adapted = services.create_wave(
        actor=pam,
        partnership=partnership,
        instrument=ours,
        title="Adapted",
        organizations=[carers_centre],
    )
    assert adapted.previous() == wave


def test_results_use_the_partnerships_smallest_number(wave, pam, carers_centre, council):
    answer(wave, pam, carers_centre, 5, 5, "frontline")
    answer(wave, pam, council, 5, 3, "strategic")
    assert not any(g.suppressed for g in wave_results(wave).section("shared-purpose").by_sector)
    wave.partnership.suppression_threshold = 6
    wave.partnership.save()
    section = wave_results(wave).section("shared-purpose")
    assert all(g.suppressed for g in section.by_sector)  # groups of 5 are now too small
