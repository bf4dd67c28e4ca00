"""/api/fhir/: referrals as FHIR R4 Task and ServiceRequest (organisation token)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, re_path

from joinedup.api import fhir_views as views

ID = r"(?P<pk>[A-Za-z0-9\-.]{1,64})"

urlpatterns: list[URLPattern | URLResolver] = [
    re_path(r"^Task/?$", views.task_search, name="fhir-task-search"),
    re_path(rf"^Task/{ID}/?$", views.task, name="fhir-task"),
    re_path(rf"^ServiceRequest/{ID}/?$", views.service_request, name="fhir-service-request"),
    # Anything else under /api/fhir/ answers as FHIR, not as the feed's problem+json.
    re_path(r"^(?P<path>.*)$", views.unknown, name="fhir-unknown"),
]
