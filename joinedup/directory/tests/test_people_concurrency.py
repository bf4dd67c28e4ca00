"""Two clicks at once on people's rules: a link is used once, and an organisation never loses
its last admin (PostgreSQL row locks)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from joinedup.core import outbox as core_outbox
from joinedup.directory import people
from joinedup.directory.models import Membership, OrganizationInvitation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers; no race to test"
    ),
]


def _at_once(*actions: Callable[[], object]) -> list[str]:
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action: Callable[[], object]) -> None:
        try:
            barrier.wait()
            action()
            outcomes.append("done")
        except (people.InvitationUnusable, ValidationError):
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_one_invitation_is_accepted_once(monkeypatch, alice, carers_centre):
    monkeypatch.setattr(core_outbox, "transaction", SimpleNamespace(on_commit=lambda f: f()))
    people.invite_person(
        actor=alice,
        organization=carers_centre,
        email="dana@carers.example",
        role="member",
        link=lambda path: path,
    )
    invitation = OrganizationInvitation.objects.get()

    def accept() -> None:
        people.accept_invitation(
            invitation=invitation, password="a long and unusual passphrase", full_name="Dana"
        )

    assert _at_once(accept, accept) == ["done", "refused"]
    assert Membership.objects.filter(user__email="dana@carers.example").count() == 1


def test_two_admins_stepping_down_at_once_leave_one(alice, bob, carers_centre):
    Membership.objects.filter(user=bob).update(role="admin")
    mine = Membership.objects.get(user=alice)
    theirs = Membership.objects.get(user=bob)
    outcomes = _at_once(
        lambda: people.change_role(actor=alice, membership=mine, role="member"),
        lambda: people.change_role(actor=bob, membership=theirs, role="member"),
    )
    assert outcomes == ["done", "refused"]
    assert Membership.objects.filter(organization=carers_centre, role="admin").count() == 1
