"""Network survey pages: the surveys, answering for an organisation, and the results (the
figures, the map and the table of ties).

Managers set surveys up, open and close them, and see every figure (with tie strengths and the
pairs who rate each other very differently). Members answer for their own organisation, see
their own organisation's ratings and, once a survey is closed, the aggregate results. Nobody
sees another organisation's individual ratings; outsiders get 404 everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from joinedup.directory.models import Organization
from joinedup.partnerships import network_map, services
from joinedup.partnerships.forms.network import RatingsForm, SurveyForm
from joinedup.partnerships.models import (
    Closeness,
    NetworkRating,
    NetworkResponse,
    NetworkSurvey,
    PartnershipMember,
    WaveStatus,
)
from joinedup.partnerships.results import NetworkResults, network_results
from joinedup.partnerships.views.common import person, show_errors, visible_partnership

PARTNERS_PER_PAGE = 10
LIST_LIMIT = 20  # brokers, new and lost ties: the first ones, the table has the rest


def visible_survey(request: HttpRequest, partnership_id: int, survey_id: int) -> NetworkSurvey:
    survey = get_object_or_404(
        NetworkSurvey.objects.visible_to(person(request))
        .filter(partnership_id=partnership_id)
        .select_related("partnership"),
        pk=survey_id,
    )
    # A draft is the managers' work in progress: to anyone else it does not exist yet.
    if survey.status == WaveStatus.DRAFT and not survey.partnership.is_managed_by(person(request)):
        raise Http404
    return survey


def _list_url(partnership_id: int) -> str:
    return reverse("partnerships:network-surveys", args=[partnership_id])


@login_required
def list_surveys(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    user = person(request)
    is_manager = partnership.is_managed_by(user)
    surveys = NetworkSurvey.objects.filter(partnership=partnership).annotate(
        taking_part=Count("organizations", distinct=True),
        submitted=Count(
            "responses", filter=Q(responses__submitted_at__isnull=False), distinct=True
        ),
    )
    if not is_manager:
        surveys = surveys.exclude(status=WaveStatus.DRAFT)
    surveys_list = list(surveys)
    # Which of the person's organisations answer each survey, and whether they have submitted.
    mine = {o.pk: o for o in partnership.organizations_of(user)}
    through = NetworkSurvey.organizations.through.objects.filter(
        networksurvey__in=[s.pk for s in surveys_list], organization_id__in=list(mine)
    ).values_list("networksurvey_id", "organization_id")
    done = set(
        NetworkResponse.objects.submitted()
        .filter(survey__in=surveys_list, organization_id__in=list(mine))
        .values_list("survey_id", "organization_id")
    )
    answering: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for survey_id, org_id in through:
        answering[survey_id].append(
            {"organization": mine[org_id], "submitted": (survey_id, org_id) in done}
        )
    for survey in surveys_list:
        survey.answering = sorted(answering[survey.pk], key=lambda a: a["organization"].name)  # type: ignore[attr-defined]
    return render(
        request,
        "partnerships/network/list.html",
        {"partnership": partnership, "is_manager": is_manager, "surveys": surveys_list},
    )


@login_required
def create_survey(request: HttpRequest, partnership_id: int) -> HttpResponse:
    user = person(request)
    partnership = visible_partnership(request, partnership_id)
    if not partnership.is_managed_by(user):
        raise Http404
    members = list(partnership.members.select_related("organization"))
    form = SurveyForm(
        request.POST if request.method == "POST" else None,
        members=members,
        initial={"organizations": [str(m.organization_id) for m in members]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.create_network_survey(
                actor=user,
                partnership=partnership,
                title=form.cleaned_data["title"],
                organizations=form.cleaned_data["organizations"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"“{survey.title}” set up as a draft: open it when ready")
            return redirect(_list_url(partnership.pk))
    return render(
        request, "partnerships/network/new.html", {"partnership": partnership, "form": form}
    )


def _change_status(
    request: HttpRequest, partnership_id: int, survey_id: int, opening: bool
) -> HttpResponse:
    user = person(request)
    survey = get_object_or_404(
        NetworkSurvey.objects.managed_by(user).filter(partnership_id=partnership_id), pk=survey_id
    )
    try:
        if opening:
            services.open_network_survey(actor=user, survey=survey)
            messages.success(request, f"“{survey.title}” is open for answers")
        else:
            services.close_network_survey(actor=user, survey=survey)
            messages.success(request, f"“{survey.title}” is closed: members can now see the map")
    except ValidationError:
        pass  # already opened or closed (a second click): the list shows its status
    return redirect(_list_url(partnership_id))


@login_required
@require_POST
def open_survey(request: HttpRequest, partnership_id: int, survey_id: int) -> HttpResponse:
    return _change_status(request, partnership_id, survey_id, opening=True)


@login_required
@require_POST
def close_survey(request: HttpRequest, partnership_id: int, survey_id: int) -> HttpResponse:
    return _change_status(request, partnership_id, survey_id, opening=False)


def _answering_organisation(
    request: HttpRequest, survey: NetworkSurvey
) -> tuple[Organization | None, list[Organization]]:
    """The organisation the person answers for (chosen when they belong to several)."""
    mine = list(
        survey.partnership.organizations_of(person(request))
        .filter(pk__in=survey.organizations.values("pk"))
        .order_by("name")
    )
    wanted = request.POST.get("organisation") or request.GET.get("organisation")
    if len(mine) == 1 and not wanted:
        return mine[0], mine
    chosen = next((o for o in mine if str(o.pk) == wanted), None)
    return chosen, mine


def sector_rank(sector: str) -> int:
    order = network_map.SECTOR_ORDER
    return order.index(sector) if sector in order else len(order)


@login_required
def answer_survey(request: HttpRequest, partnership_id: int, survey_id: int) -> HttpResponse:
    survey = visible_survey(request, partnership_id, survey_id)
    organization, mine = _answering_organisation(request, survey)
    context: dict[str, Any] = {"partnership": survey.partnership, "survey": survey}
    if organization is None:
        template = "choose_organisation.html" if mine else "cannot_answer.html"
        return render(request, f"partnerships/network/{template}", {**context, "choices": mine})
    context["organization"] = organization
    response = NetworkResponse.objects.filter(survey=survey, organization=organization).first()
    if response is not None and response.submitted_at is not None:
        return _own_ratings(request, context, response, "partnerships/network/submitted.html")
    if survey.status != WaveStatus.OPEN:
        return render(request, "partnerships/network/cannot_answer.html", context)

    members = sorted(
        PartnershipMember.objects.filter(
            partnership_id=survey.partnership_id, organization__in=survey.organizations.all()
        )
        .exclude(organization=organization)
        .select_related("organization"),
        key=lambda m: (sector_rank(m.sector), m.organization.name.lower()),
    )
    page = Paginator(members, PARTNERS_PER_PAGE).get_page(request.GET.get("page"))
    partners = [m.organization for m in page]
    existing = {
        r.partner_id: r
        for r in NetworkRating.objects.filter(response=response, partner__in=partners)
    }
    form = RatingsForm(
        request.POST if request.method == "POST" else None, partners=partners, existing=existing
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_ratings(
                actor=person(request),
                survey=survey,
                organization=organization,
                ratings=form.ratings(),
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, str(getattr(error, "message", error)))
        else:
            return redirect(_after_save(request, survey, organization, page))
    sectors = {m.organization_id: network_map.sector_label(m.sector) for m in page}
    groups = form.groups()
    for group in groups:
        group["sector"] = sectors[group["partner"].pk]
    rated = NetworkRating.objects.filter(response=response).count() if response else 0
    return render(
        request,
        "partnerships/network/answer.html",
        {
            **context,
            "form": form,
            "groups": groups,
            "page_obj": page,
            "page_range": list(page.paginator.get_elided_page_range(page.number)),
            "query_string": urlencode({"organisation": str(organization.pk)}),
            "several": len(mine) > 1,
            "rated": rated,
            "partner_count": len(members),
        },
    )


def _after_save(
    request: HttpRequest, survey: NetworkSurvey, organization: Organization, page: Any
) -> str:
    base = reverse("partnerships:network-answer", args=[survey.partnership_id, survey.pk])
    if "later" in request.POST:
        messages.success(
            request,
            "Your ratings have been saved: come back to this survey to finish and submit them",
        )
        return _list_url(survey.partnership_id)
    query = {"organisation": str(organization.pk)}
    if page.has_next():
        return f"{base}?{urlencode({**query, 'page': page.next_page_number()})}"
    submit = reverse("partnerships:network-submit", args=[survey.partnership_id, survey.pk])
    return f"{submit}?{urlencode(query)}"


def _own_ratings(
    request: HttpRequest, context: dict[str, Any], response: NetworkResponse | None, template: str
) -> HttpResponse:
    ratings = (
        list(
            NetworkRating.objects.filter(response=response)
            .select_related("partner")
            .order_by("-closeness", "partner__name")
        )
        if response
        else []
    )
    return render(request, template, {**context, "response": response, "ratings": ratings})


@login_required
def submit_survey(request: HttpRequest, partnership_id: int, survey_id: int) -> HttpResponse:
    survey = visible_survey(request, partnership_id, survey_id)
    organization, _ = _answering_organisation(request, survey)
    if organization is None:
        raise Http404
    context: dict[str, Any] = {
        "partnership": survey.partnership,
        "survey": survey,
        "organization": organization,
        "query_string": urlencode({"organisation": str(organization.pk)}),
    }
    response = NetworkResponse.objects.filter(survey=survey, organization=organization).first()
    if response is not None and response.submitted_at is not None:
        return _own_ratings(request, context, response, "partnerships/network/submitted.html")
    if request.method == "POST":
        try:
            services.submit_network_response(
                actor=person(request), survey=survey, organization=organization
            )
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
        else:
            messages.success(request, f"{organization.name}'s ratings have been submitted")
            return redirect(_list_url(survey.partnership_id))
    return _own_ratings(request, context, response, "partnerships/network/submit.html")


# Results: managers see every figure; members see the aggregate results once a survey is
# closed, and their own organisation's ratings.


def _results_context(
    survey: NetworkSurvey, results: NetworkResults, is_manager: bool
) -> dict[str, Any]:
    metrics, names = results.metrics, results.names
    # Numbered as the table beside the map lists them (by name), so a marker can be looked up.
    by_name = sorted(metrics.members, key=lambda i: (names.get(i, "?").lower(), str(i)))
    number = {i: n for n, i in enumerate(by_name, start=1)}
    members = [
        network_map.MapMember(i, names.get(i, "?"), m.sector, m.degree, number[i])
        for i, m in metrics.members.items()
    ]
    placed = network_map.layout(members)
    sectors = sorted({m.sector for m in members}, key=sector_rank)
    responded = NetworkResponse.objects.submitted().filter(survey=survey).count()
    description = (
        f"{len(members)} member organisations in {len(sectors)} sectors, grouped by sector, "
        f"with {len(metrics.ties)} working ties drawn as lines. Larger shapes have more ties. "
        "The table after the map gives the same figures for every member, numbered as on the "
        "map."
    )
    svg = network_map.render_svg(
        placed,
        metrics.ties,
        title=f"Map of who works with whom: {survey.title}",
        description=description,
        strengths=results.tie_closeness if is_manager else None,
    )
    counts: dict[str, int] = defaultdict(int)
    for m in members:
        counts[m.sector] += 1
    legend = [
        {
            "label": network_map.sector_label(s),
            "swatch": network_map.legend_swatch(s),
            "shape": network_map.style_for(s)[1].replace("-", " "),
            "count": counts[s],
        }
        for s in sectors
    ]
    brokers = set(metrics.brokers)
    isolated = set(metrics.isolated)
    rows = sorted(
        (
            {
                "number": number[i],
                "name": names.get(i, "?"),
                "sector": network_map.sector_label(m.sector),
                "degree": m.degree,
                "betweenness": m.betweenness,
                "trust": m.trust,
                "value": m.value,
                "raters": m.raters,
                "broker": i in brokers,
                "isolated": i in isolated,
            }
            for i, m in metrics.members.items()
        ),
        key=lambda r: int(str(r["number"])),
    )

    def pair_names(pairs: Any) -> list[str]:
        return sorted(" and ".join(sorted(names.get(i, "?") for i in pair)) for pair in pairs)

    change = results.change
    return {
        "figures": _figures(metrics, change, responded, len(members)),
        "svg": svg,
        "legend": legend,
        "rows": rows,
        "metrics": metrics,
        "change": change,
        "new_ties": pair_names(change.new_ties)[:LIST_LIMIT] if change and is_manager else [],
        "lost_ties": pair_names(change.lost_ties)[:LIST_LIMIT] if change and is_manager else [],
        "brokers": [
            {"name": names.get(i, "?"), "betweenness": metrics.members[i].betweenness}
            for i in metrics.brokers[:LIST_LIMIT]
        ],
        "isolated": sorted(names.get(i, "?") for i in metrics.isolated),
        "divergent": [
            {
                "a": names.get(p.a, "?"),
                "b": names.get(p.b, "?"),
                "a_rates_b": Closeness(p.a_rates_b).label,
                "b_rates_a": Closeness(p.b_rates_a).label,
                "difference": p.difference,
            }
            for p in metrics.divergent_pairs[:LIST_LIMIT]
        ],
        "divergent_count": len(metrics.divergent_pairs),
        "responded": responded,
        "member_count": len(members),
        "previous": survey.previous() if change else None,
    }


def _share(value: float | None) -> str:
    return "Not known" if value is None else f"{round(value * 100)}%"


def _moved(delta: float | None) -> str:
    if delta is None:
        return ""
    points = round(delta * 100)
    if points == 0:
        return "no change"
    return f"{'up' if points > 0 else 'down'} {abs(points)} point{'s' if abs(points) != 1 else ''}"


def _figures(metrics: Any, change: Any, responded: int, member_count: int) -> list[dict[str, str]]:
    """The headline measures as words and percentages, with the change since last time."""
    return [
        {
            "label": "Members that answered",
            "value": f"{responded} of {member_count}",
            "hint": "",
            "change": "",
        },
        {
            "label": "Working ties",
            "value": str(len(metrics.ties)),
            "hint": "Pairs of members where at least one says they work together.",
            "change": (
                f"{len(change.new_ties)} new, {len(change.lost_ties)} lost" if change else ""
            ),
        },
        {
            "label": "Density",
            "value": _share(metrics.density),
            "hint": "Of all the pairs of members that could work together, the share that do.",
            "change": _moved(change.density) if change else "",
        },
        {
            "label": "Centralisation",
            "value": _share(metrics.centralisation),
            "hint": "100% when every tie runs through one member, 0% when all have as many ties.",
            "change": _moved(change.centralisation) if change else "",
        },
        {
            "label": "Reciprocity",
            "value": _share(metrics.reciprocity),
            "hint": "Of the ties between members that both answered, the share both reported.",
            "change": _moved(change.reciprocity) if change else "",
        },
    ]


@login_required
def view_results(request: HttpRequest, partnership_id: int, survey_id: int) -> HttpResponse:
    survey = visible_survey(request, partnership_id, survey_id)
    user = person(request)
    is_manager = survey.partnership.is_managed_by(user)
    context: dict[str, Any] = {
        "partnership": survey.partnership,
        "survey": survey,
        "is_manager": is_manager,
    }
    if not is_manager and survey.status != WaveStatus.CLOSED:
        return render(request, "partnerships/network/results_pending.html", context)
    results = network_results(survey, pair_detail=is_manager)
    context.update(_results_context(survey, results, is_manager))
    return render(request, "partnerships/network/results.html", context)
