"""Information governance: subject-access export, erasure and retention, by their commands."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from joinedup.core.models import AuditEvent
from joinedup.partnerships.models import Partnership, PartnershipMember
from joinedup.referrals import services
from joinedup.referrals.models import Consent, Person, Referral, ReferralEvent, Status
from joinedup.referrals.services.governance import (
    ERASED,
    apply_retention,
    erase_person,
    months_before,
)

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def close(referral: Referral, dora, when: datetime.datetime) -> Referral:
    services.transition_referral(actor=dora, referral=referral, to_status=Status.ACCEPTED, now=when)
    services.transition_referral(
        actor=dora, referral=referral, to_status=Status.COMPLETED, now=when
    )
    services.record_outcome(actor=dora, referral=referral, outcome="got_help", note="Went well")
    return referral


def test_export_holds_everything_and_is_audited(referral, dora, alice):
    services.post_message(actor=dora, referral=referral, body="Called Mary on Tuesday")
    services.read_person_details(actor=dora, person=referral.person, referral=referral)
    data = json.loads(run("export_person", str(referral.person_id)))
    assert data["person"]["name"] == "Mary Carer"
    assert data["person"]["phone"] == "07700 900123"
    assert data["consents"][0]["recipient"] == "Ashdown Food Bank"
    exported = data["referrals"][0]
    assert exported["need"] == "We have run out of food"
    assert [e["to"] for e in exported["events"]] == ["draft", "requested"]
    assert exported["messages"][0]["body"] == "Called Mary on Tuesday"
    actions = {e["action"] for e in data["audit_events"]}
    assert {"person.created", "consent.recorded", "referral.requested", "person.viewed"} <= actions
    # Who at an organisation looked is not in the export: staff identities are third parties.
    assert "alice@" not in json.dumps(data) and "dora@" not in json.dumps(data)
    assert AuditEvent.objects.filter(action="person.exported").count() == 1


def test_export_unknown_person_is_a_clear_error():
    with pytest.raises(CommandError, match="No person"):
        run("export_person", "6d1c8e40-3c36-4d7e-9d0e-4cd0d8d1c111")
    with pytest.raises(CommandError, match="Not a person id"):
        run("export_person", "mary")


def test_erase_refuses_while_referrals_are_open(referral):
    with pytest.raises(CommandError, match=r"still open .*--force"):
        run("erase_person", str(referral.person_id))
    person = Person.objects.get(pk=referral.person_id)
    assert person.name == "Mary Carer"
    assert not AuditEvent.objects.filter(action="person.erased").exists()


def test_erase_with_force_cancels_and_keeps_statistics(referral, dora):
    services.post_message(actor=dora, referral=referral, body="Mary's flat is number 4")
    output = run("erase_person", str(referral.person_id), "--force")
    assert referral.reference in output
    person = Person.objects.get(pk=referral.person_id)
    assert (person.name, person.phone, person.postcode, person.nhs_number) == (
        "Erased person",
        "",
        "BS5",
        "",
    )
    referral.refresh_from_db()
    # Statistics stay: status, service, organisations, dates. The words go.
    assert referral.status == Status.CANCELLED
    assert referral.service.name == "Emergency food parcels"
    assert referral.need == ERASED
    assert referral.messages.get().body == ERASED
    last = referral.events.last()
    assert (last.to_status, last.reason_text) == (Status.CANCELLED, ERASED)
    assert AuditEvent.objects.filter(action="person.erased").get().details["cancelled"] == [
        referral.reference
    ]
    # Nothing personal left in an export afterwards.
    data = json.dumps(services.governance.export_person(person=person))
    assert "Mary" not in data and "07700" not in data and "run out of food" not in data


def test_erase_of_closed_referrals_needs_no_force(referral, dora):
    close(referral, dora, timezone.now())
    result = erase_person(person=referral.person)
    assert result.cancelled == [] and result.referrals == 1
    referral.refresh_from_db()
    assert (referral.status, referral.outcome, referral.outcome_note) == (
        Status.COMPLETED,
        "got_help",
        "",
    )


def test_months_before_handles_month_ends():
    at = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    assert months_before(at, 1) == datetime.datetime(2026, 2, 28, 12, tzinfo=datetime.UTC)
    assert months_before(at, 15) == datetime.datetime(2024, 12, 31, 12, tzinfo=datetime.UTC)
    assert months_before(at, 24).year == 2024


def test_retention_follows_each_partnership(referral, dora, food_bank, carers_centre, person):
    partnership = Partnership.objects.create(name="Ashdown Together")
    partnership.closed_referral_retention_months = 6
    partnership.save()
    PartnershipMember.objects.create(partnership=partnership, organization=food_bank)
    now = timezone.now()
    close(referral, dora, now - datetime.timedelta(days=200))  # about 6.5 months ago
    # A second, recent referral for the same person keeps the person's details.
    recent = services.send_referrals(
        actor=referral.referring_user,
        person=person,
        services=[referral.service],
        need="More food",
    ).referrals[0]

    assert "1 referral(s) would be anonymised" in run("apply_retention", "--dry-run")
    referral.refresh_from_db()
    assert referral.need == "We have run out of food"

    assert "1 referral(s) were anonymised; 0 person(s)" in run("apply_retention")
    referral.refresh_from_db()
    recent.refresh_from_db()
    assert referral.need == ERASED and referral.status == Status.COMPLETED
    assert recent.need == "More food"
    assert Person.objects.get(pk=person.pk).name == "Mary Carer"
    assert AuditEvent.objects.filter(action="referral.anonymised").count() == 1
    # Running again does nothing more.
    assert run("apply_retention").startswith("0 referral(s)")


def test_retention_erases_the_person_once_nothing_is_left(referral, dora, person):
    # No partnership: the default 24 months applies; 23 months is kept, 25 is not.
    close(referral, dora, timezone.now() - datetime.timedelta(days=30 * 23))
    assert apply_retention().referrals == []
    Referral.objects.filter(pk=referral.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=31 * 25)
    )
    result = apply_retention()
    assert result.referrals == [referral.reference]
    assert result.people == [str(person.pk)]
    assert Person.objects.get(pk=person.pk).name == "Erased person"
    assert Consent.objects.filter(person=person).count() == 1  # the record that it stood
    assert ReferralEvent.objects.filter(referral=referral).count() == 4


def test_open_referrals_are_never_anonymised_by_retention(referral):
    Referral.objects.filter(pk=referral.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=365 * 5)
    )
    assert apply_retention().referrals == []
