"""The learning log: short stories and observations from the work, tagged to the framework."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from joinedup.directory.models import Organization
from joinedup.partnerships.models.actions import Action
from joinedup.partnerships.models.instruments import FrameworkElement
from joinedup.partnerships.models.partnerships import Partnership

if TYPE_CHECKING:
    from joinedup.core.models import User


class LearningEntryQuerySet(models.QuerySet["LearningEntry"]):
    def visible_to(self, user: User) -> LearningEntryQuerySet:
        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def search(self, text: str) -> LearningEntryQuerySet:
        """Entries whose title, story or tags mention every word of `text` (any case)."""
        result = self
        for word in text.split():
            result = result.filter(
                models.Q(title__icontains=word)
                | models.Q(text__icontains=word)
                | models.Q(elements__label__icontains=word)
            )
        return result.distinct()

    def tagged(self, element: FrameworkElement) -> LearningEntryQuerySet:
        return self.filter(elements=element)


class LearningEntry(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="learning_entries"
    )
    title = models.CharField(max_length=200)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The organisation the author wrote for, when they belong to one.
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    elements = models.ManyToManyField(FrameworkElement, blank=True, related_name="learning")
    actions = models.ManyToManyField(Action, blank=True, related_name="learning")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LearningEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "learning entries"

    def __str__(self) -> str:
        return self.title
