from __future__ import annotations

from django.urls import path

from joinedup.core import health, legal, partnership_style, views, views_account

app_name = "core"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("account/password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "account/password/reset/sent/",
        views.PasswordResetSentView.as_view(),
        name="password-reset-sent",
    ),
    path(
        "account/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "account/password/set/<uidb64>/<token>/",
        views.SetFirstPasswordView.as_view(),
        name="set-password",
    ),
    path("account/password/done/", views.PasswordDoneView.as_view(), name="password-done"),
    path("account/password/change/", views.PasswordChangeView.as_view(), name="password-change"),
    path("partnership.css", partnership_style.stylesheet, name="partnership-css"),
    # For load balancers and monitoring (ADR 31): alive, and ready to work.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accessibility/", legal.accessibility_statement, name="accessibility"),
    path("cookies/", legal.cookies, name="cookies"),
    path("account/", views_account.account, name="account"),
    path("account/two-factor/set-up/", views_account.set_up, name="two-factor-set-up"),
    path("account/two-factor/check/", views_account.check, name="two-factor-check"),
    path(
        "account/two-factor/recovery-codes/",
        views_account.recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path(
        "account/two-factor/recovery-codes/new/",
        views_account.new_recovery_codes,
        name="two-factor-new-recovery-codes",
    ),
    path("account/two-factor/turn-off/", views_account.turn_off, name="two-factor-turn-off"),
    path("account/session/", views_account.session, name="session"),
    path("account/send-form/", views_account.send_kept_form, name="send-kept-form"),
]
