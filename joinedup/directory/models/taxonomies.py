from __future__ import annotations

import uuid
from typing import Any

from django.db import models

from joinedup.directory.models.base import DirectoryRecord, SourcedRecord


class Taxonomy(SourcedRecord):
    name = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    uri = models.URLField(max_length=2000, blank=True)
    version = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name_plural = "taxonomies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTermQuerySet(models.QuerySet["TaxonomyTerm"]):
    def descendant_ids(self, root_ids: list[uuid.UUID]) -> set[uuid.UUID]:
        """The given terms and every term below them (a parent includes its children)."""
        found = set(root_ids)
        frontier = set(root_ids)
        while frontier:
            frontier = set(self.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
            found |= frontier
        return found

    def of_service(self, service_id: uuid.UUID) -> TaxonomyTermQuerySet:
        """The terms a service is filed under."""
        return self.filter(
            pk__in=Attribute.objects.filter(link_entity="service", link_id=service_id).values(
                "taxonomy_term_id"
            )
        )


class TaxonomyTerm(SourcedRecord):
    code = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    # HSDS keeps both a free-text taxonomy name and a link to a taxonomy record.
    taxonomy = models.CharField(max_length=500, blank=True)
    taxonomy_detail = models.ForeignKey(
        Taxonomy, null=True, blank=True, on_delete=models.SET_NULL, related_name="terms"
    )
    language = models.CharField(max_length=20, blank=True)
    term_uri = models.URLField(max_length=2000, blank=True)

    objects = TaxonomyTermQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AttributeQuerySet(models.QuerySet["Attribute"]):
    def service_ids_under(self, term_id: uuid.UUID) -> models.QuerySet[Attribute, Any]:
        """Ids of the services filed under a term or any term beneath it (a parent includes its
        children), as a subquery."""
        term_ids = TaxonomyTerm.objects.descendant_ids([term_id])
        return self.filter(link_entity="service", taxonomy_term_id__in=term_ids).values("link_id")


class Attribute(DirectoryRecord):
    """Links a taxonomy term to any directory object (HSDS's polymorphic link)."""

    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes"
    )
    link_id = models.UUIDField()
    link_type = models.CharField(max_length=100, blank=True)
    link_entity = models.CharField(max_length=50)
    value = models.TextField(blank=True)

    objects = AttributeQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["link_entity", "link_id"])]
