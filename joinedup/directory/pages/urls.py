"""Joining and people pages, included into the directory's URLs (namespace `directory`)."""

from __future__ import annotations

from django.urls import path

from joinedup.directory.pages import freshness, joining, listing, people

urlpatterns = [
    path("join/", joining.ask_to_join, name="join"),
    path("join/sent/", joining.join_sent, name="join-sent"),
    path("join/requests/", joining.list_join_requests, name="list-join-requests"),
    path("join/requests/<uuid:request_id>/", joining.view_join_request, name="view-join-request"),
    path("organisations/<uuid:organisation_id>/people/", people.list_people, name="list-people"),
    path(
        "organisations/<uuid:organisation_id>/people/invite/",
        people.invite_person,
        name="invite-person",
    ),
    path(
        "organisations/<uuid:organisation_id>/people/<int:membership_id>/role/",
        people.change_role,
        name="change-role",
    ),
    path(
        "organisations/<uuid:organisation_id>/people/<int:membership_id>/remove/",
        people.remove_person,
        name="remove-person",
    ),
    path(
        "organisations/<uuid:organisation_id>/invitations/<uuid:invitation_id>/cancel/",
        people.cancel_invitation,
        name="cancel-invitation",
    ),
    path(
        "organisations/<uuid:organisation_id>/services/add/",
        listing.add_service,
        name="add-service",
    ),
    path("services/<uuid:service_id>/listing/", listing.view_listing, name="listing"),
    path(
        "services/<uuid:service_id>/listing/preview/",
        listing.preview_listing,
        name="preview-listing",
    ),
    path(
        "services/<uuid:service_id>/listing/publish/",
        listing.publish_listing,
        name="publish-listing",
    ),
    path(
        "services/<uuid:service_id>/listing/withdraw/",
        listing.withdraw_listing,
        name="withdraw-listing",
    ),
    path(
        "services/<uuid:service_id>/listing/<slug:section>/",
        listing.edit_section,
        name="listing-section",
    ),
    path("invitations/<str:secret>/", people.accept_invitation, name="accept-invitation"),
    # Keeping listings fresh.
    path("listings/still-right/<str:token>/", freshness.still_right, name="still-right"),
    path("listings/to-check/", freshness.list_stale, name="list-stale-listings"),
]
