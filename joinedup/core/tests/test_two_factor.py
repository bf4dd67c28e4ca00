"""Two-factor sign-in (issue 16, item 1): who must use it, setting it up, the second step of
signing in, recovery codes, turning it off and resetting it. Required as in production here
(the `two_factor` mark; root conftest.py turns it off for other tests)."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.core import two_factor
from joinedup.core.models import AuditEvent, User
from joinedup.core.tests.two_factor_helpers import app_code, enrol, key_from_page

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]

SET_UP = "/account/two-factor/set-up/"
CHECK = "/account/two-factor/check/"
PAGE = "/referrals/"


def _sign_in(client, user: User, password: str, next_url: str = ""):
    data = {"username": user.email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/sign-in/", data)


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser(email="root@joinedup.example", password="a long one here")


@pytest.fixture
def resident(db) -> User:
    """Signed in, but in no organisation and no manager: reads nobody's details."""
    return User.objects.create_user(email="someone@example.org", password="a long one here")


@pytest.fixture
def no_wait_after_a_wrong_code(settings) -> None:
    # django-otp refuses any code for a second after a wrong one (two after two...); a person
    # takes longer than that to type again, a test does not.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


# --- Who must use it ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "roles"),
    [
        ("superuser", {"superuser", "staff"}),
        ("pam", {"manager"}),
        ("alice", {"org_admin", "person_reader"}),
        ("bob", {"person_reader"}),
        ("charlie", {"org_admin", "person_reader"}),
        ("resident", set()),
    ],
)
def test_roles_are_read_from_the_person(request, who, roles):
    assert two_factor.roles_of(request.getfixturevalue(who)) == roles


