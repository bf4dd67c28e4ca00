"""The directory's one outgoing port: "these listings changed".

Directory use cases call `listings_changed(ids)` inside their transaction, as plainly as they
write their audit line. An app above that keeps its own copy of listings (search's index)
subscribes once, in its AppConfig.ready, with a function taking the ids; the directory never
imports it (ADR 18). Not a Django signal: nothing fires from save(), a bulk load says nothing
unless it calls this, and the one message has one typed signature.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

ListingsChanged = Callable[[Iterable[uuid.UUID]], None]

_subscribers: list[ListingsChanged] = []


def subscribe(handler: ListingsChanged) -> None:
    """Call `handler` with the ids of every change from now on (once, however often asked)."""
    if handler not in _subscribers:
        _subscribers.append(handler)


def listings_changed(service_ids: Iterable[uuid.UUID]) -> None:
    """Tell each subscriber these services changed (call it inside the use case's transaction:
    a subscriber that works after commit, as search does, then skips a rolled-back change)."""
    # Read once, here, inside the transaction (the ids may come from a QuerySet).
    ids = list(service_ids)
    for handler in _subscribers:
        handler(ids)
