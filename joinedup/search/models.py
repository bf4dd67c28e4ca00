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
    # Space-padded ids of the service's taxonomy terms and their ancestors, for the category
    # facet counts (a parent counts the services of its children).
    term_ids = models.TextField(blank=True)
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
    # The bounding box of `points`, indexed, so a search near a place prefilters in SQL
    # instead of measuring every service's distance in Python. Null: no physical place.
    min_latitude = models.FloatField(null=True, blank=True)
    max_latitude = models.FloatField(null=True, blank=True)
    min_longitude = models.FloatField(null=True, blank=True)
    max_longitude = models.FloatField(null=True, blank=True)
    # Space-padded accessibility features of its places (" wheelchair hearing_loop ").
    accessibility = models.TextField(blank=True)
    vector = SearchVectorField(null=True, blank=True)
    # PostgreSQL: the row's length for bm25, its highest word position in `vector` (kept with
    # it by `lexical.write`, so the database's totals are a sum, not a read of every vector:
    # ADR 7, twelfth session). SQLite: 0 (FTS5 keeps its own).
    words_length = models.IntegerField(default=0)
    # The service's sentence embedding (little-endian float32) and the model that made it;
    # vectors of another model are never compared with this one's.
    embedding = models.BinaryField(null=True, blank=True)
    embedding_model = models.CharField(max_length=60, blank=True)

    class Meta:
        verbose_name_plural = "search entries"
        indexes = [
            models.Index(fields=["min_latitude", "max_latitude"], name="search_entry_lat"),
            # A search near a place checks the box of every full-text match (ADR 12): this
            # index answers that by id without reading the wide row (text and embedding).
            models.Index(
                fields=["id", "min_latitude", "max_latitude", "min_longitude", "max_longitude"],
                name="search_entry_id_box",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SearchWord(models.Model):
    """A word that occurs in the index, for spelling correction."""

    word = models.CharField(max_length=60, primary_key=True)

    def __str__(self) -> str:
        return self.word


class UnmetNeed(models.Model):
    """A count of searches by day, theme, area and band: what found nothing or little, beside
    what found enough, so unmet need is a rate of all searches.

    Nothing here identifies a searcher: no text, no full postcode, no IP, no user, no time of
    day. `theme` is a taxonomy term or vocabulary theme the query was about; `area` a postcode
    district (outcode) or empty.
    """

    day = models.DateField()
    theme = models.CharField(max_length=100)
    area = models.CharField(max_length=10, blank=True)
    # "none" (no results), "few" (under the threshold) or "enough".
    band = models.CharField(max_length=10)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "theme", "area", "band"], name="unique_unmet_need_bucket"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.theme} {self.area} {self.band}: {self.count}"


class CrisisContactQuerySet(models.QuerySet["CrisisContact"]):
    def shown(self) -> CrisisContactQuerySet:
        """What the crisis panel lists, in the managers' order."""
        return self.filter(active=True).order_by("order", "pk")


class CrisisContact(models.Model):
    """One of the partnership's own crisis services, shown in the crisis panel after the
    national numbers (999, NHS 111, Samaritans, the domestic abuse helpline), in `order`.

    Kept by partnership managers (`joinedup.search.crisis`); when none is active, the panel
    lists the directory's services filed under a crisis category instead.
    """

    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=40, blank=True)
    description = models.CharField(
        "When and what",
        max_length=300,
        blank=True,
        help_text="For example: Every evening 6pm to midnight. Walk in or call.",
    )
    url = models.URLField("Website", max_length=500, blank=True)
    service = models.ForeignKey(
        "directory.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="crisis_contacts",
        help_text="Optional: the directory listing this contact links to.",
    )
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField("Show in the crisis panel", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CrisisContactQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class NeedPhrase(models.Model):
    """A phrase the partnership has taught search for a need of the shipped vocabulary
    (`joinedup/search/data/needs.json`), e.g. a local name for a service people ask for."""

    phrase = models.CharField(max_length=100)
    # A need's code in the vocabulary; codes are stable, so a phrase survives a vocabulary update.
    need = models.CharField(max_length=60)
    added_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["need", "phrase"]
        constraints = [
            models.UniqueConstraint(fields=["phrase", "need"], name="unique_need_phrase")
        ]

    def __str__(self) -> str:
        return f"{self.phrase} → {self.need}"


class IndexVersion(models.Model):
    """One row whose `changes` the database itself moves on (triggers, migration search.0009)
    whenever a SearchEntry row is inserted, updated or deleted, in the same transaction.

    A process's copies of the index (the column store, the word index: ADR 20) are read in one
    snapshot together with this number and used only while it is unchanged: one primary-key
    read a search, where `MAX(id)` and `COUNT(*)` over the index grew with it. The row is
    created by the first change with a random start, so a table emptied and filled again (a
    test database's flush) never repeats a number a process may still hold.
    """

    changes = models.BigIntegerField()

    def __str__(self) -> str:
        return str(self.changes)
