"""Turning what a person typed into search terms: words, spelling fixes and synonyms.

Shared by the index (which words exist) and the query side (what to look for), so both read
text the same way.
"""

from __future__ import annotations

import difflib
import functools
import html
import itertools
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from django.utils.html import strip_tags

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
        self.by_initial: dict[str, list[str]] = {}

    def get(self) -> _Vocabulary:
        if time.monotonic() - self.loaded_at >= VOCABULARY_TTL_S:
            from joinedup.search.models import SearchWord

            self.words = frozenset(SearchWord.objects.values_list("word", flat=True))
            self.by_initial = {}
            for word in sorted(self.words):
                self.by_initial.setdefault(word[0], []).append(word)
            self.loaded_at = time.monotonic()
        return self

    def forget(self) -> None:
        self.loaded_at = -float(VOCABULARY_TTL_S)


vocabulary = _Vocabulary()


def correct(word: str) -> str | None:
    """The closest index word to a misspelt one ("dementai" → "dementia"), or None.

    Only words of four or more letters that the index does not know are corrected, and only
    towards words with the same first letter and a similar length: people rarely get the
    first letter wrong, and it keeps the comparison to a small slice of the vocabulary.
    """
    vocab = vocabulary.get()
    if len(word) < 4 or not word.isalpha() or word in vocab.words:
        return None
    candidates = [w for w in vocab.by_initial.get(word[0], []) if abs(len(w) - len(word)) <= 2]
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=0.8)
    return found[0] if found else None


@dataclass(frozen=True)
class ParsedText:
    """The terms to search for, each a phrase of one or more words, and how we got them."""

    words: tuple[str, ...]  # what the person typed (content words, after corrections)
    terms: tuple[str, ...]  # words + synonym phrases: what the full-text engine looks for
    corrections: dict[str, str]
    synonyms: dict[str, tuple[str, ...]]


def parse(text: str) -> ParsedText:
    """Content words, spelling corrections and synonym expansions of a query text."""
    typed = content_words(text)
    index = _synonym_index()
    corrections: dict[str, str] = {}
    final: list[str] = []
    for word in typed:
        fixed = word if word in index else correct(word)
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
