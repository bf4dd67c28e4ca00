"""The accessibility statement (the GOV.UK model statement, for the Public Sector Bodies
(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018) and the cookies page.

Both are filled from settings: the compliance status, the known issues and the dates of the
statement; and the names and lifetimes of the cookies Django really sets. The privacy notice,
which reads the partnerships' retention periods, is in referrals (ADR 33).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

COMPLIANCE = {
    "full": "fully compliant",
    "partial": "partially compliant",
    "not": "not compliant",
}


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    status = settings.JOINEDUP_ACCESSIBILITY_COMPLIANCE
    return render(
        request,
        "core/legal/accessibility.html",
        {
            "compliance": status if status in COMPLIANCE else "partial",
            "compliance_words": COMPLIANCE.get(status, COMPLIANCE["partial"]),
            "known_issues": settings.JOINEDUP_ACCESSIBILITY_KNOWN_ISSUES,
            "contact_email": settings.JOINEDUP_ACCESSIBILITY_CONTACT_EMAIL,
            "prepared_on": _date(settings.JOINEDUP_ACCESSIBILITY_PREPARED_ON),
            "reviewed_on": _date(settings.JOINEDUP_ACCESSIBILITY_REVIEWED_ON),
            "tested": settings.JOINEDUP_ACCESSIBILITY_TESTED,
        },
    )


def _lifetime(seconds: int | None) -> str:
    if not seconds:
        return "Until you close your browser"
    hours = seconds // 3600
    if hours >= 24 * 7 and hours % (24 * 7) == 0:
        weeks = hours // (24 * 7)
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    if hours >= 24:
        days = hours // 24
        return f"{days} day{'s' if days != 1 else ''}"
    if hours:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = max(1, seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def cookies(request: HttpRequest) -> HttpResponse:
    """The cookies this site sets: all essential, none for analytics or advertising."""
    session_lifetime = (
        None if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else settings.SESSION_COOKIE_AGE
    )
    rows = [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "purpose": "Keeps you signed in, and remembers your answers while you fill in a "
            "form across several pages",
            "expires": _lifetime(session_lifetime),
        },
        {
            "name": settings.CSRF_COOKIE_NAME,
            "purpose": "Protects the forms you fill in from being sent by another website "
            "pretending to be you",
            "expires": _lifetime(settings.CSRF_COOKIE_AGE),
        },
        {
            "name": "messages",
            "purpose": "Shows you a message once, on the next page, after you do something "
            "(for example “Request sent”)",
            "expires": "When you close your browser, or as soon as the message is shown",
        },
    ]
    return render(request, "core/legal/cookies.html", {"rows": rows})