@pytest.mark.parametrize("who", ["superuser", "pam", "alice", "bob"])
def test_every_required_role_is_sent_to_set_up_before_anything_else(request, client, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    for path in (PAGE, "/", "/account/password/change/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(SET_UP + "?next="), path
    # A write is refused too, before it reaches the view.
    assert client.post("/account/password/change/", {})["Location"] == SET_UP


def test_someone_no_role_needs_it_for_is_not_stopped(client, resident):
    client.force_login(resident)
    assert client.get("/").status_code == 200
    assert not two_factor.is_required_for(resident)


def test_the_roles_are_set_in_configuration(client, settings, superuser, alice):
    settings.JOINEDUP_TWO_FACTOR_REQUIRED_FOR = ["superuser"]
    client.force_login(alice)
    assert client.get("/").status_code == 200
    client.force_login(superuser)
    assert client.get("/")["Location"].startswith(SET_UP)
    settings.JOINEDUP_TWO_FACTOR_REQUIRED_FOR = []
    assert not two_factor.is_required_for(superuser)


def test_signing_in_with_the_password_goes_on_to_set_up(client, bob, password):
    response = _sign_in(client, bob, password, next_url="/your-services/")
    assert response["Location"] == SET_UP + "?next=%2Fyour-services%2F"
    event = AuditEvent.objects.get(action="user.signed_in")
    assert event.actor == bob and event.details["two_factor"] == "set_up"


# --- Setting it up ------------------------------------------------------------------------------


def test_set_up_shows_a_qr_code_and_the_key_then_shows_recovery_codes_once(
    client, alice, no_wait_after_a_wrong_code
):
    client.force_login(alice)
    page = client.get(SET_UP + "?next=/your-services/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg " in html and 'aria-labelledby="qr-code-title"' in html
    # A strict Content-Security-Policy allows no inline styles or scripts on this page.
    main = html.split('id="main-content"')[1].split("</main>")[0]
    assert "style=" not in main and "<script" not in main and "<style" not in main
    key = key_from_page(html)
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    assert key.replace(" ", "") in device.config_url
    # The same key on every visit: a key already scanned keeps working.
    assert key_from_page(client.get(SET_UP).content.decode()) == key

    wrong = client.post(SET_UP, {"code": "000000", "next": "/your-services/"})
    assert wrong.status_code == 200
    assert "govuk-error-summary" in wrong.content.decode()
    assert not two_factor.has_two_factor(alice)

    done = client.post(SET_UP, {"code": app_code(device), "next": "/your-services/"})
    assert done["Location"] == "/account/two-factor/recovery-codes/?next=%2Fyour-services%2F"
    codes_page = client.get(done["Location"]).content.decode()
    codes = re.findall(r'<code class="app-recovery-code">(\w+)</code>', codes_page)
    assert len(codes) == 10
    assert 'href="/your-services/"' in codes_page
    # Shown once.
    assert client.get("/account/two-factor/recovery-codes/")["Location"] == "/account/"
    # The session that set it up is verified: the person carries on.
    assert client.get(PAGE).status_code == 200
    event = AuditEvent.objects.get(action="user.two_factor_added")
    assert event.actor == alice and event.target_id == str(alice.pk)
    assert not any(code in str(event.details) for code in codes)


def test_a_password_alone_cannot_add_an_app_to_an_account_that_has_one(client, alice, password):
    enrol(alice)
    _sign_in(client, alice, password)
    response = client.get(SET_UP)
    assert response["Location"].startswith(CHECK)
    client.post(SET_UP, {"code": "123456"})
    assert TOTPDevice.objects.filter(user=alice).count() == 1


# --- The second step ----------------------------------------------------------------------------


def test_signing_in_needs_a_code_from_the_app(client, alice, password, no_wait_after_a_wrong_code):
    device, _ = enrol(alice)
    response = _sign_in(client, alice, password, next_url="/your-services/")
    assert response["Location"] == CHECK + "?next=%2Fyour-services%2F"
    # Skipping the step: every page sends the person back to it.
    assert client.get(PAGE)["Location"].startswith(CHECK + "?next=")
    assert client.get("/your-services/")["Location"].startswith(CHECK)
    page = client.get(response["Location"]).content.decode()
    assert 'autocomplete="one-time-code"' in page

    wrong = client.post(CHECK, {"code": "000000", "next": "/your-services/"})
    assert "The code is not right" in wrong.content.decode()
    assert client.get(PAGE).status_code == 302
    failed = AuditEvent.objects.get(action="user.two_factor_failed")
    assert failed.target_id == str(alice.pk) and failed.details["method"] == "app"

    right = client.post(CHECK, {"code": app_code(device, steps_ahead=1), "next": "/your-services/"})
    assert right["Location"] == "/your-services/"
    assert client.get(PAGE).status_code == 200
    assert AuditEvent.objects.filter(action="user.two_factor_verified", actor=alice).exists()


def test_a_recovery_code_works_once(client, alice, password, no_wait_after_a_wrong_code):
    _, codes = enrol(alice)
    _sign_in(client, alice, password)
    spaced = f"{codes[0][:4]} {codes[0][4:].upper()}"
    assert client.post(CHECK, {"code": spaced})["Location"] == "/referrals/"
    event = AuditEvent.objects.get(action="user.recovery_code_used")
    assert event.details["recovery_codes_left"] == 9
    client.post("/sign-out/")
    _sign_in(client, alice, password)
    again = client.post(CHECK, {"code": codes[0]})
    assert again.status_code == 200
    assert client.get(PAGE).status_code == 302


def test_an_outsiders_codes_do_not_open_someone_elses_account(
    client, alice, charlie, password, no_wait_after_a_wrong_code
):
    enrol(alice)
    charlie_app, charlie_codes = enrol(charlie)
    _sign_in(client, alice, password)
    for code in (app_code(charlie_app, steps_ahead=1), charlie_codes[0]):
        assert client.post(CHECK, {"code": code}).status_code == 200
    assert client.get(PAGE)["Location"].startswith(CHECK)


def test_guessing_codes_is_throttled(client, alice, password, settings):
    # A minute a step, not django-otp's default second: after three failures the default
    # refuses for 4 s, which a loaded CI machine can spend before the next post.
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device, _ = enrol(alice)
    _sign_in(client, alice, password)
    for _ in range(3):
        client.post(CHECK, {"code": "000000"})
    # After failures django-otp refuses for a while, even the right code.
    refused = client.post(CHECK, {"code": app_code(device, steps_ahead=1)})
    assert refused.status_code == 200
    assert "You have entered too many wrong codes" in refused.content.decode()
    assert client.get(PAGE).status_code == 302


# --- Managing it --------------------------------------------------------------------------------


def _verified_client(client, user: User, password: str) -> tuple[TOTPDevice, list[str]]:
    device, codes = enrol(user)
    _sign_in(client, user, password)
    client.post(CHECK, {"code": app_code(device, steps_ahead=1)})
    assert client.get(PAGE).status_code == 200
    return device, codes


def test_new_recovery_codes_replace_the_old(client, alice, password):
    _, old = _verified_client(client, alice, password)
    page = client.get("/account/").content.decode()
    assert "10 left" in page and "cannot turn it off" in page
    response = client.post("/account/two-factor/recovery-codes/new/")
    new = re.findall(
        r'app-recovery-code">(\w+)<', client.get(response["Location"]).content.decode()
    )
    assert len(new) == 10 and not set(new) & set(old)
    assert two_factor.check_code(user=alice, code=new[1])
    assert not two_factor.check_code(user=alice, code=old[1])
    assert AuditEvent.objects.filter(action="user.recovery_codes_regenerated").count() == 1


def test_a_required_role_cannot_turn_it_off(client, alice, password):
    _verified_client(client, alice, password)
    page = client.get("/account/two-factor/turn-off/").content.decode()
    assert "cannot turn it off" in page
    client.post("/account/two-factor/turn-off/")
    assert two_factor.has_two_factor(alice)
    assert not AuditEvent.objects.filter(action="user.two_factor_removed").exists()


def test_someone_who_chose_it_can_turn_it_off(client, resident):
    client.force_login(resident)
    device = two_factor.pending_app_device(resident)
    client.post(SET_UP, {"code": app_code(device)})
    assert two_factor.has_two_factor(resident)
    client.post("/account/two-factor/turn-off/")
    assert not TOTPDevice.objects.filter(user=resident).exists()
    assert not StaticDevice.objects.filter(user=resident).exists()
    event = AuditEvent.objects.get(action="user.two_factor_removed")
    assert event.actor == resident and event.details["by"] == "self"


def test_an_admin_resets_it_from_the_command(client, alice, password):
    _verified_client(client, alice, password)
    out = io.StringIO()
    call_command("reset_two_factor", "ALICE@carers.example", stdout=out)
    assert "set it up again when they next sign in" in out.getvalue()
    assert not two_factor.has_two_factor(alice)
    event = AuditEvent.objects.get(action="user.two_factor_removed")
    assert event.actor is None and event.details["by"] == "administrator"
    # The session verified with the old app is verified no longer: set it up again.
    assert client.get(PAGE)["Location"].startswith(SET_UP)
    with pytest.raises(CommandError):
        call_command("reset_two_factor", "nobody@example.org")


def test_the_admin_action_calls_the_same_service(superuser, alice):
    enrol(alice)
    request = RequestFactory().post("/admin/core/user/")
    request.user = superuser
    user_admin = admin.site._registry[User]
    user_admin.message_user = lambda *args, **kwargs: None
    user_admin.reset_two_factor(request, User.objects.filter(pk=alice.pk))
    assert not two_factor.has_two_factor(alice)
    event = AuditEvent.objects.get(action="user.two_factor_removed")
    assert event.actor == superuser and event.target_id == str(alice.pk)
    # django-otp's own pages (secret keys, unaudited deletes) are not in the admin.
    assert TOTPDevice not in admin.site._registry and StaticDevice not in admin.site._registry


def test_a_role_given_during_a_session_needs_two_factor_within_a_minute(client, resident, alice):
    from django.apps import apps

    from joinedup.core.sessions import SEEN_AT

    client.force_login(resident)
    assert client.get("/").status_code == 200
    membership = apps.get_model("directory", "Membership")
    membership.objects.create(user=resident, organization=alice.memberships.get().organization)
    session = client.session
    session[SEEN_AT] -= 61
    session.save()
    assert client.get("/")["Location"].startswith(SET_UP)
