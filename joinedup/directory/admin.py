"""Django admin for superusers. Listings (services, locations and everything about them) are
read-only here: they change only through the directory's audited use cases (the "Your
listing" pages, imports), which write the audit log and update the search index. An
organisation's details change through `organizations.update_organization`."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from joinedup.core.audited_admin import AuditedAdmin
from joinedup.core.models import ApiToken, User
from joinedup.directory import organizations, people
from joinedup.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    JoinRequest,
    Language,
    Location,
    Membership,
    Organization,
    OrganizationIdentifier,
    OrganizationInvitation,
    Phone,
    Program,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from joinedup.directory.tokens import revoke_api_token

SOURCE_FIELDS = ["source_format", "source_hash", "source_document", "created_at"]


class ReadOnlyAdminMixin:
    """Shown to superusers, changed only through the audited use cases on the pages: an
    organisation's People page for memberships and invitations, Requests to join for requests,
    "Your listing" for services and their parts."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MembershipInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = ["user", "role", "created_at"]


class PhoneInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Phone
    extra = 0
    fields = ["number", "extension", "type", "description"]


class ServiceAtLocationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ServiceAtLocation
    extra = 0
    autocomplete_fields = ["location"]
    fields = ["location", "description"]


class ScheduleInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Schedule
    extra = 0
    fields = ["freq", "byday", "opens_at", "closes_at", "description"]


class AddressInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Address
    extra = 0


class AccessibilityInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Accessibility
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """Organisations join through "Ask to join"; here a superuser corrects one's details, saved
    through the audited use case (which re-indexes its services). No adding or deleting."""

    list_display = ["name", "sector", "published", "last_modified"]
    list_filter = ["sector", "published", "source_format"]
    search_fields = ["name", "alternate_name"]
    fields = sorted(organizations.ORGANIZATION_EDITABLE_FIELDS)
    inlines = [MembershipInline, PhoneInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        stored = Organization.objects.get(pk=obj.pk)
        organizations.update_organization(
            actor=cast(User, request.user),
            organization=stored,
            changes={name: form.cleaned_data[name] for name in form.changed_data},
        )


@admin.register(Service)
class ServiceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: a service changes through its "Your listing" pages, never here (the admin
    would skip the audit log and the search index, and could publish it with no organisation)."""

    list_display = [
        "name",
        "organization",
        "status",
        "capacity_status",
        "assured_date",
        "published",
    ]
    list_filter = ["status", "capacity_status", "intake_mode", "published", "source_format"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization", "program"]
    readonly_fields = [*SOURCE_FIELDS, "last_modified", "capacity_updated_at"]
    inlines = [ServiceAtLocationInline, PhoneInline, ScheduleInline]


@admin.register(Location)
class LocationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "organization", "location_type"]
    search_fields = ["name", "addresses__postal_code"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    readonly_fields = SOURCE_FIELDS
    inlines = [AddressInline, AccessibilityInline]


@admin.register(Taxonomy)
class TaxonomyAdmin(AuditedAdmin):
    list_display = ["name", "version"]
    search_fields = ["name"]
    readonly_fields = SOURCE_FIELDS


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(AuditedAdmin):
    list_display = ["name", "code", "taxonomy", "parent"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent", "taxonomy_detail"]
    readonly_fields = SOURCE_FIELDS


@admin.register(Program)
class ProgramAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "organization"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["organization"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """No form: people join through invitations, and roles change through the same use cases
    as the People page (the actions below), which keep the last admin and write the audit log."""

    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organization__name"]
    list_select_related = ["user", "organization"]
    actions = ["make_admin", "make_member", "remove"]

    def _each(self, request: HttpRequest, queryset: Any, change: Any, done: str) -> None:
        """Apply one use case to each selected membership; report what it refused."""
        changed = 0
        for membership in queryset:
            try:
                change(membership)
                changed += 1
            except ValidationError as refused:
                self.message_user(
                    request, f"{membership}: {' '.join(refused.messages)}", messages.ERROR
                )
            except PermissionDenied as refused:
                self.message_user(request, f"{membership}: {refused}", messages.ERROR)
        self.message_user(request, f"{changed} {done}")

    @admin.action(description="Make the selected people organisation admins")
    def make_admin(self, request: HttpRequest, queryset: Any) -> None:
        actor = cast(User, request.user)
        self._each(
            request,
            queryset,
            lambda m: people.change_role(actor=actor, membership=m, role=Membership.Role.ADMIN),
            "made organisation admin",
        )

    @admin.action(description="Make the selected people members (not admins)")
    def make_member(self, request: HttpRequest, queryset: Any) -> None:
        actor = cast(User, request.user)
        self._each(
            request,
            queryset,
            lambda m: people.change_role(actor=actor, membership=m, role=Membership.Role.MEMBER),
            "made member",
        )

    @admin.action(description="Remove the selected people from their organisations")
    def remove(self, request: HttpRequest, queryset: Any) -> None:
        actor = cast(User, request.user)
        self._each(
            request,
            queryset,
            lambda m: people.remove_person(actor=actor, membership=m),
            "removed",
        )


@admin.register(OrganizationInvitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["email", "organization", "role", "created_at", "expires_at", "accepted_at"]
    search_fields = ["email", "organization__name"]
    list_select_related = ["organization"]
    exclude = ["token_hash"]


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["organization_name", "contact_email", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["organization_name", "contact_email"]


@admin.register(Attribute)
class AttributeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["taxonomy_term", "link_entity", "link_id"]
    list_filter = ["link_entity"]
    autocomplete_fields = ["taxonomy_term"]


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


# The parts of listings: read-only, like the listings themselves.
for model in (
    Contact,
    CostOption,
    Language,
    OrganizationIdentifier,
    ServiceArea,
    Phone,
    Schedule,
    ServiceAtLocation,
):
    admin.site.register(model, ReadOnlyAdmin)


# Organisations' API tokens: the model is core's, the use cases are directory.tokens.
@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by `joinedup create_api_token` (the secret is shown once, there); here
    superusers see them and revoke them."""

    list_display = ["name", "prefix", "organization", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "organization__name"]
    list_select_related = ["organization"]
    readonly_fields = [
        "organization",
        "name",
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    exclude = ["token_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Revoke instead: the row is the record of which token did what.
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        user = request.user if request.user.is_authenticated else None
        revoked = sum(revoke_api_token(token=t, actor=user) for t in queryset)
        self.message_user(request, f"{revoked} token(s) revoked")
