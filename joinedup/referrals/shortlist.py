"""A practitioner's shortlist of services, kept in the session while they search.

Services are added from search results and service pages and referred to together ("Refer to
these services"). The session is database-backed, so any app server can read it; nothing about
a person is kept here, only service ids.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject, cached_property

from joinedup.directory.models import Membership

SESSION_KEY = "shortlist"
# The name of the service just added, for a one-off banner on the page the referrer goes back to.
ADDED_KEY = "shortlist_added"
# A prescription rarely has more than a handful; the cap keeps the session small.
MAX_SHORTLIST = 10


def _clean(value: Any) -> str | None:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


class Shortlist:
    """The service ids on the shortlist of the session of `request`, in the order added."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        stored = request.session.get(SESSION_KEY, []) if hasattr(request, "session") else []
        self.ids: list[str] = [i for i in (_clean(v) for v in stored) if i]

    @cached_property
    def practitioner(self) -> bool:
        """Whether the signed-in user belongs to an organisation (only they refer, so only
        they are offered the shortlist); read once per page, however many results it has."""
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        return Membership.objects.filter(user=user).exists()

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, service_id: object) -> bool:
        return str(service_id) in self.ids

    def add(self, service_id: str) -> bool:
        """Add one service; False if the shortlist is full (adding one already on it is fine)."""
        cleaned = _clean(service_id)
        if cleaned is None or cleaned in self.ids:
            return cleaned is not None
        if len(self.ids) >= MAX_SHORTLIST:
            return False
        self.ids.append(cleaned)
        self._save()
        return True

    def remove(self, *service_ids: str) -> None:
        gone = {_clean(i) for i in service_ids}
        self.ids = [i for i in self.ids if i not in gone]
        self._save()

    def added_now(self, name: str) -> None:
        self.request.session[ADDED_KEY] = name

    @property
    def just_added(self) -> str:
        """The service just added (once: the banner that says so is shown one time)."""
        if not hasattr(self.request, "session"):
            return ""
        return str(self.request.session.pop(ADDED_KEY, "") or "")

    def _save(self) -> None:
        self.request.session[SESSION_KEY] = list(self.ids)


def shortlist_context(request: HttpRequest) -> dict[str, Any]:
    """`shortlist` on every page (its count in the header; which results are on it), read
    from the session only when a template asks."""
    return {"shortlist": SimpleLazyObject(lambda: Shortlist(request))}
