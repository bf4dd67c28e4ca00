"""Use cases for instruments: load the shipped files, import a manager's own document."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from joinedup.core import audit
from joinedup.core.models import User
from joinedup.directory.permissions import require_manager
from joinedup.partnerships.documents import (
    SHIPPED_DIR,
    document_hash,
    shipped_documents,
    validate_document,
)
from joinedup.partnerships.models import (
    FrameworkElement,
    Instrument,
    InstrumentSection,
    Partnership,
    Statement,
)


class InstrumentDocumentError(ValueError):
    """A document that is not a valid instrument; `errors` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _known_elements() -> set[str]:
    return set(FrameworkElement.objects.values_list("key", flat=True))


def _create(
    document: dict[str, Any], *, partnership: Partnership | None, actor: User | None
) -> Instrument:
    # Elements are shared by every instrument: a document may add new ones but never relabels
    # an existing one, which other partnerships' actions and logs point at.
    for element in document["elements"]:
        FrameworkElement.objects.get_or_create(
            key=element["key"],
            defaults={
                "kind": element["kind"],
                "theme": element.get("theme", ""),
                "label": element["label"],
            },
        )
    elements = {e.key: e for e in FrameworkElement.objects.all()}
    scale = document["scale"]
    instrument = Instrument.objects.create(
        partnership=partnership,
        key=document["key"],
        version=document["version"],
        title=document["title"],
        description=document.get("description", ""),
        scale_min=scale["min"],
        scale_max=scale["max"],
        scale_labels=scale.get("labels", {}),
        bands=document["bands"],
        document=document,
        document_hash=document_hash(document),
        created_by=actor,
    )
    for position, section_doc in enumerate(document["sections"]):
        section = InstrumentSection.objects.create(
            instrument=instrument,
            key=section_doc["key"],
            title=section_doc["title"],
            description=section_doc.get("description", ""),
            position=position,
        )
        Statement.objects.bulk_create(
            Statement(
                section=section,
                instrument=instrument,
                key=st["key"],
                text=st["text"],
                element=elements[st["element"]],
                reverse_scored=st.get("reverse", False),
                position=i,
            )
            for i, st in enumerate(section_doc["statements"])
        )
    return instrument


def load_shipped_instruments(*, directory: Path = SHIPPED_DIR) -> LoadReport:
    """Load every instrument file; a new version becomes a new row, a known one is left alone."""
    report = LoadReport()
    for path, document in shipped_documents(directory):
        errors = validate_document(document, known_elements=_known_elements())
        if errors:
            report.errors.extend(f"{path.name}: {e}" for e in errors)
            continue
        label = f"{document['key']} v{document['version']}"
        existing = Instrument.objects.filter(
            partnership__isnull=True, key=document["key"], version=document["version"]
        ).first()
        if existing is not None:
            if existing.document_hash != document_hash(document):
                # Waves may already use this version: its wording must stay as answered.
                report.errors.append(
                    f"{path.name}: {label} is already loaded with different content; "
                    "give the changed document a new version number"
                )
            else:
                report.unchanged.append(label)
            continue
        with transaction.atomic():
            instrument = _create(document, partnership=None, actor=None)
            audit.record(
                "instrument.loaded",
                target=instrument,
                details={"key": instrument.key, "version": instrument.version, "file": path.name},
            )
        report.created.append(label)
    return report


@transaction.atomic
def import_instrument(*, actor: User, partnership: Partnership, document: Any) -> Instrument:
    """Add a partnership's own instrument (or its own version of one) from a JSON document."""
    require_manager(actor, partnership)
    errors = validate_document(document, known_elements=_known_elements())
    if (
        not errors
        and Instrument.objects.filter(
            partnership=partnership, key=document["key"], version=document["version"]
        ).exists()
    ):
        errors.append(
            f"version: {document['key']} version {document['version']} already exists in this "
            "partnership; give the new document a higher version"
        )
    if errors:
        raise InstrumentDocumentError(errors)
    instrument = _create(document, partnership=partnership, actor=actor)
    audit.record(
        "instrument.imported",
        actor=actor,
        target=instrument,
        details={
            "partnership": partnership.pk,
            "key": instrument.key,
            "version": instrument.version,
        },
    )
    return instrument
