"""What every directory record shares: a UUID kept from its source, and its original document."""

from __future__ import annotations

import uuid

from django.db import models


class DirectoryRecord(models.Model):
    """A row of the HSDS model. Its id is the source's own UUID when it came from an import."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class SourcedRecord(DirectoryRecord):
    """A top-level record that may come from an import: keeps the original document beside it.

    `source_hash` is a digest of the normalised record as last imported, so a second import of
    the same file can tell "unchanged" without comparing every child row.
    """

    SOURCE_FORMATS = [
        ("", "Entered in joinedup"),
        ("hsds3", "HSDS 3.0 JSON"),
        ("hsds3-csv", "HSDS 3.0 CSV datapackage"),
        ("oruk1", "ORUK 1.0 JSON"),
        ("outpost", "Outpost (ORUK 1.0 variant)"),
    ]

    source_format = models.CharField(max_length=20, blank=True, choices=SOURCE_FORMATS)
    source_document = models.JSONField(null=True, blank=True, editable=False)
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
