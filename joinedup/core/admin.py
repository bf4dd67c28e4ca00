from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from joinedup.core.models import ApiToken, AuditEvent, User
from joinedup.core.tokens import revoke_api_token


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    # The email is the username; the form has no separate username field.
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_partnership_manager", "is_staff"]
    list_filter = ["is_partnership_manager", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        (
            "Permissions",
            {
                "fields": (
                    "is_active",
                    "is_partnership_manager",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log is append-only: superusers may read it, nobody edits or deletes it."""

    list_display = ["created_at", "action", "actor", "organization", "target_type", "target_id"]
    list_filter = ["action"]
    search_fields = ["action", "target_id", "actor__email"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "organization"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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
