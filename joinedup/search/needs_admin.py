"""The partnership's page for the needs vocabulary: managers add and remove the phrases people
use for a need (ADR 14). Use cases live in `search.needs`; only partnership managers see it."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from joinedup.core.models import User
from joinedup.directory.permissions import require_place_manager
from joinedup.search import needs, services
from joinedup.search.models import NeedPhrase


class NeedPhraseForm(forms.Form):
    """A phrase and its need. The use case checks the rest (a phrase already known) and says so
    in words a manager understands."""

    phrase = forms.CharField(
        label="Words people use",
        max_length=NeedPhrase._meta.get_field("phrase").max_length,
        help_text="As a person would type it, for example “skint” or “my nan keeps falling”. "
        "Write {partner}, {relative} or {child} for any such word.",
        error_messages={"required": "Enter the words people use"},
    )
    need = forms.ChoiceField(
        label="The need they mean",
        choices=[],
        error_messages={"required": "Select the need the phrase is about"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        need = cast(forms.ChoiceField, self.fields["need"])
        need.choices = [("", "Select a need"), *needs.need_choices()]


def _manager(request: HttpRequest) -> User:
    user = request.user
    require_place_manager(user, "the needs vocabulary")
    assert isinstance(user, User)
    return user


@login_required
def need_phrases(request: HttpRequest) -> HttpResponse:
    actor = _manager(request)
    form = NeedPhraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_need_phrase(
                actor=actor, phrase=form.cleaned_data["phrase"], need=form.cleaned_data["need"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Phrase added: search reads it as that need from now on.")
            return redirect(reverse("search:need-phrases"))
    names = dict(needs.need_choices())
    added = [(p, names.get(p.need, p.need)) for p in NeedPhrase.objects.select_related("added_by")]
    return render(
        request,
        "search/need_phrases.html",
        {"form": form, "added": added, "needs": sorted(names.values())},
    )


@login_required
@require_POST
def remove_need_phrase(request: HttpRequest, phrase_id: int) -> HttpResponse:
    actor = _manager(request)
    found = get_object_or_404(NeedPhrase, pk=phrase_id)
    services.remove_need_phrase(actor=actor, phrase_id=found.pk)
    messages.success(request, f"Phrase removed: “{found.phrase}”.")
    return redirect(reverse("search:need-phrases"))
