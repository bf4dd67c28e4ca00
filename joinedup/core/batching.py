"""Rows a use case records one by one but writes together: collected on this thread (or task)
inside `Deferred.collect()` and written by one call as the block ends.

Open `collect()` inside the use case's transaction, so the rows commit or roll back with the
ones they describe. Nothing inside may catch an error and carry on (say, around a savepoint):
the rows recorded before it would still be written. Nothing is written if the block raises.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

Row = TypeVar("Row")


class Deferred(Generic[Row]):
    """Rows waiting for one write (`write`, given every row recorded in the block)."""

    def __init__(self, name: str, write: Callable[[list[Row]], object]) -> None:
        self._pending: contextvars.ContextVar[list[Row] | None] = contextvars.ContextVar(
            name, default=None
        )
        self._write = write

    def defer(self, rows: Iterable[Row]) -> bool:
        """Keep `rows` for the block's write; False outside `collect()` (write them now)."""
        pending = self._pending.get()
        if pending is None:
            return False
        pending.extend(rows)
        return True

    @contextlib.contextmanager
    def collect(self) -> Iterator[None]:
        if self._pending.get() is not None:
            yield  # already collecting: the outer block writes them
            return
        pending: list[Row] = []
        token = self._pending.set(pending)
        try:
            yield
        finally:
            self._pending.reset(token)
        self._write(pending)
