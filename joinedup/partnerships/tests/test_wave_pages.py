"""The workspace home, the list of partnerships and running a wave: who sees and does what."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from joinedup.core.models import AuditEvent
from joinedup.partnerships import services
from joinedup.partnerships.models import Invitation, Wave, WaveStatus


def overview_url(partnership) -> str:
    return reverse("partnerships:overview", args=[partnership.pk])


@pytest.mark.parametrize("who", ["pam", "alice", "bob"])
def test_manager_and_members_see_the_workspace(client, request, partnership, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get(overview_url(partnership))
    assert page.status_code == 200
    assert "Ashdown Partnership" in page.text
    assert "2 member organisations" in page.text


def test_outsider_gets_404(client, partnership, charlie):
    client.force_login(charlie)
    assert client.get(overview_url(partnership)).status_code == 404


def test_signed_out_person_is_sent_to_sign_in(client, partnership):
    page = client.get(overview_url(partnership))
    assert page.status_code == 302
    assert reverse("core:sign-in") in page["Location"]


def test_list_redirects_to_the_only_partnership(client, partnership, bob):
    client.force_login(bob)
    page = client.get(reverse("partnerships:list"))
    assert page.status_code == 302
    assert page["Location"] == overview_url(partnership)


def test_list_shows_every_partnership_a_manager_runs(client, partnership, pam):
    services.create_partnership(actor=pam, name="Brookfield Together")
    client.force_login(pam)
    page = client.get(reverse("partnerships:list"))
    assert page.status_code == 200
    assert "Ashdown Partnership" in page.text and "Brookfield Together" in page.text


def test_list_counts_every_member_in_name_order(client, partnership, pam, bob, carers_centre):
    other = services.create_partnership(actor=pam, name="Ashdown Carers Forum")
    services.add_member(actor=pam, partnership=other, organization=carers_centre)
    client.force_login(bob)
    page = client.get(reverse("partnerships:list"))
    assert page.status_code == 200
    listed = re.findall(
        r'href="/partnership/\d+/">([^<]+)</a></h2>\s*<p[^>]*>(\d+) member', page.text
    )
    # Bob's organisation is one of the two members: the other counts too.
    assert listed == [("Ashdown Carers Forum", "1"), ("Ashdown Partnership", "2")]


def test_outsider_list_is_empty(client, partnership, charlie):
    client.force_login(charlie)
    page = client.get(reverse("partnerships:list"))
    assert page.status_code == 200
    assert "Ashdown Partnership" not in page.text
    assert "not part of a partnership yet" in page.text


def test_members_do_not_see_draft_waves(client, partnership, pam, bob, foundations, council):
    services.create_wave(
        actor=pam,
        partnership=partnership,
        instrument=foundations,
        title="Secret draft",
        organizations=[council],
    )
    client.force_login(bob)
    assert "Secret draft" not in client.get(overview_url(partnership)).text
    client.force_login(pam)
    assert "Secret draft" in client.get(overview_url(partnership)).text


# Running a wave: set up, invite, open (links emailed), resend, withdraw, close.

LINK = re.compile(r"https?://\S+/partnership/answer/([\w-]+)/")


def create_url(partnership) -> str:
    return reverse("partnerships:create-wave", args=[partnership.pk])


def wave_url(wave, name="view-wave") -> str:
    return reverse(f"partnerships:{name}", args=[wave.partnership_id, wave.pk])


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST, then run what the use case left for after commit (emails), as a real request does."""

    def posting(url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return posting


@pytest.fixture
def draft(partnership, pam, foundations, carers_centre, council) -> Wave:
    return services.create_wave(
        actor=pam,
        partnership=partnership,
        instrument=foundations,
        title="Autumn 2026",
        organizations=[carers_centre, council],
    )


def test_manager_sets_up_a_wave(client, partnership, pam, foundations, carers_centre):
    client.force_login(pam)
    form = client.get(create_url(partnership))
    assert form.status_code == 200
    assert "Foundations of collaboration, version 1" in form.text
    page = client.post(
        create_url(partnership),
        {
            "title": "Spring 2027",
            "instrument": foundations.pk,
            "organizations": [carers_centre.pk],
            "closes_day": "31",
            "closes_month": "3",
            "closes_year": "2099",
        },
    )
    wave = Wave.objects.get(title="Spring 2027")
    assert page.status_code == 302 and page["Location"] == wave_url(wave)
    assert wave.status == WaveStatus.DRAFT
    assert str(wave.closes_on) == "2099-03-31"
    assert list(wave.organizations.all()) == [carers_centre]
    assert AuditEvent.objects.filter(action="wave.created", actor=pam).exists()


def test_wave_form_errors_are_summarised_and_nothing_is_lost(
    client, partnership, pam, foundations, carers_centre
):
    client.force_login(pam)
    page = client.post(
        create_url(partnership),
        {
            "title": "",
            "instrument": foundations.pk,
            "organizations": [carers_centre.pk],
            "closes_day": "31",
            "closes_month": "2",
            "closes_year": "2099",
        },
    )
    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert "Enter a name for this round" in page.text
    assert "The closing date must be a real date" in page.text
    assert 'value="2099"' in page.text  # what was typed is kept
    assert not Wave.objects.exists()


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_only_managers_set_up_and_run_waves(client, request, draft, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(create_url(draft.partnership)).status_code == 404
    assert client.get(wave_url(draft)).status_code == 404
    assert client.post(wave_url(draft, "open-wave")).status_code == 404
    assert client.post(wave_url(draft, "close-wave")).status_code == 404
    draft.refresh_from_db()
    assert draft.status == WaveStatus.DRAFT


def invite(client, wave, organization, people: str):
    return client.post(
        wave_url(wave, "add-representatives"), {"organization": organization.pk, "people": people}
    )


def test_open_wave_emails_each_representative_a_working_link(
    client, post, draft, pam, carers_centre, council
):
    client.force_login(pam)
    page = invite(
        client, draft, carers_centre, "Alice Smith <alice@carers.example>\nbob@carers.example"
    )
    assert page.status_code == 302
    assert invite(client, draft, council, "Cal Jones cal@council.example").status_code == 302
    assert len(mail.outbox) == 0  # nobody is emailed before the wave opens
    page = post(wave_url(draft, "open-wave"))
    assert page.status_code == 302
    draft.refresh_from_db()
    assert draft.status == WaveStatus.OPEN
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@carers.example",
        "bob@carers.example",
        "cal@council.example",
    ]
    alice_mail = next(m for m in mail.outbox if m.to == ["alice@carers.example"])
    assert "Dear Alice Smith" in alice_mail.body
    token = LINK.search(alice_mail.body).group(1)
    invitation = Invitation.objects.by_token(token).get()
    assert invitation.email == "alice@carers.example" and invitation.sent_at is not None
    assert AuditEvent.objects.filter(action="invitation.sent").count() == 3
    detail = client.get(wave_url(draft))
    assert "Sent" in detail.text and "Emailed" in detail.text
    # The link opens the health check without signing in.
    client.logout()
    start = client.get(reverse("partnerships:answer-start", args=[token]))
    assert start.status_code == 200
    assert "You are answering for <strong>Ashdown Carers Centre</strong>" in start.text


def test_opening_with_nobody_invited_is_refused_clearly(client, draft, pam):
    client.force_login(pam)
    page = client.post(wave_url(draft, "open-wave"))
    assert page.status_code == 409
    assert "Invite at least one representative" in page.text
    draft.refresh_from_db()
    assert draft.status == WaveStatus.DRAFT


def test_bad_and_duplicate_emails_are_reported_and_nobody_is_invited(
    client, draft, pam, carers_centre
):
    client.force_login(pam)
    invite(client, draft, carers_centre, "alice@carers.example")
    page = invite(client, draft, carers_centre, "not an address\nnew@carers.example")
    assert page.status_code == 400
    assert "Line 1" in page.text and "is not an email address" in page.text
    page = invite(client, draft, carers_centre, "new@carers.example\nALICE@carers.example")
    assert page.status_code == 400
    assert "alice@carers.example has already been invited" in page.text
    assert "new@carers.example" in page.text  # the textarea keeps what was typed
    assert list(Invitation.objects.values_list("email", flat=True)) == ["alice@carers.example"]


def test_resend_issues_a_new_link_and_the_old_one_stops_working(
    client, post, draft, pam, carers_centre
):
    client.force_login(pam)
    invite(client, draft, carers_centre, "alice@carers.example")
    post(wave_url(draft, "open-wave"))
    old = LINK.search(mail.outbox[-1].body).group(1)
    invitation = Invitation.objects.get()
    services.save_answers(invitation=invitation, answers={"shared-purpose-1": 5})
    resend = reverse(
        "partnerships:resend-invitation", args=[draft.partnership_id, draft.pk, invitation.pk]
    )
    assert post(resend).status_code == 302
    assert len(mail.outbox) == 2
    new = LINK.search(mail.outbox[-1].body).group(1)
    assert new != old
    client.logout()
    assert client.get(reverse("partnerships:answer-start", args=[old])).status_code == 404
    # The saved answer belongs to the invitation, so the new link resumes it.
    page = client.get(reverse("partnerships:answer-start", args=[new]))
    assert "You have answered 1 of 12 so far" in page.text


def test_withdrawn_link_no_longer_works(client, post, draft, pam, carers_centre):
    client.force_login(pam)
    invite(client, draft, carers_centre, "alice@carers.example")
    post(wave_url(draft, "open-wave"))
    token = LINK.search(mail.outbox[-1].body).group(1)
    invitation = Invitation.objects.get()
    withdraw = reverse(
        "partnerships:withdraw-invitation", args=[draft.partnership_id, draft.pk, invitation.pk]
    )
    assert client.post(withdraw).status_code == 302
    assert "Withdrawn" in client.get(wave_url(draft)).text
    page = client.get(reverse("partnerships:answer-start", args=[token]))
    assert page.status_code == 404
    assert "This link does not work" in page.text


def test_closing_publishes_the_results_to_members(client, draft, pam, bob, carers_centre):
    client.force_login(pam)
    invite(client, draft, carers_centre, "alice@carers.example")
    client.post(wave_url(draft, "open-wave"))
    client.force_login(bob)
    assert client.get(wave_url(draft, "wave-results")).status_code == 404
    client.force_login(pam)
    page = client.post(wave_url(draft, "close-wave"))
    assert page.status_code == 302 and page["Location"] == wave_url(draft, "wave-results")
    client.force_login(bob)
    assert client.get(wave_url(draft, "wave-results")).status_code == 200
    assert "Results" in client.get(overview_url(draft.partnership)).text


def test_workspace_counts_answers_per_wave_without_multiplying(
    client, post, draft, pam, bob, carers_centre, council
):
    client.force_login(pam)
    invite(client, draft, carers_centre, "a@carers.example\nb@carers.example")
    invite(client, draft, council, "c@council.example")
    post(wave_url(draft, "open-wave"))
    for invitation in Invitation.objects.exclude(email="c@council.example"):
        answers = dict.fromkeys(draft.instrument.statements.values_list("key", flat=True), 3)
        services.save_answers(invitation=invitation, answers=answers, level="frontline")
        services.submit_response(invitation=invitation)
    page = client.get(overview_url(draft.partnership))
    assert re.search(r">\s*2 of 3\s*<", page.text)
    client.force_login(bob)  # members see how many answered, not how many were asked
    assert re.search(r"numeric\">\s*2\s*<", client.get(overview_url(draft.partnership)).text)


def test_wave_and_workspace_pages_queries_do_not_grow_with_people(
    client, draft, pam, carers_centre, council, django_assert_max_num_queries
):
    for n in range(12):
        organization = carers_centre if n % 2 else council
        services.invite_representative(
            actor=pam, wave=draft, organization=organization, email=f"p{n}@example.org"
        )
    client.force_login(pam)
    with django_assert_max_num_queries(12):
        page = client.get(wave_url(draft))
    assert page.text.count("Not sent yet") == 12
    with django_assert_max_num_queries(10):
        assert client.get(overview_url(draft.partnership)).status_code == 200


def test_invitations_wait_in_the_outbox_while_the_mail_server_is_down(
    client, post, draft, pam, carers_centre, smtp_server
):
    import datetime

    from django.utils import timezone

    from joinedup.core import outbox
    from joinedup.core.models import OutboxMessage, OutboxStatus

    client.force_login(pam)
    invite(client, draft, carers_centre, "Alice Smith <alice@carers.example>")
    smtp_server.stop()
    assert post(wave_url(draft, "open-wave")).status_code == 302
    # Not lost: kept to send again, with what it is about for the failed-deliveries page.
    (waiting,) = OutboxMessage.objects.filter(to="alice@carers.example")
    assert waiting.status == OutboxStatus.PENDING and waiting.attempts == 1
    assert waiting.kind == "health_check.invitation"
    assert smtp_server.received == []

    smtp_server.start()
    assert outbox.deliver_due(now=timezone.now() + datetime.timedelta(minutes=5)).sent == 1
    (received,) = smtp_server.received
    assert received.to == ["alice@carers.example"]
    token = LINK.search(received.body).group(1)
    client.logout()
    assert client.get(reverse("partnerships:answer-start", args=[token])).status_code == 200
