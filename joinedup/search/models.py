"""The search index: one denormalised row per service, kept by `joinedup.search.services`.

The text columns feed the database's own full-text engine (an FTS5 table on SQLite, the
`vector` column on PostgreSQL); the other columns are the filters, copied here so a search
filters one table in SQL instead of joining the whole directory per request.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    # An integer key because FTS5 rows are addressed by an integer rowid.
    id = models.BigAutoField(primary_key=True)
    service = models.OneToOneField(
        "directory.Service", on_delete=models.CASCADE, related_name="search_entry"
    )
    published = models.BooleanField(default=True)
    name = models.TextField()
    body = models.TextField(blank=True)
    organisation = models.TextField(blank=True)
    terms = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    is_free = models.BooleanField(default=False)
    # Space-padded lower-case lists (" en english pl polish "), matched with contains.
    languages = models.TextField(blank=True)
    in_person = models.BooleanField(default=False)
    online = models.BooleanField(default=False)
    phone = models.BooleanField(default=False)
    days = models.CharField(max_length=40, blank=True)
    capacity_status = models.CharField(max_length=20, blank=True)
    intake_mode = models.CharField(max_length=20, blank=True)
    # Outcodes the service is limited to (" BS1 BS2 "); empty means no limit.
    outcodes = models.TextField(blank=True)
    # [[latitude, longitude], ...] of the service's physical locations.
    points = models.JSONField(default=list, blank=True)
    vector = SearchVectorField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return self.name


class SearchWord(models.Model):
    """A word that occurs in the index, for spelling correction."""

    word = models.CharField(max_length=60, primary_key=True)

    def __str__(self) -> str:
        return self.word
