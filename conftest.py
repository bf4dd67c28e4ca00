"""The shared cast for every test (after healthchecks' alice / bob / charlie).

- alice: organisation admin of Ashdown Carers Centre
- bob: member (not admin) of Ashdown Carers Centre
- charlie: admin of another organisation, Brookfield Housing: the outsider, refused everywhere
- pam: partnership manager, no organisation; manages the Ashdown Partnership, whose member is
  Ashdown Carers Centre (Brookfield Housing is in no partnership: her rights stop short of it)
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

from joinedup.core.models import User
from joinedup.directory.models import Membership, Organization, Sector, Service

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _cheap_password_hashing(settings) -> None:
    # Still Argon2id (tests check the stored format), with costs fit for hundreds of test users.
    settings.PASSWORD_HASHERS = ["joinedup.core.testing.CheapArgon2PasswordHasher"]


@pytest.fixture(autouse=True)
def _two_factor_only_where_asked(request: pytest.FixtureRequest, settings: Any) -> None:
    # Production requires two-factor sign-in for almost everyone who signs in (ADR 29). The
    # tests of other features sign in with `force_login` or the password form and are about
    # those features, so here it is required of nobody, unless a test is marked `two_factor`
    # (joinedup/core/tests/test_two_factor*.py prove the requirement for every role). The session
    # limits stay on for every test.
    if request.node.get_closest_marker("two_factor") is None:
        settings.JOINEDUP_TWO_FACTOR_REQUIRED_FOR = []


@pytest.fixture(autouse=True)
def _search_copies_read_in_the_request(monkeypatch: pytest.MonkeyPatch) -> None:
    # Production reads a stale copy of the search index in a thread of its own while the
    # database answers (ADR 20); tests read it in the search that finds it stale, so what a
    # test sees does not depend on a thread's timing (test_versions.py proves the thread).
    from joinedup.search import versions

    monkeypatch.setattr(versions, "BACKGROUND", False)


@pytest.fixture(autouse=True)
def _rankings_made_every_search(monkeypatch: pytest.MonkeyPatch) -> None:
    # Production keeps a ranking for the same search at the same version of the index
    # (`rankings`, ADR 20). Tests make every ranking afresh, so a test comparing two ways of
    # ranking (a copy of the index and the database) compares two rankings, not one kept;
    # test_rankings.py switches it on and proves what is kept.
    from joinedup.search import rankings

    monkeypatch.setattr(rankings, "ENABLED", False)


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def carers_centre(db) -> Organization:
    return Organization.objects.create(
        name="Ashdown Carers Centre", description="Support for unpaid carers.", sector=Sector.VCS
    )


@pytest.fixture
def housing_org(db) -> Organization:
    return Organization.objects.create(
        name="Brookfield Housing", description="Social housing provider.", sector=Sector.HOUSING
    )


@pytest.fixture
def alice(carers_centre) -> User:
    user = User.objects.create_user(email="alice@carers.example", password=PASSWORD)
    Membership.objects.create(user=user, organization=carers_centre, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def bob(carers_centre) -> User:
    user = User.objects.create_user(email="bob@carers.example", password=PASSWORD)
    Membership.objects.create(user=user, organization=carers_centre, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def charlie(housing_org) -> User:
    user = User.objects.create_user(email="charlie@housing.example", password=PASSWORD)
    Membership.objects.create(user=user, organization=housing_org, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def pam(carers_centre) -> User:
    # A manager's rights reach her partnership's member organisations only (ADR 33).
    from joinedup.partnerships.models import Partnership, PartnershipMember

    user = User.objects.create_user(
        email="pam@partnership.example", password=PASSWORD, is_partnership_manager=True
    )
    partnership = Partnership.objects.create(name="Ashdown Partnership")
    partnership.managers.add(user)
    PartnershipMember.objects.create(partnership=partnership, organization=carers_centre)
    return user


@pytest.fixture
def carers_service(carers_centre) -> Service:
    return Service.objects.create(
        organization=carers_centre,
        name="Carers' wellbeing check",
        description="A conversation about how you are coping as a carer, and a plan.",
        status="active",
    )


# --- The demo place, built once per session (once per xdist worker) ---------------------------
#
# Loading the demo place (`joinedup load_demo`: directory, partnership, referrals and the search
# index) takes about 15 s of CPU, most of it the partnership's history and encoding 165 services
# for search by meaning. Tests that read it request `demo_place`: the demo is loaded once, in a
# transaction left open, and each test runs in a savepoint inside it (pytest-django's `db`),
# rolled back after the test, so what one test changes the next never sees. Before any test
# that did not ask for the demo, that transaction is rolled back: those tests see an empty
# database as always. Collection puts the demo tests first, together, so a run (or, under
# `--dist worksteal`, the one xdist worker whose queue starts with them) builds it once.

DEMO_FIXTURE = "demo_place"
DEMO_HASHERS = ["joinedup.core.testing.CheapArgon2PasswordHasher"]


class SharedDemo:
    """The demo place, loaded in a transaction left open while the tests that share it run."""

    def __init__(self) -> None:
        self.output: str | None = None
        self.blocker: Any = None  # set once the test database exists
        self._atomic: Any = None

    def load(self) -> None:
        if self.output is not None or self.blocker is None:
            return
        out = StringIO()
        with self.blocker.unblock():
            assert not connection.in_atomic_block, "the demo is loaded outside any test"
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            try:
                # One hasher for the demo logins, whatever the test that loads it uses.
                with override_settings(PASSWORD_HASHERS=DEMO_HASHERS):
                    call_command("load_demo", stdout=out)
            except BaseException:
                self.unload()
                raise
        self.output = out.getvalue()

    def unload(self) -> None:
        atomic, self._atomic, self.output = self._atomic, None, None
        if atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


SHARED_DEMO = SharedDemo()


@pytest.fixture(scope="session")
def _shared_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[SharedDemo]:
    # A session fixture is set up before any function-scoped one, so the demo's transaction
    # encloses the test's own (`db`); and torn down before the test database goes.
    SHARED_DEMO.blocker = django_db_blocker
    SHARED_DEMO.load()
    yield SHARED_DEMO
    SHARED_DEMO.unload()
    SHARED_DEMO.blocker = None


@pytest.fixture
def demo_place(_shared_demo: SharedDemo, db: None) -> str:
    """The demo place, shared (see above): returns what `joinedup load_demo` printed."""
    assert _shared_demo.output is not None, "the demo place is not loaded"
    return _shared_demo.output


def _uses_demo(item: pytest.Item) -> bool:
    return DEMO_FIXTURE in getattr(item, "fixturenames", ())


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> Iterator[None]:
    for item in items:
        if _uses_demo(item):
            item.add_marker(pytest.mark.demo)
    yield
    # After pytest-django, which orders by kind of database test: the demo tests first and
    # together, each kind in the order it had (the sort is stable).
    items.sort(key=lambda item: not _uses_demo(item))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # Before the test's fixtures (and its transaction): the demo is there for the tests that
    # ask for it, and never for the others.
    if _uses_demo(item):
        SHARED_DEMO.load()  # again, if a test in between did not want it
    else:
        SHARED_DEMO.unload()


# --- Real servers for what we send (joinedup/core/tests/servers.py) ---------------------------


@pytest.fixture
def smtp_server(settings) -> Iterator[Any]:
    """A running SMTP server on loopback, and Django's SMTP backend pointed at it."""
    from joinedup.core.tests.servers import SmtpServer

    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.close()


