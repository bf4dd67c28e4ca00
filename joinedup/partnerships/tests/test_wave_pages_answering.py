"""Answering a health check from the emailed link: no sign-in, save and return, submit once."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.partnerships import services
from joinedup.partnerships.models import Answer, Invitation, Response, Wave


@pytest.fixture
def wave(partnership, pam, foundations, carers_centre, council) -> Wave:
    wave = services.create_wave(
        actor=pam,
        partnership=partnership,
        instrument=foundations,
        title="Autumn 2026",
        organizations=[carers_centre, council],
    )
    return services.open_wave(actor=pam, wave=wave)


@pytest.fixture
def token(wave, pam, carers_centre) -> str:
    _, raw = services.invite_representative(
        actor=pam, wave=wave, organization=carers_centre, email="alice@carers.example"
    )
    return raw


def url(name: str, token: str, *args) -> str:
    return reverse(f"partnerships:answer-{name}", args=[token, *args])


def section_answers(foundations, number: int, value: str = "4") -> dict[str, str]:
    section = foundations.sections.order_by("position")[number - 1]
    return {s.key: value for s in section.statements.all()}


def answer_everything(client, token, foundations, value="4") -> None:
    client.post(url("start", token), {"level": "frontline"})
    for number in range(1, foundations.sections.count() + 1):
        client.post(url("section", token, number), section_answers(foundations, number, value))


def test_the_whole_journey_without_signing_in(client, token, foundations):
    start = client.get(url("start", token))
    assert start.status_code == 200
    assert "12 statements in 6 sections" in start.text
    page = client.post(url("start", token), {"level": "strategic"})
    assert page["Location"] == url("section", token, 1)
    first = client.get(url("section", token, 1))
    assert "Section 1 of 6" in first.text and "Strongly agree" in first.text
    assert "Don\u2019t know" in first.text
    for number in range(1, 7):
        answers = section_answers(foundations, number)
        page = client.post(url("section", token, number), answers)
        expected = url("section", token, number + 1) if number < 6 else url("check", token)
        assert page["Location"] == expected
    check = client.get(url("check", token))
    assert "Check your answers before sending them" in check.text
    assert "Strategic (leads or manages)" in check.text
    assert "Not answered" not in check.text
    sent = client.post(url("check", token))
    assert sent["Location"] == url("sent", token)
    assert "Answers sent" in client.get(url("sent", token)).text
    response = Response.objects.get()
    assert response.is_submitted and response.level == "strategic"
    assert response.answers.count() == 12


def test_second_submit_is_refused_clearly(client, token, foundations):
    answer_everything(client, token, foundations)
    client.post(url("check", token))
    again = client.post(url("check", token))
    assert again.status_code == 409
    assert "You have already sent your answers" in again.text
    # Every page of the link now says the same, and nothing can be changed.
    page = client.post(url("section", token, 1), section_answers(foundations, 1, "1"))
    assert page.status_code == 409
    assert set(Answer.objects.values_list("value", flat=True)) == {4}
    assert Response.objects.submitted().count() == 1


def test_save_and_come_back_later_resumes_where_you_left_off(client, token, foundations):
    client.post(url("start", token), {"level": "frontline"})
    client.post(url("section", token, 1), section_answers(foundations, 1))
    partial = dict(list(section_answers(foundations, 2).items())[:1])
    page = client.post(url("section", token, 2), {**partial, "later": "1"})
    assert page["Location"] == url("saved", token)
    assert "Your answers have been saved" in client.get(url("saved", token)).text
    # Later, the same link: the start page counts the answers and resumes at section 2.
    client.cookies.clear()
    start = client.get(url("start", token))
    assert "You have answered 3 of 12 so far" in start.text
    assert "Continue where you left off" in start.text
    assert 'value="frontline" checked' in start.text
    resumed = client.post(url("start", token), {"level": "frontline"})
    assert resumed["Location"] == url("section", token, 2)
    again = client.get(url("section", token, 2))
    key = next(iter(partial))
    assert f'name="{key}" type="radio" value="4" checked' in again.text


def test_continue_needs_every_statement_and_keeps_what_was_chosen(client, token, foundations):
    client.post(url("start", token), {"level": "frontline"})
    answers = section_answers(foundations, 1)
    key, other = list(answers)
    page = client.post(url("section", token, 1), {key: "dont-know"})
    assert page.status_code == 400
    assert "There is a problem" in page.text
    assert "Select an answer to statement 2" in page.text
    assert f'name="{key}" type="radio" value="dont-know" checked' in page.text
    assert not Answer.objects.exists()
    client.post(url("section", token, 1), {key: "dont-know", other: "2"})
    assert dict(Answer.objects.values_list("statement__key", "value")) == {key: None, other: 2}


def test_check_page_refuses_to_send_unfinished_answers(client, token, foundations):
    client.post(url("start", token), {"level": "frontline"})
    client.post(url("section", token, 1), section_answers(foundations, 1))
    page = client.post(url("check", token))
    assert page.status_code == 400
    assert "Answer the 10 statements marked" in page.text
    assert not Response.objects.submitted().exists()


def test_level_is_required(client, token):
    page = client.post(url("start", token), {})
    assert page.status_code == 400
    assert "Select whether you lead or manage, or deliver services" in page.text


def test_unknown_link_is_a_404(client, token):
    page = client.get(url("start", "not-a-real-token"))
    assert page.status_code == 404
    assert "This link does not work" in page.text


def test_closed_wave_says_so(client, token, wave, pam):
    services.close_wave(actor=pam, wave=wave)
    page = client.get(url("start", token))
    assert page.status_code == 410
    assert "This health check has closed" in page.text


def test_link_past_the_closing_date_says_so_and_saves_nothing(client, token, wave, foundations):
    wave.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    wave.save()
    page = client.post(url("section", token, 1), section_answers(foundations, 1))
    assert page.status_code == 410
    assert "closed on" in page.text
    assert not Answer.objects.exists()


def test_signed_in_invitee_answers_become_their_own(client, token, foundations, alice, bob):
    client.force_login(alice)
    answer_everything(client, token, foundations)
    client.post(url("check", token))
    assert Response.objects.get().respondent == alice


def test_someone_else_signed_in_does_not_take_the_answers(client, token, foundations, bob):
    client.force_login(bob)
    answer_everything(client, token, foundations)
    assert Response.objects.get().respondent is None
    assert Invitation.objects.get().email == "alice@carers.example"


def test_an_instrument_can_leave_out_dont_know(client, partnership, pam, foundations, council):
    document = copy.deepcopy(foundations.document)
    document["version"] = 2
    document["scale"]["dont_know"] = False
    adapted = services.import_instrument(actor=pam, partnership=partnership, document=document)
    wave = services.create_wave(
        actor=pam, partnership=partnership, instrument=adapted, title="W", organizations=[council]
    )
    services.open_wave(actor=pam, wave=wave)
    _, token = services.invite_representative(
        actor=pam, wave=wave, organization=council, email="cal@council.example"
    )
    page = client.get(url("section", token, 1))
    assert "Strongly agree" in page.text
    assert "Don\u2019t know" not in page.text
    key = adapted.statements.order_by("position").first().key
    refused = client.post(url("section", token, 1), {key: "dont-know", "later": "1"})
    assert refused.status_code == 400
    assert not Answer.objects.exists()
