"""ONS4 personal wellbeing, asked at referral and at completion by services that switch it on.

The four questions are the Office for National Statistics' personal well-being measures, free to
use, in their published words. Every answer is optional for the person: "prefer not to say" and
a question left unanswered are both stored as no value, and neither is ever counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models

from joinedup.referrals.models.referrals import Referral


class Moment(models.TextChoices):
    """When the questions were asked: as the referral was made, and as it was completed."""

    REFERRAL = "referral", "At referral"
    COMPLETION = "completion", "At completion"


@dataclass(frozen=True)
class Measure:
    key: str
    question: str
    short: str
    # Anxiety is the one measure where a lower score is better.
    lower_is_better: bool = False


# The ONS wording (ONS, "Personal well-being user guidance"): each asked on a scale where 0 is
# "not at all" and 10 is "completely".
INTRODUCTION = (
    "Next I would like to ask you four questions about your feelings on aspects of your life. "
    "There are no right or wrong answers. For each of these questions I'd like you to give an "
    "answer on a scale of 0 to 10, where 0 is \u201cnot at all\u201d and 10 is "
    "\u201ccompletely\u201d."
)
MEASURES = (
    Measure(
        "life_satisfaction",
        "Overall, how satisfied are you with your life nowadays?",
        "Life satisfaction",
    ),
    Measure(
        "worthwhile",
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
        "Worthwhile",
    ),
    Measure("happiness", "Overall, how happy did you feel yesterday?", "Happiness yesterday"),
    Measure(
        "anxiety",
        "Overall, how anxious did you feel yesterday?",
        "Anxiety yesterday",
        lower_is_better=True,
    ),
)
MEASURE_KEYS = tuple(m.key for m in MEASURES)
SCALE = range(0, 11)


class WellbeingAnswersQuerySet(models.QuerySet["WellbeingAnswers"]):
    def at(self, moment: str) -> WellbeingAnswersQuerySet:
        return self.filter(moment=moment)


def _score() -> models.PositiveSmallIntegerField[int | None, int | None]:
    return models.PositiveSmallIntegerField(null=True, blank=True)


class WellbeingAnswers(models.Model):
    """One person's ONS4 answers for one referral at one moment (personal data about their
    health: shown only to those who may see the person, erased with them)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="wellbeing")
    moment = models.CharField(max_length=12, choices=Moment.choices)
    # 0-10, or null for "prefer not to say" / not answered.
    life_satisfaction = _score()
    worthwhile = _score()
    happiness = _score()
    anxiety = _score()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = WellbeingAnswersQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "wellbeing answers"
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "moment"], name="wellbeing_one_per_referral_and_moment"
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{key}__isnull": True})
                    | models.Q(**{f"{key}__lte": 10}),
                    name=f"wellbeing_{key}_0_to_10",
                )
                for key in MEASURE_KEYS
            ),
        ]

    def __str__(self) -> str:
        return f"Wellbeing {self.get_moment_display().lower()} for {self.referral_id}"

    def scores(self) -> dict[str, int | None]:
        return {key: getattr(self, key) for key in MEASURE_KEYS}
