from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.core import audit, two_factor
from joinedup.core.audited_admin import AuditedAdmin
from joinedup.core.models import AuditEvent, JobRun, User

# django-otp's own device pages would show people's secret keys and delete devices unaudited:
# two-factor sign-in is changed only through `core.two_factor` (the action below).
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    """Adding a person, changing their permissions or their password here is audited (as
    `user.added`, `user.changed`, `user.password_set`): who was made a superuser, by whom."""

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
    actions = ["reset_two_factor"]

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        response = super().user_change_password(request, id, form_url)
        # A redirect is Django's answer to a password it has saved (a form with errors is
        # shown again with status 200).
        if request.method == "POST" and response.status_code == 302:
            target = User.objects.get(pk=id)
            audit.record(
                "user.password_set",
                actor=request.user,  # type: ignore[arg-type]
                target=target,
                details={"via": "admin"},
            )
        return response

    @admin.action(description="Reset two-factor sign-in (lost phone and recovery codes)")
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            two_factor.remove_two_factor(
                user=user,
                actor=request.user,  # type: ignore[arg-type]
                reason="reset by an administrator",
            )
        self.message_user(
            request, f"Two-factor sign-in reset for {queryset.count()} people.", messages.SUCCESS
        )


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


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """What the worker ran and how it went (ADR 32): read-only, written by the worker alone."""

    list_display = ["slot", "job", "outcome", "started_at", "finished_at", "worker"]
    list_filter = ["outcome", "job"]
    date_hierarchy = "slot"
    readonly_fields = [
        "job",
        "slot",
        "worker",
        "started_at",
        "finished_at",
        "outcome",
        "output",
        "error",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
