"""Turning what a person typed into search terms: words, spelling fixes and synonyms.

Shared by the index (which words exist) and the query side (what to look for), so both read
text the same way.
"""

from __future__ import annotations

import functools
import html
import importlib.resources
import itertools
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from django.utils.html import strip_tags
from symspellpy.editdistance import DistanceAlgorithm, EditDistance  # type: ignore[import-untyped]

SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.json"
# Letters in any script ("café", "Łódź"), with &, +, ' and - kept inside a word ("a&e").
WORD_RE = re.compile(r"[^\W_](?:[\w&+'-]*[\w+])?")
# Words that say nothing about a need; dropping them keeps "I can't cope" from matching
# every description that contains "can".
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "can",
        "cant",
        "can't",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "dont",
        "don't",
        "for",
        "from",
        "get",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "help",
        "her",
        "here",
        "him",
        "his",
        "how",
        "i",
        "i'm",
        "im",
        "in",
        "into",
        "is",
        "it",
        "its",
        "it's",
        "just",
        "me",
        "my",
        "need",
        "needs",
        "near",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "out",
        "please",
        "she",
        "so",
        "some",
        "support",
        "that",
        "the",
        "their",
        "them",
        "there",
        "they",
        "this",
        "to",
        "too",
        "us",
        "very",
        "want",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)
# The vocabulary is read from the database at most once per this many seconds per process,
# so a word added by an edit is correctable on every app server within a few minutes.
VOCABULARY_TTL_S = 300


def plain_text(value: str) -> str:
    """Text with HTML tags and entities removed (service descriptions may carry markup)."""
    return html.unescape(strip_tags(value or ""))


def words(text: str) -> list[str]:
    """Lower-case words in order, apostrophes and hyphens kept inside a word."""
    return WORD_RE.findall(text.lower().replace("\u2019", "'"))


def content_words(text: str) -> list[str]:
    """Words minus stopwords, duplicates removed, order kept."""
    return list(dict.fromkeys(w for w in words(text) if w not in STOPWORDS))


@functools.cache
def synonym_groups() -> list[tuple[str, ...]]:
    with SYNONYMS_FILE.open(encoding="utf-8") as f:
        return [tuple(group) for group in json.load(f)["groups"]]


@functools.cache
def _synonym_index() -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for group in synonym_groups():
        for phrase in group:
            # Keyed as the query side sees it: "nowhere to sleep" is typed, "nowhere sleep" parsed.
            index.setdefault(" ".join(content_words(phrase)) or phrase, []).append(group)
    return index


class _Vocabulary:
    def __init__(self) -> None:
        self.loaded_at = -float(VOCABULARY_TTL_S)
        self.words: frozenset[str] = frozenset()
        self.buckets: dict[tuple[str, int], list[str]] = {}

    def get(self) -> _Vocabulary:
        if time.monotonic() - self.loaded_at >= VOCABULARY_TTL_S:
            from joinedup.search.models import SearchWord

            self.words = frozenset(SearchWord.objects.values_list("word", flat=True))
            self.buckets = _buckets(self.words)
            self.loaded_at = time.monotonic()
        return self

    def forget(self) -> None:
        self.loaded_at = -float(VOCABULARY_TTL_S)


vocabulary = _Vocabulary()

# Spelling help (ADR 15). A word is corrected only when it is not a word: not in the English
# dictionary that symspellpy ships (82,765 words with their frequencies in a large corpus, read
# from the installed package, nothing downloaded), not a UK service word, not in the index.
ENGLISH_FILE = "frequency_dictionary_en_82_765.txt"
SERVICE_WORDS_FILE = Path(__file__).resolve().parent / "data" / "service_words.txt"
# Short words have too many neighbours ("lo" could be "low", "lot", "log"): left alone.
MIN_CORRECTED_LENGTH = 5
# Edits allowed (a letter added, dropped, changed or two swapped): one for words of up to
# seven letters, two from eight ("accomodation", "councelling").
LONG_WORD = 8
# A correction two edits away must be a common word (its corpus count; "dementia" is 2.4M,
# the dictionary's rarest words 13k) or a word of the index: the typed word is unknown, so a
# common word is far more likely to be what was meant than a rare one.
COMMON_COUNT = 1_000_000
# Service and index words that the English list lacks count as this common.
SERVICE_WORD_COUNT = COMMON_COUNT


def _buckets(known: frozenset[str] | set[str]) -> dict[tuple[str, int], list[str]]:
    """Words by (first two letters, length): a long misspelling is compared with few of them."""
    found: dict[tuple[str, int], list[str]] = {}
    for word in sorted(known):
        if len(word) >= LONG_WORD - 2 and word.isalpha():
            found.setdefault((word[:2], len(word)), []).append(word)
    return found


@functools.cache
def english() -> dict[str, int]:
    """The English dictionary: word → how often it occurs in the package's corpus."""
    counts: dict[str, int] = {}
    source = importlib.resources.files("symspellpy").joinpath(ENGLISH_FILE)
    with source.open(encoding="utf-8") as f:
        for line in f:
            word, _, count = line.partition(" ")
            counts[word] = int(count)
    return counts


