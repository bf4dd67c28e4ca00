"""Accounts across the apps (issue 16, item 1): the token API is untouched by two-factor sign-in
and session limits, and a listing change sent after a time-out is saved once sent again."""

from __future__ import annotations

import re
import time

import pytest

from joinedup.core.sessions import SEEN_AT
from joinedup.directory.tokens import issue_api_token

pytestmark = pytest.mark.django_db


@pytest.mark.two_factor
def test_the_token_api_needs_no_second_step(client, carers_centre, alice):
    _, secret = issue_api_token(organization=carers_centre, name="Case system")
    response = client.get("/api/referrals", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    # The same organisation's admin, signed in with a password only, is stopped at the gate.
    client.force_login(alice)
    assert client.get("/referrals/")["Location"].startswith("/account/two-factor/set-up/")


def test_a_capacity_change_sent_after_a_time_out_is_saved_when_sent_again(
    client, alice, password, carers_service
):
    client.force_login(alice)
    session = client.session
    session[SEEN_AT] = int(time.time()) - 45 * 60
    session.save()
    url = f"/services/{carers_service.pk}/capacity/"
    fields = {"status": "not_accepting", "wait_band": "", "note": "Reopening in March"}
    signed_out = client.post(url, fields)
    assert signed_out["Location"].startswith("/sign-in/?signed_out=idle")
    carers_service.refresh_from_db()
    assert carers_service.capacity_note == ""
    client.post(
        "/sign-in/",
        {"username": alice.email, "password": password, "next": "/account/send-form/"},
    )
    page = client.get("/account/send-form/").content.decode()
    assert f'action="{url}"' in page
    # The kept form's own fields (the page has other forms: sign out, the time-out warning).
    form = page[page.index(f'action="{url}"') :]
    form = form[: form.index("</form>")]
    kept = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))
    kept.pop("csrfmiddlewaretoken", None)
    assert kept == fields
    assert client.post(url, kept).status_code == 302
    carers_service.refresh_from_db()
    assert carers_service.capacity_note == "Reopening in March"
