from __future__ import annotations

from django.contrib.auth import views as auth_views

from joinedup.core.forms import SignInForm


class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    # Django 5 signs out on POST only, so a link from another site cannot sign people out.
    http_method_names = ["post", "options"]
