"""Search's use cases: index upkeep (the full rebuild, `joinedup index`, and one service at a
time), a person's search, counted as unmet need when it finds little, and the phrases a
partnership's managers add to the needs vocabulary."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from joinedup.core import audit, planner, postcodes
from joinedup.core.models import User
from joinedup.directory.models import (
    Attribute,
    LocationType,
    Service,
    TaxonomyTerm,
)
from joinedup.directory.permissions import require_place_manager
from joinedup.search import lexical, needs, semantic, text
from joinedup.search.engine import search
from joinedup.search.models import NeedPhrase, SearchEntry, SearchWord
from joinedup.search.query import SearchQuery, SearchResults
from joinedup.search.unmet import record_search

BATCH = 500
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# How HSDS accessibility records (free text) say each feature; matched on words, lower case.
ACCESSIBILITY_PATTERNS = {
    "wheelchair": re.compile(
        r"wheelchair|step[- ]free|level access|ramp(ed)? access|\bramps?\b|\blifts?\b"
    ),
    "hearing_loop": re.compile(r"hearing loop|induction loop|\bloop system|\bt-?loop"),
    "accessible_toilet": re.compile(r"(accessible|disabled|changing places) (toilet|wc|loo)"),
    "accessible_parking": re.compile(r"(disabled|accessible|blue badge) (parking|bays?|spaces?)"),
    "sign_language": re.compile(r"\bbsl\b|sign language|signer"),
    "large_print": re.compile(r"large print|braille|easy read"),
}


def _term_paths() -> dict[uuid.UUID, list[tuple[uuid.UUID, str]]]:
    """Each term's (id, name) and its ancestors': a service filed under "Dementia" is also
    found by "Health", the parent a person may search for, and counted under it."""
    rows = {
        t: (name, parent)
        for t, name, parent in TaxonomyTerm.objects.values_list("id", "name", "parent_id")
    }
    paths: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = {}
    for term_id in rows:
        chain, seen, current = [], set(), term_id
        while current in rows and current not in seen:
            seen.add(current)
            name, parent = rows[current]
            chain.append((current, name))
            current = parent
        paths[term_id] = chain
    return paths


def _is_free(service: Service) -> bool:
    # A listing is free unless it names a price: a cost option with an amount, or a fees
    # text that does not say "free". Most community listings leave fees empty when free.
    if any(option.amount for option in service.cost_options.all()):
        return False
    fees = f"{service.fees} {service.fees_description}".strip().lower()
    return not fees or "free" in fees or "no charge" in fees


def _points(service: Service) -> list[list[float]]:
    points = []
    for sal in service.service_at_locations.all():
        location = sal.location
        if location.location_type != LocationType.PHYSICAL:
            continue
        if location.latitude is not None and location.longitude is not None:
            points.append([location.latitude, location.longitude])
            continue
        for address in location.addresses.all():
            try:
                points.append(list(postcodes.locate(address.postal_code)))
                break
            except postcodes.PostcodeError:
                continue
    return points


_NEGATION = re.compile(r"\b(no|not|without|isn't|unfortunately|cannot|can't)\b")


def _accessibility(service: Service) -> str:
    found: set[str] = set()
    for sal in service.service_at_locations.all():
        for record in sal.location.accessibility.all():
            said = f"{record.description}. {record.details}".lower()
            # Clause by clause, so "no hearing loop" or "not wheelchair accessible" is not read
            # as having one.
            for clause in re.split(r"[.;,\n]+", said):
                if _NEGATION.search(clause):
                    continue
                found.update(k for k, p in ACCESSIBILITY_PATTERNS.items() if p.search(clause))
    return f" {' '.join(sorted(found))} " if found else ""


def _entry(
    service: Service,
    paths: dict[uuid.UUID, list[tuple[uuid.UUID, str]]],
    term_ids: list[uuid.UUID],
    published: bool,
) -> SearchEntry:
    locations = [sal.location for sal in service.service_at_locations.all()]
    physical = any(loc.location_type == LocationType.PHYSICAL for loc in locations)
    virtual = any(loc.location_type == LocationType.VIRTUAL for loc in locations)
    declared = set(service.delivery_methods or [])
    days: set[str] = set()
    schedules = list(service.schedules.all())
    for sal in service.service_at_locations.all():
        schedules.extend(sal.schedules.all())
    for schedule in schedules:
        days.update(schedule.days())
    outcodes: list[str] = []
    for area in service.service_areas.all():
        if area.extent_type == "postcode_districts":
            outcodes.extend(code.upper() for code in area.extent.split())
    languages = {
        part.strip().lower()
        for language in service.languages.all()
        for part in (language.code, language.name)
        if part.strip()
    }
    chains = [link for t in term_ids for link in paths.get(t, [])]
    term_names = list(dict.fromkeys(name for _, name in chains))
    all_term_ids = list(dict.fromkeys(str(term) for term, _ in chains))
    points = _points(service)
    return SearchEntry(
        service=service,
        published=published,
        name=service.name,
        body=text.plain_text(service.description),
        organisation=service.organization.name if service.organization else "",
        terms=" ".join(term_names),
        term_ids=f" {' '.join(all_term_ids)} " if all_term_ids else "",
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        is_free=_is_free(service),
        languages=f" {' '.join(sorted(languages))} " if languages else "",
        # What the organisation says (its listing's "How it is delivered") counts first.
        in_person=physical or bool(declared & {"in_person", "home_visit"}),
        # Without a place to go, a service with a web address is reached online and one with
        # only a phone number by phone (helplines).
        online=virtual or "online" in declared or (not physical and bool(service.url)),
        phone="phone" in declared or (not physical and not virtual and service.phones.exists()),
        days=" ".join(d for d in DAY_CODES if d in days),
        capacity_status=service.capacity_status,
        intake_mode=service.intake_mode,
        outcodes=f" {' '.join(dict.fromkeys(outcodes))} " if outcodes else "",
        points=points,
        min_latitude=min((p[0] for p in points), default=None),
        max_latitude=max((p[0] for p in points), default=None),
        min_longitude=min((p[1] for p in points), default=None),
        max_longitude=max((p[1] for p in points), default=None),
        accessibility=_accessibility(service),
    )


def _index(
    service_ids: list[uuid.UUID],
    paths: dict[uuid.UUID, list[tuple[uuid.UUID, str]]],
    *,
    bulk: bool = False,
    known: dict[str, bytes] | None = None,
) -> list[SearchEntry]:
    services = (
        Service.objects.filter(id__in=service_ids)
        .select_related("organization")
        .defer("source_document", "organization__source_document")
        .prefetch_related(
            "cost_options",
            "schedules",
            "service_areas",
            "languages",
            "service_at_locations__location__addresses",
            "service_at_locations__location__accessibility",
            "service_at_locations__schedules",
        )
    )
    published = set(
        Service.objects.published().filter(id__in=service_ids).values_list("id", flat=True)
    )
    terms: dict[uuid.UUID, list[uuid.UUID]] = {}
    for link_id, term_id in Attribute.objects.filter(
        link_entity="service", link_id__in=service_ids
    ).values_list("link_id", "taxonomy_term_id"):
        terms.setdefault(link_id, []).append(term_id)
    entries = [_entry(s, paths, terms.get(s.id, []), s.id in published) for s in services]
    _embed(entries, bulk=bulk, known=known or {})
    SearchEntry.objects.bulk_create(entries)
    lexical.write(entries)
    _add_words(entries)
    return entries


def _embed(
    entries: list[SearchEntry], *, bulk: bool = False, known: dict[str, bytes] | None = None
) -> None:
    """Each entry's sentence embedding, in one batch (nothing when semantic search is off).

    `known` maps texts to the vectors their entries had (same model): a service whose name,
    categories and description did not change keeps its vector, unembedded again."""
    texts = [semantic.service_text(e.name, e.body, e.terms) for e in entries]
    if not semantic.enabled():
        return
    by_text = dict(known or {})
    # The same text (one service listed by several providers) is embedded once.
    unique = [value for value in dict.fromkeys(texts) if value not in by_text]
    if unique or not by_text:
        vectors = semantic.embed(unique, bulk=bulk)
        if vectors is None:
            return
        by_text.update(zip(unique, map(semantic.to_bytes, vectors), strict=True))
    for entry, value in zip(entries, texts, strict=True):
        entry.embedding = by_text[value]
        entry.embedding_model = semantic.MODEL_NAME


def _known_vectors(entries: Iterable[tuple[str, str, str, bytes | None, str]]) -> dict[str, bytes]:
    """Text → stored vector of these (name, body, terms, embedding, model) index rows."""
    return {
        semantic.service_text(name, body, terms): bytes(blob)
        for name, body, terms, blob, model in entries
        if blob is not None and model == semantic.MODEL_NAME
    }


def _add_words(entries: Iterable[SearchEntry]) -> None:
    found: set[str] = set()
    for entry in entries:
        for field in (entry.name, entry.body, entry.organisation, entry.terms):
            found.update(w for w in text.words(field) if w.isalpha() and 3 <= len(w) <= 60)
    SearchWord.objects.bulk_create([SearchWord(word=w) for w in found], ignore_conflicts=True)


def reindex_service(*, service_id: uuid.UUID) -> SearchEntry | None:
    """Bring one service's index row up to date (or remove it if the service is gone)."""
    entries = reindex_services(service_ids=[service_id])
    return entries[0] if entries else None


