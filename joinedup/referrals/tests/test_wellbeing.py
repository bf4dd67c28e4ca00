"""ONS4 wellbeing: a service switches it on; the person's answers are recorded at referral and at
completion by those who may see the person, and go with the person's other details."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from joinedup.core.models import AuditEvent
from joinedup.directory.models import Membership
from joinedup.referrals import services
from joinedup.referrals.models import Moment, Referral, Status, WellbeingAnswers
from joinedup.referrals.services.governance import apply_retention, erase_person, export_person
from joinedup.referrals.services.intake import intake_of, set_service_intake
from joinedup.referrals.services.wellbeing import record_wellbeing

SCORES = {"life_satisfaction": 4, "worthwhile": 5, "happiness": 3, "anxiety": 8}


@pytest.fixture
def food_admin(dora):
    """dora runs the food bank's listings (an admin), as well as answering its referrals."""
    Membership.objects.filter(user=dora).update(role=Membership.Role.ADMIN)
    return dora


@pytest.fixture
def asking(food_admin, dora, food_service):
    set_service_intake(
        actor=dora,
        service=food_service,
        person_fields=[],
        questions=[],
        accepts_self_referral=True,
        asks_wellbeing=True,
    )
    return food_service


def _complete(referral: Referral, dora) -> Referral:
    for status in (Status.ACCEPTED, Status.COMPLETED):
        services.transition_referral(actor=dora, referral=referral, to_status=status)
    referral.refresh_from_db()
    return referral


def test_the_receiving_team_switches_wellbeing_on_from_its_intake_settings(
    client, food_admin, dora, food_service
):
    client.force_login(dora)
    url = reverse("referrals:edit-intake", args=[food_service.pk])
    page = client.get(url)
    assert "Ask people about their wellbeing (ONS4)" in page.content.decode()
    client.post(
        url,
        {"questions-TOTAL_FORMS": "0", "questions-INITIAL_FORMS": "0", "asks_wellbeing": "on"},
    )
    assert intake_of(food_service).asks_wellbeing is True


def test_saving_intake_without_saying_keeps_wellbeing_as_it_was(dora, asking):
    set_service_intake(
        actor=dora, service=asking, person_fields=[], questions=[], accepts_self_referral=False
    )
    assert intake_of(asking).asks_wellbeing is True


def test_referrer_records_answers_at_referral(alice, asking, referral):
    answers = record_wellbeing(
        actor=alice, referral=referral, moment=Moment.REFERRAL, scores=SCORES
    )
    assert answers.scores() == SCORES
    audit = AuditEvent.objects.get(action="referral.wellbeing_recorded")
    # The scores are about the person's health: never in the audit log.
    assert "anxiety" not in str(audit.details)
    assert audit.details["answered"] == 4


def test_prefer_not_to_say_is_stored_as_no_answer(alice, asking, referral):
    answers = record_wellbeing(
        actor=alice,
        referral=referral,
        moment=Moment.REFERRAL,
        scores={"life_satisfaction": 7, "anxiety": None},
    )
    assert answers.scores() == {
        "life_satisfaction": 7,
        "worthwhile": None,
        "happiness": None,
        "anxiety": None,
    }


@pytest.mark.parametrize("bad", [11, -1, "lots"])
def test_answers_outside_0_to_10_are_refused(alice, asking, referral, bad):
    with pytest.raises(ValidationError) as refused:
        record_wellbeing(
            actor=alice, referral=referral, moment=Moment.REFERRAL, scores={"happiness": bad}
        )
    assert "happiness" in refused.value.message_dict
    assert not WellbeingAnswers.objects.exists()


def test_a_service_that_does_not_ask_records_nothing(alice, referral):
    with pytest.raises(ValidationError):
        record_wellbeing(actor=alice, referral=referral, moment=Moment.REFERRAL, scores=SCORES)


def test_outsider_cannot_record(charlie, asking, referral):
    with pytest.raises(PermissionDenied):
        record_wellbeing(actor=charlie, referral=referral, moment=Moment.REFERRAL, scores=SCORES)


