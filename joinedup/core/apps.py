from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "joinedup.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from joinedup.core import checks  # noqa: F401  (registers the system checks)
        from joinedup.core.sessions import stamp_sign_in

        # Session plumbing, not business logic: every way of signing in (the sign-in page, an
        # emailed password link, `force_login`) starts the session's clocks (ADR 29).
        user_logged_in.connect(stamp_sign_in, dispatch_uid="joinedup.core.stamp_sign_in")