@pytest.fixture
def notify_server(settings) -> Iterator[Any]:
    """A local server speaking GOV.UK Notify's API, and the settings that point at it."""
    from joinedup.core.tests.servers import NotifyServer

    server = NotifyServer()
    server.start()
    settings.NOTIFY_API_KEY = server.service.api_key
    settings.NOTIFY_SMS_TEMPLATE_ID = server.template_id
    settings.NOTIFY_BASE_URL = server.base_url
    settings.NOTIFY_TIMEOUT_SECONDS = 5
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    # Rate limits count in the cache (ADR 31): each test starts with none used, so a test never
    # finds itself limited by the requests of the tests before it.
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fresh_search_caches() -> None:
    # Search keeps what it read from the database in the process: the index's words (for
    # spelling, 5 minutes), the managers' need phrases (1 minute) and every service's vector
    # (until the index's highest id changes). A test's data is rolled back after it, but not
    # those: without this, what a test finds would depend on which tests ran before it in the
    # same xdist worker, which changes from run to run. On SQLite the rollback even hands the
    # same ids to the next test's index entries, so the vectors of the last test's services
    # were taken for this one's.
    # The same for the column store of the filters (read again when the index's highest id or
    # size changes, which a rolled-back test can hand on unchanged).
    from joinedup.search import columns, needs, rankings, semantic, text

    columns.held.forget()
    rankings.kept.forget()
    text.vocabulary.forget()
    needs.phrases.forget()
    semantic.matrix.forget()
