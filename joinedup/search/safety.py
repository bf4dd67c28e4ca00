"""Does what a person typed, or the category they chose, signal risk to life, self-harm, abuse
or immediate danger? If so, the page shows crisis help above everything else (ADR 13).

Two readings, either is enough:

- **Patterns** (`data/crisis_patterns.json`): reviewed phrases of how people in distress write
  ("kill myself", "he hits me", "scared to go home"), misspellings included. Phrases about a
  service or about someone else's death ("support after suicide", "alcohol abuse", "crisis
  loan") are blanked first, so they neither trigger nor hide other words.
- **Meaning**: the sentence model that search already runs compares the text with prototype
  sentences of each kind. A kind counts when the text is very close to one of its prototypes,
  or close and clearly closer to it than to any everyday need ("feeling low", "bereavement").

A missed crisis costs more than an extra panel, so the thresholds are set low enough that every
phrase of the test corpus is caught by meaning alone where it can be; false panels on ordinary
words are what the margin against everyday needs is for.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from joinedup.search import crisis_learned, semantic

log = logging.getLogger(__name__)

PATTERNS_FILE = Path(__file__).parent / "data" / "crisis_patterns.json"
# The prototypes' vectors, computed once by `joinedup crisis_prototypes` and shipped: embedding
# the 117 sentences took a process's first search several seconds (ADR 20). Used only while
# their fingerprint (the model and every sentence) matches; otherwise embedded at run time.
PROTOTYPES_FILE = Path(__file__).parent / "data" / "crisis_prototypes.npz"

# The kinds, most urgent first: the order the panel reads them in. "attack" (someone with a
# weapon, breaking in or attacking now) and "fire" are sorts of immediate danger, read by
# patterns of their own so that the panel's first words and the results beneath it suit them
# (a silent 999 call is for someone who cannot speak because a person is near, not for a
# fire); "exposure" (a baby or an older person in a home without heat, a young person put out
# with nowhere to sleep, days without food) is danger to health from where someone is, not from
# a person near, so it leads with NHS 111 and has no silent call; it comes last, so that any
# other kind the patterns read leads the panel ("my dad hit me and kicked me out" is abuse
# first). "danger" is the rest, and what the meaning model reads. Outside joinedup (the API's
# `crisis.kinds`) every sort is reported as "danger".
KINDS = (
    "attack",
    "fire",
    "danger",
    "medical",
    "suicide",
    "self_harm",
    "abuse",
    "crisis",
    "exposure",
)
DANGER_SORTS = frozenset({"attack", "fire", "exposure"})

# Meaning thresholds (cosine similarity, all-MiniLM-L6-v2), chosen on the test corpus in
# joinedup/search/tests/test_safety.py as ADR 13 records: at or above SURE a kind counts
# outright; at or above LIKELY it counts when it beats the closest everyday need by MARGIN.
SURE = 0.70
LIKELY = 0.50
MARGIN = 0.06


@dataclass(frozen=True)
class Signal:
    """What was signalled: the kinds (most urgent first), whether the page should carry "Exit
    this page", and how it was found ("words", "meaning", "category")."""

    kinds: tuple[str, ...] = ()
    exit_page: bool = False
    found_by: tuple[str, ...] = field(default=(), compare=False)
    # The kinds the reviewed patterns read (in the text or a chosen category's name).
    worded: tuple[str, ...] = field(default=(), compare=False)
    # Whether the words name a partner, an ex or a relative as the one doing it ("my ex has a
    # knife"): an attack by one of them is domestic abuse; by anyone else it is not.
    close: bool = field(default=False, compare=False)

    @property
    def shown(self) -> bool:
        return bool(self.kinds)

    @property
    def leading(self) -> tuple[str, ...]:
        """The kinds in the order the panel puts its help: those the reviewed patterns read
        (most urgent first), then those the model alone read. The model reads "i want to kill
        myself" close to danger from a person too; the patterns read thoughts of suicide, and
        the panel leads with the help for that (Samaritans, not the abuse helpline)."""
        return (*self.worded, *(k for k in self.kinds if k not in self.worded))

    def __or__(self, other: Signal) -> Signal:
        kinds = set(self.kinds) | set(other.kinds)
        worded = set(self.worded) | set(other.worded)
        return Signal(
            kinds=tuple(k for k in KINDS if k in kinds),
            exit_page=self.exit_page or other.exit_page,
            found_by=tuple(dict.fromkeys((*self.found_by, *other.found_by))),
            worded=tuple(k for k in KINDS if k in worded),
            close=self.close or other.close,
        )


