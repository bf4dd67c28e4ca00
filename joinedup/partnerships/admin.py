"""Django admin for the partnership workspace: for support staff looking things up.

Individual answers are not listed here: they belong to the respondent (docs/adr/0005), and the
admin is no back door round that rule. Changes belong in the services; what the admin still lets
a superuser change (a repair) is audited like every other change, as `<noun>.added`,
`<noun>.changed` or `<noun>.deleted` with `"via": "admin"` and the fields changed.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from joinedup.core import audit
from joinedup.partnerships.models import (
    Action,
    ActionPlan,
    ActionUpdate,
    FrameworkElement,
    Instrument,
    InstrumentSection,
    Invitation,
    LearningEntry,
    NetworkSurvey,
    Partnership,
    PartnershipMember,
    Statement,
    Wave,
)


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
            name: _plain(form.cleaned_data.get(name)) for name in form.changed_data
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


class PartnershipMemberInline(admin.TabularInline):
    model = PartnershipMember
    extra = 0
    raw_id_fields = ["organization"]


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin):
    list_display = ["name", "referral_expiry_days", "closed_referral_retention_months"]
    search_fields = ["name"]
    filter_horizontal = ["managers"]
    inlines = [PartnershipMemberInline]


@admin.register(FrameworkElement)
class FrameworkElementAdmin(AuditedAdmin):
    list_display = ["label", "kind", "theme", "key"]
    list_filter = ["kind", "theme"]
    search_fields = ["label", "key"]


class StatementInline(admin.TabularInline):
    model = Statement
    extra = 0
    fields = ("position", "key", "text", "element", "reverse_scored")
    readonly_fields = ("position", "key", "text", "element", "reverse_scored")
    can_delete = False


@admin.register(InstrumentSection)
class InstrumentSectionAdmin(AuditedAdmin):
    list_display = ["title", "instrument", "position"]
    inlines = [StatementInline]

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


@admin.register(Instrument)
class InstrumentAdmin(AuditedAdmin):
    # An instrument's wording is what respondents answered: never edited, only versioned.
    list_display = ["title", "key", "version", "partnership", "created_at"]
    list_filter = ["key"]
    readonly_fields = ["document_hash", "created_by", "created_at"]

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ("organization", "email", "name", "created_at", "revoked_at")
    readonly_fields = ("organization", "email", "name", "created_at", "revoked_at")
    can_delete = False


@admin.register(Wave)
class WaveAdmin(AuditedAdmin):
    list_display = ["title", "partnership", "instrument", "status", "opened_at", "closed_at"]
    list_filter = ["status"]
    readonly_fields = ["opened_at", "closed_at", "created_by"]
    inlines = [InvitationInline]


@admin.register(NetworkSurvey)
class NetworkSurveyAdmin(AuditedAdmin):
    list_display = ["title", "partnership", "status", "opened_at", "closed_at"]
    list_filter = ["status"]


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["title", "owner", "element", "due_date", "status"]
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(AuditedAdmin):
    list_display = ["title", "partnership", "organization"]
    inlines = [ActionInline]


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0
    readonly_fields = ["author", "text", "status_before", "status_after", "created_at"]
    can_delete = False


@admin.register(Action)
class ActionAdmin(AuditedAdmin):
    list_display = ["title", "plan", "owner", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["title", "description"]
    inlines = [ActionUpdateInline]


@admin.register(LearningEntry)
class LearningEntryAdmin(AuditedAdmin):
    list_display = ["title", "partnership", "author", "created_at"]
    search_fields = ["title", "text"]
    filter_horizontal = ["elements"]
