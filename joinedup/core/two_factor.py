"""Two-factor sign-in: who must use it, and the one door for every change to a person's devices.

A person proves who they are with their password, then with a code from an authenticator app
(TOTP, through django-otp) or one of their single-use recovery codes. Pages, the admin and the
`reset_two_factor` command all change devices through the functions here, which audit.
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import qrcode
import qrcode.image.svg
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django_otp import user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.core import audit
from joinedup.core.models import User

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"

# The roles a setting can name; what each means is in `roles_of`.
ROLES = ("superuser", "staff", "manager", "org_admin", "person_reader")


def roles_of(user: User) -> set[str]:
    """The roles of this person that two-factor sign-in can be required for."""
    roles = set()
    if user.is_superuser:
        roles.add("superuser")
    if user.is_staff:
        roles.add("staff")
    if user.is_partnership_manager:
        roles.add("manager")
    # Memberships live in the directory, a higher layer: read by name, not imported.
    membership = apps.get_model("directory", "Membership")
    member_roles = set(membership.objects.filter(user=user).values_list("role", flat=True))
    if "admin" in member_roles:
        roles.add("org_admin")
    if member_roles:
        # Every member of an organisation can read the details of the people their
        # organisation refers or receives (`Person.objects.visible_to`).
        roles.add("person_reader")
    return roles


def is_required_for(user: User) -> bool:
    """Whether this person must use two-factor sign-in (JOINEDUP_TWO_FACTOR_REQUIRED_FOR)."""
    required = set(settings.JOINEDUP_TWO_FACTOR_REQUIRED_FOR)
    return bool(required) and bool(required & roles_of(user))


def has_two_factor(user: User) -> bool:
    """Whether this person has set up an authenticator app."""
    return bool(user_has_device(user, confirmed=True))


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


# --- Setting up ---------------------------------------------------------------------------------


def pending_app_device(user: User) -> TOTPDevice:
    """The authenticator app being set up: kept unconfirmed until the person types a code from
    it, and the same one on every visit, so a key already scanned keeps working."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def typed_key(device: TOTPDevice) -> str:
    """The secret as a person types it into an app: base32, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The app's set-up link as an SVG QR code: markup, no image file and no inline style."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    svg = str(image.to_string(encoding="unicode"))
    return svg.replace("<svg ", '<svg role="img" aria-labelledby="qr-code-title" ', 1).replace(
        ">", '><title id="qr-code-title">QR code to set up your authenticator app</title>', 1
    )


def confirm_app_device(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Turn on two-factor sign-in once the person types a code from the app they set up; replace
    any app they had before and give new recovery codes (returned, shown once). None: wrong code."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        if device.confirmed or not device.verify_token(_digits(code)):
            return None
        others = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk)
        replaced = others.filter(confirmed=True).exists()
        others.delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        audit.record(
            "user.two_factor_added",
            actor=user,
            target=user,
            details={"replaced_an_app": bool(replaced)},
        )
    return codes


def regenerate_recovery_codes(*, user: User) -> list[str]:
    """New recovery codes for a person; the old ones stop working. Returned, to show once."""
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit.record("user.recovery_codes_regenerated", actor=user, target=user)
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


# --- Signing in ---------------------------------------------------------------------------------


def check_code(*, user: User, code: str, address: str = "") -> Device | None:
    """The second step of signing in: a code from the app, or a recovery code (used up).
    Returns the device that matched; every attempt is audited."""
    device: Device | None = None
    digits = _digits(code)
    if len(digits) == 6 and digits == code.replace(" ", ""):
        device = _first_match(TOTPDevice.objects.filter(user=user, confirmed=True), digits)
        method = "app"
    else:
        recovery = "".join(code.split()).replace("-", "").lower()
        device = _first_match(StaticDevice.objects.filter(user=user, confirmed=True), recovery)
        method = "recovery_code"
    details: dict[str, Any] = {"method": method, "address": address}
    if device is None:
        audit.record("user.two_factor_failed", actor=user, target=user, details=details)
    elif method == "recovery_code":
        details["recovery_codes_left"] = recovery_codes_left(user)
        audit.record("user.recovery_code_used", actor=user, target=user, details=details)
    else:
        audit.record("user.two_factor_verified", actor=user, target=user, details=details)
    return device


def refusing_codes_for_now(user: User) -> bool:
    """Whether the person's devices refuse every code for now, after wrong ones (django-otp
    waits 1, 2, 4... seconds after 1, 2, 3... failures in a row)."""
    devices = [*TOTPDevice.objects.filter(user=user), *StaticDevice.objects.filter(user=user)]
    return any(not device.verify_is_allowed()[0] for device in devices)


def _first_match(devices: Any, token: str) -> Device | None:
    # Each device counts its own failures and refuses for a while after several (django-otp's
    # throttling), so the six digits cannot be guessed.
    for device in devices:
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            return device
    return None


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


# --- Turning off --------------------------------------------------------------------------------


def remove_two_factor(*, user: User, actor: User | None, reason: str) -> int:
    """Turn off a person's two-factor sign-in: their app and recovery codes are deleted, and a
    session they verified with them is verified no longer. Returns how many devices went.

    `actor` is the person themselves (from their account page) or an administrator resetting it
    (admin action, `joinedup reset_two_factor`); if their role needs two-factor sign-in they are
    asked to set it up again when they next sign in."""
    with transaction.atomic():
        apps_ = TOTPDevice.objects.filter(user=user)
        codes = StaticDevice.objects.filter(user=user)
        removed = int(apps_.count() + codes.count())
        apps_.delete()
        codes.delete()
        audit.record(
            "user.two_factor_removed",
            actor=actor,
            target=user,
            details={"reason": reason, "by": "self" if actor == user else "administrator"},
        )
    return removed
