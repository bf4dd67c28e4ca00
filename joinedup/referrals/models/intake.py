"""What each service's intake asks for, set by the service's own organisation."""

from __future__ import annotations

from django.conf import settings
from django.db import models

# The person's details a service may ask for beyond name and how to contact them. A receiving
# service sees only the fields its intake names (data minimisation).
PERSON_FIELDS = (
    ("date_of_birth", "Date of birth"),
    ("postcode", "Postcode"),
    ("address", "Address"),
    ("phone", "Phone number"),
    ("email", "Email address"),
    ("preferred_language", "Preferred language"),
    ("access_needs", "Access needs"),
    ("nhs_number", "NHS number"),
)


# How the person asked to be contacted needs the matching detail beside it.
CONTACT_DETAIL = {"phone": "phone", "email": "email", "post": "address"}


class ServiceIntake(models.Model):
    """One service's intake form: which person fields it needs, and its own questions.

    `questions` is a list of {"key": str, "label": str, "hint": str, "required": bool}.
    A service without a row asks for the default fields only.
    """

    service = models.OneToOneField(
        "directory.Service", on_delete=models.CASCADE, related_name="intake"
    )
    person_fields = models.JSONField(default=list, blank=True)
    questions = models.JSONField(default=list, blank=True)
    accepts_self_referral = models.BooleanField(default=False)
    # ONS4 personal wellbeing asked at referral and at completion (`models.wellbeing`).
    asks_wellbeing = models.BooleanField(default=False)
    # Shown to the referrer (and the person, for logged referrals): what happens next.
    next_steps = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Intake for {self.service}"


def receiver_person_fields(contact_preference: str, intake: ServiceIntake | None) -> list[str]:
    """The person's fields the receiving service is shown, in order: name and how to contact
    them (with the matching detail), then only what its intake names (data minimisation)."""
    known = {name for name, _ in PERSON_FIELDS}
    names = ["name", "contact_preference"]
    detail = CONTACT_DETAIL.get(contact_preference)
    if detail:
        names.append(detail)
    names += [f for f in (intake.person_fields if intake else []) or [] if f in known]
    return list(dict.fromkeys(names))
