from __future__ import annotations

from django.urls import path

from joinedup.core import views

app_name = "core"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
]
