"""The signed-in home page: what needs attention in each of the person's organisations."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode

from joinedup.core.models import User
from joinedup.directory.models import Organization
from joinedup.referrals.models import Referral
from joinedup.referrals.services.listing import read_names_in_list
from joinedup.referrals.views.work.common import request_user

# Replies and outcomes from the last fortnight: older ones have been seen, or belong in the lists.
RECENT = datetime.timedelta(days=14)
# A few of each, most pressing first; the lists hold the rest.
SHOWN = 5


def _attention(user: User, organisation: Organization, now: datetime.datetime) -> dict[str, Any]:
    visible = Referral.objects.visible_to(user).with_person_visible(user)
    related = ("service", "person", "referring_organization", "receiving_organization")
    received = visible.received_by(organisation)
    sent = visible.sent_by(organisation)
    new = received.new().with_overdue(now).select_related(*related).by_urgency()
    replies = (
        visible.awaiting_reply_from(organisation, now - RECENT)
        .select_related(*related)
        .order_by("-last_message_at", "pk")
    )
    outcomes = (
        sent.answered_since(now - RECENT)
        .select_related(*related)
        .order_by("-status_changed_at", "pk")
    )
    shown = {
        "new": list(new[:SHOWN]),
        "replies": list(replies[:SHOWN]),
        "outcomes": list(outcomes[:SHOWN]),
    }
    read_names_in_list(
        actor=user, referrals=[r for rows in shown.values() for r in rows], listed_in="home"
    )
    org = {"organisation": str(organisation.pk)}
    return {
        "organisation": organisation,
        "shown": shown,
        "new_count": new.count(),
        "overdue_count": received.overdue(now).count(),
        "replies_count": replies.count(),
        "outcomes_count": outcomes.count(),
        "inbox_new": urlencode({**org, "view": "new"}),
        "inbox_overdue": urlencode({**org, "view": "overdue"}),
        "sent_closed": urlencode({**org, "view": "closed"}),
        "sent_all": urlencode(org),
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where a member of an organisation lands after signing in; anyone else gets search."""
    user = request_user(request)
    organisations = list(Organization.objects.of_user(user).order_by("name"))
    if not organisations:
        return redirect("search:home")
    now = timezone.now()
    return render(
        request,
        "referrals/work/home.html",
        {
            "sections": [_attention(user, o, now) for o in organisations],
            "several": len(organisations) > 1,
            "recent_days": RECENT.days,
        },
    )
