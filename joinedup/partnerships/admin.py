"""Django admin for the partnership workspace: for support staff looking things up.

Individual answers are not listed here: they belong to the respondent (docs/adr/0005), and the
admin is no back door round that rule. Changes belong in the services; what the admin still lets
a superuser change (a repair) is audited like every other change (`core.audited_admin`).
"""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from joinedup.core.audited_admin import AuditedAdmin
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
