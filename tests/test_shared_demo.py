"""The demo place shared by the tests that ask for it (`demo_place` in /conftest.py): each test
sees it as loaded, whatever the test before it changed, and tests that do not ask for it see an
empty database."""

from __future__ import annotations

from joinedup.core.models import User
from joinedup.directory.models import Organization, Service

CHANGED = "Changed by a test"


def test_a_test_that_asks_sees_the_demo_and_may_change_it(demo_place):
    assert "Demo place loaded" in demo_place
    assert Service.objects.count() >= 150
    Service.objects.update(name=CHANGED)
    User.objects.filter(email="jo.whitfield@example.org").delete()


def test_the_next_test_sees_the_demo_as_loaded(demo_place):
    assert not Service.objects.filter(name=CHANGED).exists()
    assert User.objects.filter(email="jo.whitfield@example.org").exists()


def test_a_test_that_does_not_ask_sees_an_empty_database(db):
    assert not Organization.objects.exists()
    assert not Service.objects.exists()
    assert not User.objects.exists()


def test_so_does_a_transactional_test(transactional_db):
    assert not Organization.objects.exists()
    assert not User.objects.exists()