@functools.cache
def service_words() -> frozenset[str]:
    """UK service words (data/service_words.txt): real words however rare in English."""
    with SERVICE_WORDS_FILE.open(encoding="utf-8") as f:
        lines = (line.strip().lower() for line in f)
        return frozenset(line for line in lines if line and not line.startswith("#"))


@functools.cache
def _common_buckets() -> dict[tuple[str, int], list[str]]:
    # Two edits away, only a common word or a service word may be meant (see COMMON_COUNT).
    common = {w for w, count in english().items() if count >= COMMON_COUNT}
    return _buckets(common | service_words())


@functools.cache
def _distance() -> EditDistance:
    return EditDistance(DistanceAlgorithm.DAMERAU_OSA)


def _count(word: str) -> int:
    return english().get(word, SERVICE_WORD_COUNT)


def is_word(word: str) -> bool:
    """Whether a word is English, a UK service word or a word of the index (never corrected)."""
    lists = (english(), service_words(), vocabulary.get().words)
    forms = {word, word.removesuffix("'s"), word.removesuffix("'")}
    return any(form in known for form in forms for known in lists)


def _one_edit(word: str) -> set[str]:
    """Every string one edit from the word that keeps its first letter (Norvig's edits1)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(1, len(word) + 1)]
    return {
        *(a + b[1:] for a, b in splits if b),
        *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1),
        *(a + c + b[1:] for a, b in splits if b for c in letters),
        *(a + c + b for a, b in splits for c in letters),
    }


def correct(word: str) -> str | None:
    """The word meant by a misspelt one ("dementai" → "dementia"), or None.

    Only a word that is not a word (`is_word`), of five letters or more and letters only, is
    corrected, and only towards a word with the same first letter (people rarely get that one
    wrong) one edit away; failing that, for a long word, a common word with the same first two
    letters two edits away. Of several, a word of the index wins (it finds services), then the
    commoner.
    """
    if len(word) < MIN_CORRECTED_LENGTH or not word.isalpha() or is_word(word):
        return None
    index = vocabulary.get()
    return _corrected(word, index.loaded_at)


@functools.lru_cache(maxsize=4096)
def _corrected(word: str, loaded_at: float) -> str | None:
    # Cached per vocabulary load: a typo people keep making is worked out once per process.
    index = vocabulary.get()
    counts, services = english(), service_words()
    near = [w for w in _one_edit(word) if w in counts or w in services or w in index.words]
    if not near and len(word) >= LONG_WORD:
        for length in range(len(word) - 2, len(word) + 3):
            key = (word[:2], length)
            for candidate in {*_common_buckets().get(key, ()), *index.buckets.get(key, ())}:
                if _distance().compare(word, candidate, 2) >= 0:
                    near.append(candidate)
    ranked = sorted(near, key=lambda w: (w not in index.words, -_count(w), w))
    return ranked[0] if ranked else None


def _names(text: str) -> set[str]:
    """Words typed as names: capitalised after the first word ("Lockleaze") or in capitals
    ("PIP"). Never corrected. In a text typed all in capitals or capitalised word by word,
    capitals say nothing."""
    typed = WORD_RE.findall(text.replace("\u2019", "'"))
    capitalised = [w for w in typed[1:] if w[0].isupper()]
    if len(typed) > 1 and len(capitalised) == len(typed) - 1:
        return set()
    shouting = [w for w in typed if w.isupper() and len(w) > 1]
    if len(typed) > 1 and len(shouting) == len(typed):
        return set()
    return {w.lower() for w in [*capitalised, *shouting]}


def spelled_as_corrected(text: str, corrections: dict[str, str]) -> str:
    """The text with each corrected word replaced, the rest as typed: what was searched for."""
    out = text
    for typed, used in corrections.items():
        out = re.sub(rf"(?<![\w'&+-]){re.escape(typed)}(?![\w'&+-])", used, out, flags=re.I)
    return " ".join(out.split())


@dataclass(frozen=True)
class ParsedText:
    """The terms to search for, each a phrase of one or more words, and how we got them."""

    words: tuple[str, ...]  # what the person typed (content words, after corrections)
    terms: tuple[str, ...]  # words + synonym phrases: what the full-text engine looks for
    corrections: dict[str, str]
    synonyms: dict[str, tuple[str, ...]]


def parse(text: str, *, spelling: bool = True) -> ParsedText:
    """Content words, spelling corrections (unless `spelling` is off: the person asked for
    exactly what they typed) and synonym expansions of a query text."""
    typed = content_words(text)
    index = _synonym_index()
    names = _names(text) if spelling else set()
    corrections: dict[str, str] = {}
    final: list[str] = []
    for word in typed:
        fixed = None if not spelling or word in index or word in names else correct(word)
        if fixed and fixed != word:
            corrections[word] = fixed
        final.append(fixed or word)
    # Two-word phrases count too ("citizens advice", "food bank").
    phrases = [*final, *(f"{a} {b}" for a, b in itertools.pairwise(final))]
    synonyms: dict[str, tuple[str, ...]] = {}
    for phrase in phrases:
        related = {s for group in index.get(phrase, []) for s in group if s != phrase}
        if related:
            synonyms[phrase] = tuple(sorted(related))
    terms = list(dict.fromkeys([*final, *(s for group in synonyms.values() for s in group)]))
    return ParsedText(tuple(final), tuple(terms), corrections, synonyms)