def reindex_services(*, service_ids: Iterable[uuid.UUID]) -> list[SearchEntry]:
    """Bring these services' index rows up to date in batches: an import's task of 500
    services is one call of the encoder and one bulk insert per `BATCH`, the texts that did not
    change keep their vectors, and services that are gone leave the index."""
    ids = list(dict.fromkeys(service_ids))
    with transaction.atomic():
        rows = SearchEntry.objects.filter(service_id__in=ids)
        known = _known_vectors(
            rows.values_list("name", "body", "terms", "embedding", "embedding_model")
        )
        old = list(rows.values_list("id", flat=True))
        lexical.forget(old)
        SearchEntry.objects.filter(id__in=old).delete()
        paths = _term_paths()
        entries = []
        for start in range(0, len(ids), BATCH):
            entries.extend(_index(ids[start : start + BATCH], paths, known=known))
    text.vocabulary.forget()
    return entries


def rebuild_index(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole search index from the directory; returns the number of services."""
    with transaction.atomic():
        lexical.clear()
        SearchEntry.objects.all().delete()
        SearchWord.objects.all().delete()
        paths = _term_paths()
        ids = list(Service.objects.order_by("id").values_list("id", flat=True))
        for start in range(0, len(ids), BATCH):
            _index(ids[start : start + BATCH], paths, bulk=True)
            if progress:
                progress(min(start + BATCH, len(ids)), len(ids))
        lexical.optimise()
    # Every row of the index was written again: the planner's statistics with it.
    planner.analyse([SearchEntry, SearchWord])
    text.vocabulary.forget()
    return len(ids)


def search_and_record(*, query: SearchQuery) -> SearchResults:
    """The engine's search, counted as unmet need if it found little (the page and /api/search
    use this; the ORUK feed does not, as harvesting a feed is not a person looking for help)."""
    results = search(query)
    record_search(query=query, results=results)
    return results


# --- The needs vocabulary: phrases the partnership adds (ADR 14) ------------------------------

PHRASE_MAX = 100


def _require_manager(actor: User) -> None:
    require_place_manager(actor, "the needs vocabulary")


@transaction.atomic
def add_need_phrase(*, actor: User, phrase: str, need: str) -> NeedPhrase:
    """Teach search a phrase people use for a need (partnership managers only)."""
    _require_manager(actor)
    cleaned = " ".join(phrase.split()).lower()
    if not needs.tokens(cleaned):
        raise ValidationError({"phrase": "Enter the words people use"})
    if len(cleaned) > PHRASE_MAX:
        raise ValidationError({"phrase": f"The phrase must be {PHRASE_MAX} characters or fewer"})
    if need not in needs.shipped().needs:
        raise ValidationError({"need": "Select the need the phrase is about"})
    if NeedPhrase.objects.filter(phrase=cleaned, need=need).exists():
        raise ValidationError({"phrase": "Search already knows this phrase for that need"})
    added = NeedPhrase.objects.create(phrase=cleaned, need=need, added_by=actor)
    audit.record(
        "need_phrase.added", actor=actor, target=added, details={"phrase": cleaned, "need": need}
    )
    transaction.on_commit(needs.phrases.forget)
    return added


@transaction.atomic
def remove_need_phrase(*, actor: User, phrase_id: int) -> None:
    """Remove a phrase a manager added (the shipped vocabulary is changed in the code)."""
    _require_manager(actor)
    found = NeedPhrase.objects.select_for_update().get(pk=phrase_id)
    audit.record(
        "need_phrase.removed",
        actor=actor,
        target=found,
        details={"phrase": found.phrase, "need": found.need},
    )
    found.delete()
    transaction.on_commit(needs.phrases.forget)
