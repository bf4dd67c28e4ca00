"""Erasures survive a restore: the erasure log of the database being replaced is replayed on
the restored one, erasing again only those it still holds unerased."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from joinedup.core.models import AuditEvent
from joinedup.referrals.models import Person
from joinedup.referrals.services.governance import (
    ERASED_NAME,
    erase_person,
    erasure_log,
    reapply_erasures,
)

pytestmark = pytest.mark.django_db


def test_the_erasure_log_lists_each_erasure(person):
    erase_person(person=person)
    [entry] = erasure_log()
    assert entry["person"] == str(person.pk) and entry["reason"] == "request"
    assert entry["event"] == str(AuditEvent.objects.get(action="person.erased").pk)


def test_a_person_erased_after_the_backup_is_erased_again(person, referral, tmp_path):
    # The log as the replaced database had it, then the restored database, which never saw it.
    erase_person(person=person, force=True)
    log = erasure_log()
    AuditEvent.objects.filter(action="person.erased").delete()
    Person.objects.filter(pk=person.pk).update(name="Mary Carer", phone="07700 900123")
    path = tmp_path / "erasures.json"
    path.write_text(json.dumps(log))

    out = io.StringIO()
    call_command("reapply_erasures", str(path), stdout=out)
    assert "1 erasure(s) re-applied" in out.getvalue()
    person.refresh_from_db()
    assert person.name == ERASED_NAME and person.phone == ""
    assert AuditEvent.objects.filter(action="person.erasure_reapplied").count() == 1
    # Twice is harmless.
    result = reapply_erasures(log=log)
    assert (result.erased, result.already_erased) == ([], 1)


def test_people_already_erased_or_not_in_the_restored_database_are_left(person, alice):
    erase_person(person=person)
    log = erasure_log()
    missing = dict(log[0], event="00000000-0000-0000-0000-000000000000")
    missing["person"] = "11111111-1111-1111-1111-111111111111"
    result = reapply_erasures(log=[*log, missing])
    assert (result.erased, result.already_erased, result.not_here) == ([], 1, 1)
