"""The person's support plan after a prescription is sent: page, PDF and sending it to them."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from joinedup.referrals.views import plan

urlpatterns: list[URLPattern | URLResolver] = [
    path("plans/<uuid:prescription_id>/", plan.plan, name="support-plan"),
    path("plans/<uuid:prescription_id>/plan.pdf", plan.plan_pdf, name="support-plan-pdf"),
    path("plans/<uuid:prescription_id>/send/", plan.send_plan, name="support-plan-send"),
]