NO_SIGNAL = Signal()


@dataclass(frozen=True)
class _Kind:
    name: str
    label: str
    exit_page: bool
    patterns: tuple[re.Pattern[str], ...]
    prototypes: tuple[str, ...]


@dataclass(frozen=True)
class _Rules:
    masks: tuple[re.Pattern[str], ...]
    kinds: tuple[_Kind, ...]
    ordinary: tuple[str, ...]
    close: tuple[re.Pattern[str], ...]
    # What the patterns read in each text lately: a search's text is read twice (its results
    # and its panel), and a text searched again is read again (at most READ_KEPT, then afresh).
    read: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def kind(self, name: str) -> _Kind:
        return next(k for k in self.kinds if k.name == name)


READ_KEPT = 4096
_WORD_LIST = re.compile(r"\{([A-Z]+)\}")
_G_DROPPED = re.compile(r"ing(?![a-z])")


def _compile(pattern: str, words: dict[str, str]) -> re.Pattern[str]:
    def expand(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "GAP":
            return "(?: [a-z0-9]+){0,4}"
        return f"(?:{_WORD_LIST.sub(expand, words[name])})"

    # People in a hurry drop the g ("hes hittin me", "been cuttin"): every word a pattern ends
    # in "ing" also matches without it, so no pattern has to be written twice.
    source = _G_DROPPED.sub("in(?:g)?", _WORD_LIST.sub(expand, pattern))
    # Whole words only: the text is words separated by single spaces.
    return re.compile(rf"(?<![a-z0-9])(?:{source})(?![a-z0-9])")


@functools.cache
def rules() -> _Rules:
    """The reviewed patterns and prototypes, compiled once per process."""
    data = json.loads(PATTERNS_FILE.read_text(encoding="utf-8"))
    words = data["words"]
    kinds = tuple(
        _Kind(
            name=name,
            label=data["kinds"][name]["label"],
            exit_page=bool(data["kinds"][name]["exit_page"]),
            patterns=tuple(_compile(p, words) for p in data["kinds"][name]["patterns"]),
            prototypes=tuple(data["kinds"][name]["prototypes"]),
        )
        for name in KINDS
    )
    masks = tuple(_compile(p, words) for p in data["masks"])
    close = tuple(_compile(p, words) for p in data["close"])
    return _Rules(masks=masks, kinds=kinds, ordinary=tuple(data["ordinary"]), close=close)


_APOSTROPHES = re.compile("['`\u2018\u2019\u02bc]")


def normalise(text: str) -> str:
    """Lower case, apostrophes dropped ("don't" → "dont"), every other mark a space."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = _APOSTROPHES.sub("", text.encode("ascii", "ignore").decode())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


# What a blanked phrase leaves in its place: no pattern's word or gap matches it, so the words
# either side of it are not read as one phrase ("can't cut her grass any more" is not "can't
# ... any more").
BLANK = "_"


def _masked(text: str) -> str:
    for mask in rules().masks:
        text = mask.sub(f" {BLANK} ", text)
    return " ".join(text.split())


def _unblanked(text: str) -> str:
    return " ".join(w for w in text.split() if w != BLANK)


def _by_words(text: str) -> set[str]:
    rule_set = rules()
    found = rule_set.read.get(text)
    if found is None:
        found = frozenset(k.name for k in rule_set.kinds if any(p.search(text) for p in k.patterns))
        if len(rule_set.read) >= READ_KEPT:
            rule_set.read.clear()
        rule_set.read[text] = found
    return set(found)


def matched_words(text: str) -> list[tuple[str, ...]]:
    """The words each reviewed pattern matched in a text, after the masks ("abuse" in "racist
    abuse", "wont leave me alone"): what said the risk, for a reader to weigh against its own
    reading of the same words."""
    masked = _masked(normalise(text))
    return [
        tuple(m.group(0).split())
        for k in rules().kinds
        for p in k.patterns
        for m in p.finditer(masked)
        if m.group(0).strip()
    ]


def prototype_texts() -> list[str]:
    """Every prototype sentence, kinds in order, then the everyday needs."""
    rule_set = rules()
    return [t for k in rule_set.kinds for t in k.prototypes] + list(rule_set.ordinary)


def fingerprint(texts: list[str]) -> str:
    """What the shipped vectors were computed from: the model and the sentences."""
    content = json.dumps({"model": semantic.MODEL_NAME, "texts": texts}, ensure_ascii=False)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def shipped_vectors(texts: list[str], path: Path | None = None) -> np.ndarray | None:
    """The shipped vectors of these sentences, or None when the file is missing or was made
    from other sentences or another model."""
    try:
        with np.load(path or PROTOTYPES_FILE, allow_pickle=False) as data:
            if str(data["fingerprint"]) != fingerprint(texts):
                return None
            vectors: np.ndarray = data["vectors"].astype(np.float32)
    except (OSError, KeyError, ValueError):
        return None
    return vectors if vectors.shape[0] == len(texts) else None


def write_prototype_vectors(path: Path | None = None) -> int:
    """Embed the prototype sentences and write them with their fingerprint; how many."""
    texts = prototype_texts()
    vectors = semantic.embed(texts)
    if vectors is None:
        raise RuntimeError("The sentence model is not available")
    np.savez_compressed(
        path or PROTOTYPES_FILE,
        vectors=np.asarray(vectors, dtype=np.float32),
        fingerprint=fingerprint(texts),
    )
    return len(texts)


class _Prototypes:
    """The prototype sentences' vectors, embedded once per process for its encoder (None: no
    model). Read again when the encoder changes (a setting switched the model off and on):
    vectors missing because the model was off must not outlive it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.loaded = False
        self.encoder: object | None = None
        self.kinds: list[tuple[str, np.ndarray]] = []
        self.ordinary: np.ndarray | None = None

    def get(self) -> _Prototypes | None:
        encoder = semantic.encoder()
        with self.lock:
            if not self.loaded or encoder is not self.encoder:
                self.loaded = True
                self.encoder = encoder
                self.kinds = []
                self.ordinary = None
                if encoder is not None:  # no model: the query cannot be read by meaning
                    self._load()
        return self if self.ordinary is not None else None

    def _load(self) -> None:
        rule_set = rules()
        texts = prototype_texts()
        vectors = shipped_vectors(texts)
        if vectors is None:
            log.warning("Crisis prototype vectors are stale: run `joinedup crisis_prototypes`")
            vectors = semantic.embed(texts)
        if vectors is None:
            return
        start = 0
        for kind in rule_set.kinds:
            self.kinds.append((kind.name, vectors[start : start + len(kind.prototypes)]))
            start += len(kind.prototypes)
        self.ordinary = vectors[start:]

    def forget(self) -> None:
        with self.lock:
            self.loaded = False
            self.encoder = None
            self.kinds = []
            self.ordinary = None


prototypes = _Prototypes()


def closeness(text: str) -> dict[str, float] | None:
    """Cosine similarity of the text to the closest prototype of each kind and (as "ordinary")
    to the closest everyday need; None without the model."""
    held = prototypes.get()
    if held is None or held.ordinary is None or not text.strip():
        return None
    vector = semantic.embed_query(text.strip())
    if vector is None:
        return None
    # A kind read by its patterns alone (a medical emergency) has no prototypes.
    scores = {name: float(np.max(vectors @ vector)) for name, vectors in held.kinds if len(vectors)}
    scores["ordinary"] = float(np.max(held.ordinary @ vector))
    return scores


def _by_meaning(text: str, *, learned: bool = True) -> set[str]:
    """The kinds the model reads: those whose prototypes the text is close to (above); else,
    when `learned` and the learned trigger reads the text as risk, the kind of its closest risk
    phrasing (`crisis_learned.Learned.read`)."""
    scores = closeness(text)
    if not scores:
        return set()
    ordinary = scores.pop("ordinary")
    close = {
        name
        for name, score in scores.items()
        if score >= SURE or (score >= LIKELY and score - ordinary >= MARGIN)
    }
    if close or not learned:
        return close
    trigger = crisis_learned.learned()
    vector = semantic.embed_query(text.strip())
    kind = None if trigger is None or vector is None else trigger.read(vector)
    if kind is None:
        return set()
    # The kind the patterns read in the closest risk phrasing, else the closest prototype's.
    return {kind or max(scores, key=scores.__getitem__)}


def meaning_text(text: str) -> str:
    """What the meaning side reads of a text: what the person typed; when a service phrase or
    an everyday sense was blanked, only the rest ("" when nothing is left)."""
    plain = normalise(text)
    return _meaning_text(text, plain, _masked(plain))


def _meaning_text(text: str, plain: str, masked: str) -> str:
    return text if masked == plain else _unblanked(masked)


def _signal(kinds: set[str], found_by: str) -> Signal:
    if not kinds:
        return NO_SIGNAL
    rule_set = rules()
    ordered = tuple(k for k in KINDS if k in kinds)
    return Signal(
        kinds=ordered,
        exit_page=any(rule_set.kind(k).exit_page for k in kinds),
        found_by=(found_by,),
        worded=ordered if found_by != "meaning" else (),
    )


def assess_text(text: str) -> Signal:
    """What the words and their meaning signal."""
    plain = normalise(text)
    masked = _masked(plain)
    rest = _unblanked(masked)
    if not rest:
        return NO_SIGNAL
    signal = _signal(_by_words(masked), "words")
    if signal.shown and any(p.search(masked) for p in rules().close):
        signal = replace(signal, close=True)
    # The model reads what the person typed; when a service phrase was blanked, only the rest.
    # The learned trigger is for what nothing else reads: beside the patterns' reading, the
    # kind of its closest prototype would only change the panel's order ("baby drank bleach"
    # is the medical emergency's).
    meaning = _by_meaning(_meaning_text(text, plain, masked), learned=not signal.shown)
    return signal | _signal(meaning, "meaning")


def kinds_by_words(text: str) -> set[str]:
    """The kinds the reviewed patterns read in a text, without the model: what a reader of the
    signal can put before the model's reading of the same text."""
    return _by_words(_masked(normalise(text)))


def assess_category(name: str) -> Signal:
    """What a category's name signals, by its words only: names are short labels ("Domestic
    abuse", "Crisis support"), where the meaning model is less sure than on sentences."""
    masked = _masked(normalise(name))
    return _signal(_by_words(masked), "category") if _unblanked(masked) else NO_SIGNAL


def assess(text: str, *, category_names: Iterable[str] = ()) -> Signal:
    """The signal of a search or a request for help: the typed text and the names of any
    chosen category and its parents."""
    signal = assess_text(text) if text and text.strip() else NO_SIGNAL
    for name in category_names:
        signal = signal | assess_category(name)
    return signal


def reported_kinds(kinds: Iterable[str]) -> tuple[str, ...]:
    """The kinds as the API reports them: a sort of danger is "danger"."""
    return tuple(dict.fromkeys("danger" if k in DANGER_SORTS else k for k in kinds))


def label(kind: str) -> str:
    """A kind in plain words ("thoughts of suicide")."""
    return rules().kind(kind).label
