"""Codes as an authenticator app would show them, for the two-factor tests."""

from __future__ import annotations

import re
import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.core import two_factor
from joinedup.core.models import User


def app_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the app shows now (or that many 30-second steps later, within the tolerance:
    a code once used is refused again, so a second sign-in in the same step needs the next).

    Read with the device's drift as the service last saved it: a code accepted one step either
    side of the clock moves the drift. A code typed just as the 30 s step turned is accepted a
    step behind, and from then on the service is a step behind; a code for the next step, made
    from a copy of the device that does not know it, would be two steps ahead and refused."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{int(totp.token()):06d}"


def key_from_page(html: str) -> str:
    (key,) = re.findall(r'id="two-factor-key">([A-Z2-7 ]+)<', html)
    return str(key)


def enrol(user: User) -> tuple[TOTPDevice, list[str]]:
    """Give a person an authenticator app and recovery codes, through the service."""
    device = two_factor.pending_app_device(user)
    codes = two_factor.confirm_app_device(user=user, device=device, code=app_code(device))
    assert codes is not None
    device.refresh_from_db()
    return device, codes
