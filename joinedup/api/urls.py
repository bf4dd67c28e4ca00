from __future__ import annotations

from collections.abc import Callable

from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, include, path, re_path

from joinedup.api import views

app_name = "api"

ID = r"(?P<pk>[^/]+)"


def endpoint(pattern: str, view: Callable[..., HttpResponseBase], name: str) -> URLPattern:
    # With or without a trailing slash: feed clients differ, and a redirect would lose CORS.
    return re_path(rf"^oruk/{pattern}/?$", view, name=name)


urlpatterns: list[URLPattern | URLResolver] = [
    # The app's search (with explanations and facets), the referrals API and its FHIR view.
    path("", include("joinedup.api.search_urls")),
    path("", include("joinedup.api.referral_urls")),
    path("fhir/", include("joinedup.api.fhir_urls")),
    path("", include("joinedup.api.insights_urls")),
    re_path(r"^oruk/?$", views.index, name="index"),
    endpoint("openapi.json", views.openapi, "openapi"),
    endpoint("services", views.services, "services"),
    endpoint(f"services/{ID}", views.service, "service"),
    endpoint("organizations", views.organizations, "organizations"),
    endpoint(f"organizations/{ID}", views.organization, "organization"),
    endpoint("taxonomies", views.taxonomies, "taxonomies"),
    endpoint(f"taxonomies/{ID}", views.taxonomy, "taxonomy"),
    endpoint("taxonomy_terms", views.taxonomy_terms, "taxonomy_terms"),
    endpoint(f"taxonomy_terms/{ID}", views.taxonomy_term, "taxonomy_term"),
    endpoint("service_at_locations", views.service_at_locations, "service_at_locations"),
    endpoint(f"service_at_locations/{ID}", views.service_at_location, "service_at_location"),
    # Anything else under /api/ is a JSON 404, not the site's HTML page.
    re_path(r"^(?P<path>.*)$", views.unknown, name="unknown"),
]