def test_completion_answers_only_once_completed(alice, dora, asking, referral):
    with pytest.raises(ValidationError):
        record_wellbeing(actor=dora, referral=referral, moment=Moment.COMPLETION, scores=SCORES)
    _complete(referral, dora)
    record_wellbeing(actor=dora, referral=referral, moment=Moment.COMPLETION, scores=SCORES)
    assert WellbeingAnswers.objects.get(moment=Moment.COMPLETION).recorded_by == dora


def test_completing_takes_the_receiving_team_to_the_questions(client, dora, asking, referral):
    services.transition_referral(actor=dora, referral=referral, to_status=Status.ACCEPTED)
    client.force_login(dora)
    done = client.post(
        reverse("referrals:change-status", args=[referral.pk]),
        {"to_status": Status.COMPLETED, "step": "confirm", "confirm": "on"},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse(
        "referrals:record-wellbeing", args=[referral.pk, Moment.COMPLETION]
    )
    page = client.get(done["Location"])
    text = page.content.decode()
    assert "Overall, how satisfied are you with your life nowadays?" in text
    assert "Prefer not to say" in text
    saved = client.post(
        done["Location"],
        {"wellbeing_life_satisfaction": "6", "wellbeing_anxiety": "prefer_not"},
    )
    assert saved.status_code == 302
    answers = WellbeingAnswers.objects.get(referral=referral, moment=Moment.COMPLETION)
    assert answers.life_satisfaction == 6
    assert answers.anxiety is None


def test_the_page_refuses_a_score_out_of_range(client, alice, asking, referral):
    client.force_login(alice)
    url = reverse("referrals:record-wellbeing", args=[referral.pk, Moment.REFERRAL])
    page = client.post(url, {"wellbeing_happiness": "12"})
    assert page.status_code == 400
    assert "govuk-error-summary" in page.content.decode()
    assert not WellbeingAnswers.objects.exists()


def test_outsider_gets_404_on_the_questions_page(client, charlie, asking, referral):
    client.force_login(charlie)
    url = reverse("referrals:record-wellbeing", args=[referral.pk, Moment.REFERRAL])
    assert client.get(url).status_code == 404
    assert client.post(url, {"wellbeing_happiness": "5"}).status_code == 404
    assert not WellbeingAnswers.objects.exists()


def test_detail_page_shows_answers_to_those_who_see_the_person(client, alice, asking, referral):
    record_wellbeing(actor=alice, referral=referral, moment=Moment.REFERRAL, scores=SCORES)
    client.force_login(alice)
    text = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Wellbeing (ONS4)" in text
    assert "Anxiety yesterday: 8" in text


def test_the_person_answers_when_asking_for_help(client, asking):
    form = reverse("referrals:ask-for-help", args=[asking.pk])
    assert "how anxious did you feel yesterday" in client.get(form).content.decode()
    sent = client.post(
        form,
        {
            "name": "Pat Person",
            "contact_preference": "phone",
            "phone": "07700 900789",
            "need": "I have no food",
            "urgency": "routine",
            "consent": "on",
            "website": "",
            "wellbeing_life_satisfaction": "3",
            "wellbeing_worthwhile": "prefer_not",
            "wellbeing_happiness": "2",
        },
    )
    assert sent.status_code == 302
    answers = WellbeingAnswers.objects.get(moment=Moment.REFERRAL)
    assert answers.scores() == {
        "life_satisfaction": 3,
        "worthwhile": None,
        "happiness": 2,
        "anxiety": None,
    }
    assert answers.recorded_by is None


def test_erasure_deletes_the_answers(alice, dora, asking, referral, person):
    record_wellbeing(actor=alice, referral=referral, moment=Moment.REFERRAL, scores=SCORES)
    _complete(referral, dora)
    assert export_person(person=person)["referrals"][0]["wellbeing"][0]["anxiety"] == 8
    erase_person(person=person)
    assert not WellbeingAnswers.objects.exists()


def test_retention_deletes_the_answers(alice, dora, asking, referral):
    record_wellbeing(actor=alice, referral=referral, moment=Moment.REFERRAL, scores=SCORES)
    _complete(referral, dora)
    Referral.objects.filter(pk=referral.pk).update(
        status_changed_at=referral.status_changed_at.replace(year=2020)
    )
    apply_retention()
    assert not WellbeingAnswers.objects.exists()
