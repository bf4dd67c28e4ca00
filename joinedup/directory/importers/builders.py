"""Builders: one HSDS 3.0 record (service, organisation, location, taxonomy, term) → a cleaned
`Node` tree, with the record's warnings. The field-level rules live in `nodes.py` and `cleaning.py`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models

from joinedup.directory import languages as language_list
from joinedup.directory.importers.cleaning import Cleaner, Rejected, as_uuid, child_uuid
from joinedup.directory.importers.nodes import CHILD_KEYS, ORIGINAL, Node, as_flag, field_plan
from joinedup.directory.models import (
    Accessibility,
    Address,
    Attribute,
    CapacityStatus,
    Contact,
    CostOption,
    Funding,
    IntakeMode,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Program,
    RequiredDocument,
    Schedule,
    Sector,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
    WaitBand,
)


class Builder:
    """Builds nodes for one record; collects its warnings."""

    def __init__(self, *, namespace: str, label: str = "") -> None:
        self.namespace = namespace
        self.clean = Cleaner(label)

    @property
    def warnings(self) -> list[str]:
        return self.clean.warnings

    # --- generic ---------------------------------------------------------------------------

    def model_fields(
        self, model: type[models.Model], doc: dict[str, Any], *, required: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        c = self.clean
        out: dict[str, Any] = {}
        for name, method, kwargs, nullable, empty in field_plan(model):
            if method == "text" and name in required:
                value = c.text(doc, name, required=True, **kwargs)
            else:
                value = getattr(c, method)(doc, name, **kwargs)
            if value is None and not nullable:
                continue  # the model default applies (e.g. a service's last_modified)
            if empty is not None and not value:
                value = empty
            out[name] = value
        return out

    def _child(
        self,
        model: type[models.Model],
        doc: dict[str, Any],
        *,
        parent: uuid.UUID,
        parent_field: str,
        index: int,
        kind: str,
    ) -> Node:
        node_id = child_uuid(doc.get("id"), parent=parent, kind=kind, index=index)
        return Node(
            kind=kind,
            model=model,
            id=node_id,
            fields=self.model_fields(model, doc),
            parent_field=parent_field,
            source_id=str(node_id) == str(doc.get("id", "")).strip().lower(),
        )

    def _simple_children(
        self,
        doc: dict[str, Any],
        key: str,
        model: type[models.Model],
        *,
        parent: uuid.UUID,
        parent_field: str,
    ) -> list[Node]:
        return [
            self._child(model, item, parent=parent, parent_field=parent_field, index=i, kind=key)
            for i, item in enumerate(self.clean.items(doc, key))
        ]

    def _link(self, doc: dict[str, Any], key: str, kind: str) -> tuple[str, uuid.UUID] | None:
        raw = doc.get(key)
        if raw in (None, ""):
            return None
        try:
            return kind, as_uuid(raw, namespace=self.namespace, kind=kind)
        except Rejected as exc:
            self.clean.warn(f"{key}: {exc}; link dropped")
            return None

    # --- shared children --------------------------------------------------------------------

    def languages(self, doc: dict[str, Any], *, parent: uuid.UUID, parent_field: str) -> list[Node]:
        """Languages as ISO 639 codes with English names where we know the language ("en",
        "EN-gb" and "English" are one language); others are kept as the source gives them."""
        nodes = self._simple_children(
            doc, "languages", Language, parent=parent, parent_field=parent_field
        )
        for node in nodes:
            code = language_list.normalise(str(node.fields.get("code") or ""))
            code = code or language_list.normalise(str(node.fields.get("name") or ""))
            if code:
                node.fields["code"] = code
                node.fields["name"] = language_list.name_of(code)
        return nodes

    def phones(self, doc: dict[str, Any], *, parent: uuid.UUID, parent_field: str) -> list[Node]:
        nodes = []
        for i, item in enumerate(self.clean.items(doc, "phones")):
            if not self.clean.text(item, "number", max_length=100):
                self.clean.warn("phones: a phone with no number dropped")
                continue
            node = self._child(
                Phone, item, parent=parent, parent_field=parent_field, index=i, kind="phone"
            )
            node.children = self.languages(item, parent=node.id, parent_field="phone_id")
            nodes.append(node)
        return nodes

    def contacts(self, doc: dict[str, Any], *, parent: uuid.UUID, parent_field: str) -> list[Node]:
        nodes = []
        for i, item in enumerate(self.clean.items(doc, "contacts")):
            node = self._child(
                Contact, item, parent=parent, parent_field=parent_field, index=i, kind="contact"
            )
            node.children = self.phones(item, parent=node.id, parent_field="contact_id")
            nodes.append(node)
        return nodes

    def attributes(self, doc: dict[str, Any], *, parent: uuid.UUID, entity: str) -> list[Node]:
        nodes = []
        for i, item in enumerate(self.clean.items(doc, "attributes")):
            node = Node(
                kind="attribute",
                model=Attribute,
                id=child_uuid(item.get("id"), parent=parent, kind="attribute", index=i),
                fields={
                    "link_entity": entity,
                    "link_type": self.clean.text(item, "link_type", max_length=100),
                    "value": self.clean.text(item, "value"),
                },
                parent_field="link_id",
            )
            term = self.clean.obj(item, "taxonomy_term")
            if term is not None:
                try:
                    node.refs["taxonomy_term_id"] = self.taxonomy_term(term)
                except Rejected as exc:
                    self.clean.warn(f"attributes: {exc}; attribute dropped")
                    continue
            elif link := self._link(item, "taxonomy_term_id", "taxonomy_term"):
                node.links["taxonomy_term_id"] = link
            else:
                self.clean.warn("attributes: an attribute with no taxonomy term dropped")
                continue
            nodes.append(node)
        return nodes

    def schedules(self, doc: dict[str, Any], *, parent: uuid.UUID, parent_field: str) -> list[Node]:
        return self._simple_children(
            doc, "schedules", Schedule, parent=parent, parent_field=parent_field
        )

    # --- top-level records ------------------------------------------------------------------

    def _id(self, doc: dict[str, Any], kind: str) -> uuid.UUID:
        if "id" not in doc:
            raise Rejected(f"{kind} id is missing")
        return as_uuid(doc["id"], namespace=self.namespace, kind=kind)

    def taxonomy(self, doc: dict[str, Any]) -> Node:
        return Node(
            kind="taxonomy",
            model=Taxonomy,
            id=self._id(doc, "taxonomy"),
            fields=self.model_fields(Taxonomy, doc, required=("name",)),
            document=doc.get(ORIGINAL, doc),
        )

    def taxonomy_term(self, doc: dict[str, Any]) -> Node:
        node = Node(
            kind="taxonomy_term",
            model=TaxonomyTerm,
            id=self._id(doc, "taxonomy_term"),
            fields=self.model_fields(TaxonomyTerm, doc, required=("name",)),
            document=doc.get(ORIGINAL, doc),
        )
        if link := self._link(doc, "parent_id", "taxonomy_term"):
            node.links["parent_id"] = link
        detail = self.clean.obj(doc, "taxonomy_detail")
        if detail is not None:
            node.refs["taxonomy_detail_id"] = self.taxonomy(detail)
        elif link := self._link(doc, "taxonomy_id", "taxonomy"):
            node.links["taxonomy_detail_id"] = link
        return node

    def location(self, doc: dict[str, Any]) -> Node:
        lid = self._id(doc, "location")
        node = Node(
            kind="location",
            model=Location,
            id=lid,
            fields=self.model_fields(Location, doc),
            document=doc.get(ORIGINAL, doc),
        )
        if link := self._link(doc, "organization_id", "organization"):
            node.links["organization_id"] = link
        node.present = frozenset(doc) & CHILD_KEYS["location"]
        node.children = [
            *self.languages(doc, parent=lid, parent_field="location_id"),
            *self._simple_children(
                doc, "addresses", Address, parent=lid, parent_field="location_id"
            ),
            *self.contacts(doc, parent=lid, parent_field="location_id"),
            *self._simple_children(
                doc, "accessibility", Accessibility, parent=lid, parent_field="location_id"
            ),
            *self.phones(doc, parent=lid, parent_field="location_id"),
            *self.schedules(doc, parent=lid, parent_field="location_id"),
            *self.attributes(doc, parent=lid, entity="location"),
        ]
        return node

    def organization(self, doc: dict[str, Any]) -> Node:
        oid = self._id(doc, "organization")
        name = doc.get("name")
        if name is None or (isinstance(name, str) and not name.strip()):
            # Outpost lists services with a bare {"id": 1883, "name": null}: link, never invent.
            return Node(kind="organization", model=Organization, id=oid, reference_only=True)
        fields = self.model_fields(Organization, doc, required=("name",))
        fields["sector"] = self.clean.choice(
            doc, "joinedup_sector", [str(s) for s in Sector.values], default=""
        )
        node = Node(
            kind="organization",
            model=Organization,
            id=oid,
            fields=fields,
            document=doc.get(ORIGINAL, doc),
        )
        if "joinedup_published" in doc:
            node.fields["published"] = as_flag(doc["joinedup_published"])
        if link := self._link(doc, "parent_organization_id", "organization"):
            node.links["parent_organization_id"] = link
        node.present = frozenset(doc) & CHILD_KEYS["organization"]
        node.children = [
            *self._simple_children(
                doc, "funding", Funding, parent=oid, parent_field="organization_id"
            ),
            *self.contacts(doc, parent=oid, parent_field="organization_id"),
            *self.phones(doc, parent=oid, parent_field="organization_id"),
            *self._simple_children(
                doc,
                "organization_identifiers",
                OrganizationIdentifier,
                parent=oid,
                parent_field="organization_id",
            ),
            *self.attributes(doc, parent=oid, entity="organization"),
        ]
        for i, item in enumerate(self.clean.items(doc, "programs")):
            if not self.clean.text(item, "name", max_length=500):
                self.clean.warn("programs: a programme with no name dropped")
                continue
            node.children.append(
                self._child(
                    Program,
                    item,
                    parent=oid,
                    parent_field="organization_id",
                    index=i,
                    kind="program",
                )
            )
        for item in self.clean.items(doc, "locations"):
            try:
                location = self.location(item)
            except Rejected as exc:
                self.clean.warn(f"locations: {exc}; location dropped")
                continue
            location.links.pop("organization_id", None)
            location.parent_field = "organization_id"
            node.after.append(location)
        return node

    def service(self, doc: dict[str, Any]) -> Node:
        sid = self._id(doc, "service")
        c = self.clean
        fields = self._service_fields(doc)
        node = Node(kind="service", model=Service, id=sid, fields=fields, document=doc)
        node.present = frozenset(doc) & CHILD_KEYS["service"]
        org = c.obj(doc, "organization")
        if org is not None:
            node.refs["organization_id"] = self.organization(org)
        elif link := self._link(doc, "organization_id", "organization"):
            node.links["organization_id"] = link
        program = c.obj(doc, "program")
        if link := self._link(program or doc, "id" if program else "program_id", "program"):
            node.links["program_id"] = link
        node.children = self._service_children(doc, parent=sid)
        for i, item in enumerate(c.items(doc, "service_at_locations")):
            if (sal := self._service_at_location(item, parent=sid, index=i)) is not None:
                node.children.append(sal)
        if not fields.get("description"):
            c.warn("description is empty")
        if org is None and "organization_id" not in node.links:
            c.warn("no organisation: the service is listed without one")
        return node

    def _service_fields(self, doc: dict[str, Any]) -> dict[str, Any]:
        """A service's own values: the HSDS fields, then joinedup's extensions."""
        fields = self.model_fields(Service, doc, required=("name",))
        low, high = fields.get("minimum_age"), fields.get("maximum_age")
        if low is not None and high is not None and low > high:
            raise Rejected(f"minimum_age {low} is greater than maximum_age {high}")
        fields.update(self._joinedup_service_fields(doc))
        if fields.get("status") is None:
            fields["status"] = ServiceStatus.ACTIVE
        return fields

    def _joinedup_service_fields(self, doc: dict[str, Any]) -> dict[str, Any]:
        """joinedup's own fields, carried by our exports as clearly named extensions."""
        c = self.clean
        fields: dict[str, Any] = {}
        if "joinedup_intake_mode" in doc:
            fields["intake_mode"] = c.choice(
                doc, "joinedup_intake_mode", IntakeMode.values, default=IntakeMode.SIGNPOSTING
            )
        if "joinedup_capacity_status" in doc:
            fields["capacity_status"] = c.choice(
                doc, "joinedup_capacity_status", CapacityStatus.values, default="accepting"
            )
            fields["capacity_wait_band"] = c.choice(
                doc, "joinedup_capacity_wait_band", WaitBand.values, default=""
            )
            fields["capacity_note"] = c.text(doc, "joinedup_capacity_note")
            fields["capacity_updated_at"] = c.datetime(doc, "joinedup_capacity_updated_at")
        if "joinedup_published" in doc:
            fields["published"] = as_flag(doc["joinedup_published"])
        return fields

    def _service_children(self, doc: dict[str, Any], *, parent: uuid.UUID) -> list[Node]:
        """The rows that belong to the service alone (its places come separately)."""
        return [
            *self.phones(doc, parent=parent, parent_field="service_id"),
            *self.schedules(doc, parent=parent, parent_field="service_id"),
            *self._simple_children(
                doc, "service_areas", ServiceArea, parent=parent, parent_field="service_id"
            ),
            *self.languages(doc, parent=parent, parent_field="service_id"),
            *self._simple_children(
                doc, "funding", Funding, parent=parent, parent_field="service_id"
            ),
            *self._simple_children(
                doc, "cost_options", CostOption, parent=parent, parent_field="service_id"
            ),
            *self._simple_children(
                doc,
                "required_documents",
                RequiredDocument,
                parent=parent,
                parent_field="service_id",
            ),
            *self.contacts(doc, parent=parent, parent_field="service_id"),
            *self.attributes(doc, parent=parent, entity="service"),
        ]

    def _service_at_location(
        self, item: dict[str, Any], *, parent: uuid.UUID, index: int
    ) -> Node | None:
        """The service at one place, or None (with a warning) when the place is unusable."""
        c = self.clean
        sal = Node(
            kind="service_at_location",
            model=ServiceAtLocation,
            id=child_uuid(item.get("id"), parent=parent, kind="service_at_location", index=index),
            fields={"description": c.text(item, "description", html=True)},
            parent_field="service_id",
        )
        location = c.obj(item, "location")
        try:
            if location is not None:
                sal.refs["location_id"] = self.location(location)
            elif link := self._link(item, "location_id", "location"):
                sal.links["location_id"] = link
            else:
                raise Rejected("no location")
        except Rejected as exc:
            c.warn(f"service_at_locations: {exc}; dropped")
            return None
        sal.children = [
            *self.contacts(item, parent=sal.id, parent_field="service_at_location_id"),
            *self.phones(item, parent=sal.id, parent_field="service_at_location_id"),
            *self.schedules(item, parent=sal.id, parent_field="service_at_location_id"),
            *self.attributes(item, parent=sal.id, entity="service_at_location"),
        ]
        return sal


BUILDERS = {
    "service": Builder.service,
    "organization": Builder.organization,
    "location": Builder.location,
    "taxonomy": Builder.taxonomy,
    "taxonomy_term": Builder.taxonomy_term,
}
