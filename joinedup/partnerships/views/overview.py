"""The partnership workspace home: the partnerships a person can see, and one partnership's
health checks with the way to the rest of the workspace (network, actions, learning log)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from joinedup.partnerships.models import Invitation, Partnership, Response, Wave, WaveStatus
from joinedup.partnerships.views.common import person, visible_partnership


def _count(rows: QuerySet) -> Coalesce:
    counted = rows.order_by().values("wave").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@login_required
def list_partnerships(request: HttpRequest) -> HttpResponse:
    visible = Partnership.objects.visible_to(person(request))
    partnerships = list(
        # Counted apart from `visible_to`, whose join on members would count only the reader's
        # own organisations; and Meta.ordering is not applied to a GROUP BY, so name the order.
        Partnership.objects.filter(pk__in=visible.values("pk"))
        .annotate(member_count=Count("members"))
        .order_by("name")
    )
    if len(partnerships) == 1:
        return redirect("partnerships:overview", partnership_id=partnerships[0].pk)
    return render(request, "partnerships/list.html", {"partnerships": partnerships})


@login_required
def view_partnership(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    is_manager = partnership.is_managed_by(person(request))
    waves = list(
        Wave.objects.filter(partnership=partnership)
        .select_related("instrument")
        .annotate(
            # Subqueries, not joins: two joined counts would multiply invitations by responses.
            invited=_count(Invitation.objects.filter(wave=OuterRef("pk"), revoked_at__isnull=True)),
            submitted=_count(
                Response.objects.filter(wave=OuterRef("pk"), submitted_at__isnull=False)
            ),
        )
    )
    if not is_manager:
        # Members have nothing to do with a draft: it is the managers' work in progress.
        waves = [w for w in waves if w.status != WaveStatus.DRAFT]
    return render(
        request,
        "partnerships/overview.html",
        {
            "partnership": partnership,
            "is_manager": is_manager,
            "waves": waves,
            "member_count": partnership.members.count(),
        },
    )
