"""The questionnaires (instruments) a partnership's health checks can use: read, download, and
for managers, upload a new one or an adapted version of one, without code.

Anyone who can see the partnership reads the list and downloads a document; only its managers
upload (anyone else gets 404, as outsiders do everywhere).
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from joinedup.partnerships import services
from joinedup.partnerships.forms.instruments import InstrumentUploadForm
from joinedup.partnerships.models import Instrument
from joinedup.partnerships.views.common import person, visible_partnership


@login_required
def list_instruments(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    user = person(request)
    is_manager = partnership.is_managed_by(user)
    if request.method == "POST" and not is_manager:
        raise Http404
    posted = request.method == "POST"
    form = None
    if is_manager:
        form = InstrumentUploadForm(
            request.POST if posted else None, request.FILES if posted else None
        )
    if form is not None and posted and form.is_valid():
        try:
            instrument = services.import_instrument(
                actor=user, partnership=partnership, document=form.cleaned_data["document"]
            )
        except services.InstrumentDocumentError as error:
            for problem in error.errors:
                form.add_error("document", problem)
        else:
            messages.success(
                request,
                f"{instrument.title}, version {instrument.version}, added: choose it when you "
                "set up a health check",
            )
            return redirect("partnerships:instruments", partnership_id=partnership.pk)
    instruments = (
        Instrument.objects.available_to(partnership)
        .select_related("partnership")
        .order_by("title", "-version")
    )
    return render(
        request,
        "partnerships/instruments/list.html",
        {
            "partnership": partnership,
            "is_manager": is_manager,
            "form": form,
            "instruments": instruments,
        },
    )


@login_required
def download_instrument(
    request: HttpRequest, partnership_id: int, instrument_id: int
) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    instrument = get_object_or_404(Instrument.objects.available_to(partnership), pk=instrument_id)
    body = json.dumps(instrument.document, indent=2, ensure_ascii=False) + "\n"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"{instrument.key}.v{instrument.version}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
