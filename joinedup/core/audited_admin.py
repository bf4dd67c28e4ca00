"""Changes made in the Django admin are audited like every other change (docs/adr/0019): as
`<noun>.added`, `<noun>.changed` or `<noun>.deleted` with `"via": "admin"` and the fields changed
(their new values, except secrets, which are named but never recorded)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from joinedup.core import audit

# Form fields whose values never reach the audit log: that they changed is recorded, not what to.
SECRET_FIELDS = frozenset({"password", "password1", "password2", "usable_password"})
SECRET = "(not recorded)"


def _noun(obj: models.Model) -> str:
    """`network survey` -> `network_survey`: the dotted noun the services' audit actions use."""
    return str(obj._meta.verbose_name).replace(" ", "_")


def _plain(value: Any) -> Any:
    """A form value as JSON: rows by their primary key, dates as ISO text."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, models.QuerySet | list | tuple):
        return sorted(_plain(v) for v in value)
    if isinstance(value, datetime.date | datetime.datetime | uuid.UUID):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _record(request: HttpRequest, obj: models.Model, verb: str, form: ModelForm | None) -> None:
    details: dict[str, Any] = {"via": "admin"}
    if form is not None:
        details["fields"] = {
            name: SECRET if name in SECRET_FIELDS else _plain(form.cleaned_data.get(name))
            for name in form.changed_data
        }
    organization = getattr(obj, "organization", None)
    audit.record(
        f"{_noun(obj)}.{verb}",
        actor=request.user,  # type: ignore[arg-type]
        target=obj,
        organization=organization if hasattr(organization, "pk") else None,
        details=details,
    )


class AuditedAdmin(admin.ModelAdmin):
    """Every add, change and delete made here, inlines included, writes its audit event."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Recorded once the many-to-many fields (a partnership's managers) are saved too. The
        # row comes from the form, not from state kept on this admin, which all requests share.
        super().save_related(request, form, formsets, change)
        if form.changed_data or not change:
            _record(request, form.instance, "changed" if change else "added", form)

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseInlineFormSet, change: bool
    ) -> None:
        # Deletions are recorded first, while the rows still have their ids (the admin's
        # transaction undoes the record too if the save fails).
        for deleted in formset.deleted_forms:
            if deleted.instance.pk is not None:
                _record(request, deleted.instance, "deleted", None)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            _record(request, obj, "added", _form_for(formset, obj))
        for obj, _ in formset.changed_objects:
            _record(request, obj, "changed", _form_for(formset, obj))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        _record(request, obj, "deleted", None)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            _record(request, obj, "deleted", None)
        super().delete_queryset(request, queryset)


def _form_for(formset: BaseInlineFormSet, obj: models.Model) -> ModelForm | None:
    return next((f for f in formset.forms if f.instance is obj), None)
