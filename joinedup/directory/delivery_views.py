"""Failed deliveries: the partnership managers' list of emails and text messages that could not
be sent after every try, each with "Try again". Anyone else gets 403."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from joinedup.core import outbox
from joinedup.core.models import OutboxMessage, User
from joinedup.directory import deliveries

# The newest first; more than this and the rest wait for the first ones to be dealt with.
SHOWN = 100


@login_required
def list_failed_deliveries(request: HttpRequest) -> HttpResponse:
    failed = deliveries.failed_deliveries(cast(User, request.user))
    rows = [
        {
            "message": message,
            "what": deliveries.kind_label(message.kind),
            "to": outbox.masked(message.to),
        }
        for message in failed[:SHOWN]
    ]
    return render(
        request,
        "directory/failed_deliveries.html",
        {"rows": rows, "count": failed.count(), "max_attempts": settings.OUTBOX_MAX_ATTEMPTS},
    )


@login_required
@require_POST
def retry_delivery(request: HttpRequest, message_id: int) -> HttpResponse:
    try:
        message = deliveries.retry_failed_delivery(
            actor=cast(User, request.user), message_id=message_id
        )
    except OutboxMessage.DoesNotExist as missing:
        raise Http404("No such message") from missing
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        message.refresh_from_db()
        if message.status == "sent":
            messages.success(request, f"{deliveries.kind_label(message.kind)} sent")
        else:
            messages.success(
                request,
                f"{deliveries.kind_label(message.kind)}: trying again. "
                "If it still cannot be sent, it comes back to this list.",
            )
    return redirect("directory:failed-deliveries")
