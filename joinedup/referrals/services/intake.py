"""Each service's intake: what it asks for, set by its own organisation, and checking the answers
a referral gives to it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from joinedup.core import audit
from joinedup.core.models import User
from joinedup.directory.models import Service
from joinedup.referrals.models import PERSON_FIELDS, ServiceIntake

MAX_QUESTIONS = 20
MAX_ANSWER_LENGTH = 2000
PERSON_FIELD_NAMES = [name for name, _ in PERSON_FIELDS]


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    hint: str = ""
    required: bool = False


@dataclass(frozen=True)
class Intake:
    """A service's intake as the pages read it; the defaults for a service without settings."""

    person_fields: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()
    accepts_self_referral: bool = False
    next_steps: str = ""
    # ONS4 personal wellbeing asked at referral and at completion.
    asks_wellbeing: bool = False

    def person_field_labels(self) -> list[str]:
        labels = dict(PERSON_FIELDS)
        return [labels[name] for name in self.person_fields if name in labels]


def intake_of(service: Service) -> Intake:
    """The intake settings of `service` (defaults if its organisation has set none)."""
    return _intake(ServiceIntake.objects.filter(service=service).first())


def intakes_of(services: Sequence[Service]) -> list[tuple[Service, Intake]]:
    """Each service with its intake settings, read in one query (a prescription's pages), or
    none when the services were read with theirs (`select_related("intake")`)."""
    cached = [service._state.fields_cache for service in services]
    if all("intake" in fields for fields in cached):
        return [
            (service, _intake(fields["intake"]))
            for service, fields in zip(services, cached, strict=True)
        ]
    rows = {row.service_id: row for row in ServiceIntake.objects.filter(service__in=services)}
    return [(service, _intake(rows.get(service.pk))) for service in services]


def accepts_self_referral(service: Service) -> bool:
    """Whether the public may ask `service` for help directly."""
    return (
        service.organization_id is not None
        and Service.objects.published().filter(pk=service.pk).exists()
        and intake_of(service).accepts_self_referral
    )


def _intake(row: ServiceIntake | None) -> Intake:
    if row is None:
        return Intake()
    questions = tuple(
        Question(
            key=str(q.get("key", "")),
            label=str(q.get("label", "")),
            hint=str(q.get("hint", "")),
            required=bool(q.get("required", False)),
        )
        for q in row.questions or []
        if q.get("key") and q.get("label")
    )
    return Intake(
        person_fields=tuple(f for f in row.person_fields or [] if f in PERSON_FIELD_NAMES),
        questions=questions,
        accepts_self_referral=row.accepts_self_referral,
        next_steps=row.next_steps,
        asks_wellbeing=row.asks_wellbeing,
    )


def _question_key(label: str, taken: set[str]) -> str:
    base = slugify(label)[:40].replace("-", "_") or "question"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def set_service_intake(
    *,
    actor: User,
    service: Service,
    person_fields: Sequence[str],
    questions: Sequence[Mapping[str, Any]],
    accepts_self_referral: bool,
    next_steps: str = "",
    asks_wellbeing: bool | None = None,
) -> ServiceIntake:
    """Set what `service` asks of a referral. Only people who can edit the service may.

    A question keeps its `key` when it has one, so answers given before an edit still name it;
    a new question gets a key made from its words. `asks_wellbeing` None leaves it as it is.
    """
    if not Service.objects.editable_by(actor).filter(pk=service.pk).exists():
        raise PermissionDenied("Only the service's organisation can change its intake")
    errors: dict[str, str] = {}
    unknown = [f for f in person_fields if f not in PERSON_FIELD_NAMES]
    if unknown:
        errors["person_fields"] = "Choose details from the list"
    if len(questions) > MAX_QUESTIONS:
        errors["questions"] = f"A service can ask at most {MAX_QUESTIONS} questions"
    cleaned: list[dict[str, Any]] = []
    taken: set[str] = set()
    for question in questions:
        label = " ".join(str(question.get("label", "")).split())
        if not label:
            errors["questions"] = "Enter the words of each question"
            continue
        key = str(question.get("key", "")).strip()
        if not re.fullmatch(r"[a-z0-9_]{1,60}", key) or key in taken:
            key = _question_key(label, taken)
        taken.add(key)
        cleaned.append(
            {
                "key": key,
                "label": label[:300],
                "hint": " ".join(str(question.get("hint", "")).split())[:500],
                "required": bool(question.get("required", False)),
            }
        )
    if errors:
        raise ValidationError(errors)
    # Keep the order of the list of person fields, not the order they were ticked in.
    fields = [name for name in PERSON_FIELD_NAMES if name in set(person_fields)]
    with transaction.atomic():
        intake, _ = ServiceIntake.objects.select_for_update().get_or_create(service=service)
        intake.person_fields = fields
        intake.questions = cleaned
        intake.accepts_self_referral = accepts_self_referral
        intake.next_steps = next_steps.strip()
        if asks_wellbeing is not None:
            intake.asks_wellbeing = asks_wellbeing
        intake.updated_by = actor
        intake.save()
        audit.record(
            "service.intake_changed",
            actor=actor,
            target=service,
            organization=service.organization,
            details={
                "person_fields": fields,
                "questions": [q["key"] for q in cleaned],
                "accepts_self_referral": accepts_self_referral,
                "asks_wellbeing": intake.asks_wellbeing,
            },
        )
    return intake


def check_intake_answers(*, intake: Intake, answers: Mapping[str, Any]) -> dict[str, str]:
    """The answers to `intake`'s own questions, trimmed; ValidationError keyed by question key
    for each required one left empty or any too long. Answers to no question are dropped."""
    errors: dict[str, str] = {}
    kept: dict[str, str] = {}
    for question in intake.questions:
        value = str(answers.get(question.key, "") or "").strip()
        if question.required and not value:
            errors[question.key] = f"Answer “{question.label}”"
        elif len(value) > MAX_ANSWER_LENGTH:
            errors[question.key] = f"Keep the answer to “{question.label}” under 2,000 characters"
        if value:
            kept[question.key] = value
    if errors:
        raise ValidationError(errors)
    return kept
