"""What the search page shows around the results: the filters with their counts, and the
"no results" advice as links. Pure functions of the request's parameters and the results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.http import urlencode

from joinedup.directory.models import IntakeMode, TaxonomyTerm
from joinedup.search.cards import distance_text, term_names
from joinedup.search.forms import DAY_LABELS, DELIVERY_LABELS, DISTANCE_CHOICES, SearchForm
from joinedup.search.query import ACCESSIBILITY, SearchResults
from joinedup.search.text import spelled_as_corrected

# How each filter's value reads in "Remove ..." advice and the filter summary.
FILTER_NAMES = {
    "distance_km": "distance",
    "taxonomy_term": "category",
    "age": "age",
    "free": "free only",
    "language": "language",
    "delivery": "how it is given",
    "open_on": "day",
    "accepting_referrals": "accepting referrals",
    "intake_mode": "how people are referred",
    "accessibility": "accessibility",
}


@dataclass
class Option:
    value: str
    label: str
    count: int | None
    checked: bool
    id: str


@dataclass
class FilterGroup:
    name: str
    legend: str
    kind: str  # "radios" or "checkbox"
    options: list[Option] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _radios(
    name: str, legend: str, labels: dict[str, str], counts: dict[str, int], current: str
) -> FilterGroup:
    group = FilterGroup(name, legend, "radios")
    # The "any" option first, unchecked filters stay unchecked; ids follow the error summary's
    # convention (id_<name>_0 is the first input).
    choices = [("", "Any", None), *((v, label, counts.get(v, 0)) for v, label in labels.items())]
    for index, (value, label, count) in enumerate(choices):
        group.options.append(Option(value, label, count, value == current, f"id_{name}_{index}"))
    return group


def _flag(name: str, label: str, count: int, current: Any) -> FilterGroup:
    group = FilterGroup(name, label, "checkbox")
    group.options.append(Option("true", label, count, bool(current), f"id_{name}"))
    return group


def filter_groups(form: SearchForm, results: SearchResults | None) -> list[FilterGroup]:
    """Every filter as GOV.UK radios or a checkbox, each choice with its count in the results."""
    facets = results.facets if results is not None else {}
    data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}

    def current(name: str) -> str:
        value = data.get(name) if data else form.data.get(name)
        return "" if value in (None, False) else str(value)

    languages = facets.get("language", {})
    chosen_language = current("language").lower()
    # Only languages some result offers (codes and names both count as values in the index).
    language_labels = {v: v.upper() if len(v) <= 3 else v.title() for v in sorted(languages)}
    if chosen_language and chosen_language not in language_labels:
        language_labels[chosen_language] = chosen_language
    free = facets.get("free", {}).get("free", 0)
    accepting = facets.get("accepting_referrals", {}).get("accepting", 0)
    groups = [
        _category_group(facets.get("taxonomy_term", {}), current("taxonomy_term")),
        _radios(
            "delivery",
            "How the service is given",
            DELIVERY_LABELS,
            facets.get("delivery", {}),
            current("delivery"),
        ),
        _flag("free", "Free services only", free, data.get("free")),
        _flag(
            "accepting_referrals",
            "Accepting referrals now",
            accepting,
            data.get("accepting_referrals"),
        ),
        _radios("open_on", "Open on", DAY_LABELS, facets.get("open_on", {}), current("open_on")),
        _radios("language", "Language", language_labels, languages, chosen_language),
        _radios(
            "accessibility",
            "Accessibility",
            ACCESSIBILITY,
            facets.get("accessibility", {}),
            current("accessibility"),
        ),
        _radios(
            "intake_mode",
            "How people are referred",
            dict(IntakeMode.choices),
            facets.get("intake_mode", {}),
            current("intake_mode"),
        ),
    ]
    for group in groups:
        group.errors = [str(message) for message in form.errors.get(group.name, [])]
    return groups


def active_filter_count(form: SearchForm) -> int:
    """How many filters are in use: said on the folded "Filter results" control."""
    data = form.cleaned_data
    return sum(1 for name in FILTER_NAMES if data.get(name) not in (None, "", False))


def _category_group(counts: dict[str, int], chosen: str) -> FilterGroup:
    """Top-level categories with results, and the chosen one's children to narrow down to."""
    names = term_names(list(counts))
    shown = {pk: name for pk, (name, parent) in names.items() if parent is None or parent == chosen}
    if chosen and chosen not in shown:
        found = TaxonomyTerm.objects.filter(pk=chosen).values_list("name", flat=True).first()
        if found:
            shown[chosen] = found
    ordered = dict(sorted(shown.items(), key=lambda item: item[1].lower()))
    return _radios("taxonomy_term", "Category", ordered, counts, chosen)


def query_string(params: QueryDict, *, drop: tuple[str, ...] = (), **changes: str) -> str:
    """The page's parameters without `drop` (and "page"), with `changes`, as a query string."""
    kept = [
        (name, value)
        for name, values in params.lists()
        for value in values
        if name not in (*drop, "page", *changes) and value.strip()
    ]
    kept.extend((name, value) for name, value in changes.items() if value)
    return urlencode(kept)


@dataclass
class Advice:
    label: str
    href: str


def no_results_advice(params: QueryDict, form: SearchForm) -> list[Advice]:
    """Links that widen the search: a larger distance, then each filter removed in turn."""
    advice = []
    data = form.cleaned_data
    distance = data.get("distance_km")
    if distance:
        wider = next((d for d in DISTANCE_CHOICES if d > distance), None)
        if wider is not None:
            text = f"Search within {distance_text(wider * 1000)}"
            advice.append(Advice(text, "?" + query_string(params, distance_km=str(wider))))
        advice.append(
            Advice("Search at any distance", "?" + query_string(params, drop=("distance_km",)))
        )
    for name, label in FILTER_NAMES.items():
        if name == "distance_km" or data.get(name) in (None, "", False):
            continue
        advice.append(
            Advice(f"Remove the {label} filter", "?" + query_string(params, drop=(name,)))
        )
    return advice


@dataclass
class SpellingNote:
    """ "Showing results for <searched>. Search instead for <typed>", the GOV.UK way."""

    searched: str
    typed: str
    exact_href: str


def spelling_note(params: QueryDict, results: SearchResults) -> SpellingNote | None:
    """What the search corrected, with a link to search exactly what was typed (never silent)."""
    typed = " ".join(params.get("q", "").split())
    if not results.corrections or not typed:
        return None
    searched = spelled_as_corrected(typed, results.corrections)
    return SpellingNote(searched, typed, "?" + query_string(params, spelling="exact"))
