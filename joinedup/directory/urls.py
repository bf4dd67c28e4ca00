from __future__ import annotations

from django.urls import include, path

from joinedup.directory import delivery_views, views

app_name = "directory"
urlpatterns = [
    path("services/<uuid:service_id>/", views.view_service, name="view-service"),
    path("services/<uuid:service_id>/edit/", views.edit_service, name="edit-service"),
    path("services/<uuid:service_id>/capacity/", views.set_capacity, name="set-capacity"),
    path("services/<uuid:service_id>/intake/", views.set_intake, name="set-intake-mode"),
    path("services/<uuid:service_id>/check/", views.check_service, name="check-service"),
    path("services/<uuid:service_id>/locations/add/", views.add_location, name="add-location"),
    path(
        "services/<uuid:service_id>/locations/<uuid:location_id>/edit/",
        views.edit_location,
        name="edit-location",
    ),
    path(
        "organisations/<uuid:organisation_id>/",
        views.view_organisation,
        name="view-organisation",
    ),
    path("your-services/", views.list_your_services, name="list-your-services"),
    # Joining the partnership, and an organisation's people and roles.
    path("", include("joinedup.directory.pages.urls")),
    path(
        "failed-deliveries/",
        delivery_views.list_failed_deliveries,
        name="failed-deliveries",
    ),
    path(
        "failed-deliveries/<int:message_id>/retry/",
        delivery_views.retry_delivery,
        name="retry-delivery",
    ),
]
