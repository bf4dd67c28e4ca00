"""The partnership managers' page for the needs vocabulary: who may use it, what it records."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.core.models import AuditEvent
from joinedup.search import needs, services
from joinedup.search.models import NeedPhrase

URL = "/search/needs/"


@pytest.fixture(autouse=True)
def _fresh_phrases():
    needs.phrases.forget()
    yield
    needs.phrases.forget()


def test_the_page_is_where_the_url_says():
    assert reverse("search:need-phrases") == URL


def test_a_manager_adds_a_phrase_and_search_understands_it(
    client, pam, django_capture_on_commit_callbacks
):
    assert needs.understand("brew and natter").codes == ()
    client.force_login(pam)
    assert client.get(URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"phrase": "Brew and  natter", "need": "loneliness"})
    assert response.status_code == 302
    added = NeedPhrase.objects.get()
    assert (added.phrase, added.need, added.added_by) == ("brew and natter", "loneliness", pam)
    event = AuditEvent.objects.get(action="need_phrase.added")
    assert event.actor == pam and event.details == {
        "phrase": "brew and natter",
        "need": "loneliness",
    }
    assert needs.understand("is there a brew and natter near me").codes == ("loneliness",)
    assert "brew and natter" in client.get(URL).content.decode()


def test_a_manager_removes_a_phrase(client, pam, django_capture_on_commit_callbacks):
    phrase = NeedPhrase.objects.create(phrase="brew and natter", need="loneliness", added_by=pam)
    client.force_login(pam)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("search:remove-need-phrase", args=[phrase.pk]))
    assert response.status_code == 302
    assert not NeedPhrase.objects.exists()
    assert AuditEvent.objects.filter(action="need_phrase.removed", actor=pam).exists()
    assert needs.understand("brew and natter").codes == ()


def test_bad_input_gets_an_error_summary_and_keeps_what_was_typed(client, pam):
    client.force_login(pam)
    html = client.post(URL, {"phrase": "  ", "need": ""}).content.decode()
    assert "There is a problem" in html
    assert "Enter the words people use" in html
    assert "Select the need the phrase is about" in html
    NeedPhrase.objects.create(phrase="brew and natter", need="loneliness")
    html = client.post(URL, {"phrase": "brew and natter", "need": "loneliness"}).content.decode()
    assert "already knows this phrase" in html
    assert NeedPhrase.objects.count() == 1
    assert not AuditEvent.objects.filter(action="need_phrase.added").exists()


@pytest.mark.parametrize("who", ["bob", "charlie", "alice"])
def test_only_partnership_managers_may_see_or_change_the_vocabulary(client, who, request, pam):
    person = request.getfixturevalue(who)
    phrase = NeedPhrase.objects.create(phrase="brew and natter", need="loneliness", added_by=pam)
    client.force_login(person)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"phrase": "skint", "need": "debt"}).status_code == 403
    remove = reverse("search:remove-need-phrase", args=[phrase.pk])
    assert client.post(remove).status_code == 403
    assert NeedPhrase.objects.count() == 1
    assert not AuditEvent.objects.filter(action__startswith="need_phrase.").exists()


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"] or "sign-in" in response["Location"]


def test_removing_a_phrase_that_is_not_there_is_not_found(client, pam):
    client.force_login(pam)
    assert client.post(reverse("search:remove-need-phrase", args=[999])).status_code == 404


def test_the_use_cases_refuse_anyone_but_a_manager(bob):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.add_need_phrase(actor=bob, phrase="skint", need="debt")


@pytest.mark.django_db
def test_the_phrases_are_compiled_again_only_when_a_managers_phrase_changed(monkeypatch, pam):
    """Every PHRASES_TTL_S the managers' phrases are read again; the whole vocabulary is
    compiled again only if they changed (here by a statement that skips the use case, so only
    the clock can notice it)."""
    compiled = []
    real = needs.compile_phrase

    def counting(phrase, slots):
        compiled.append(phrase)
        return real(phrase, slots)

    monkeypatch.setattr(needs, "compile_phrase", counting)
    needs.phrases.get()
    assert len(compiled) > 500
    monkeypatch.setattr(needs, "PHRASES_TTL_S", 0)
    compiled.clear()
    needs.phrases.get()
    assert compiled == []
    assert needs.understand("brew and natter").codes == ()
    NeedPhrase.objects.create(phrase="brew and natter", need="loneliness", added_by=pam)
    assert needs.understand("brew and natter").codes == ("loneliness",)
    assert "brew and natter" in compiled
    compiled.clear()
    NeedPhrase.objects.all().delete()
    assert needs.understand("brew and natter").codes == ()
    assert len(compiled) > 500
