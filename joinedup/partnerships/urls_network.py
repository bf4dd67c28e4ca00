"""The rest of the workspace: the network survey and map, action plans, the learning log,
members and settings."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from joinedup.partnerships.views import actions, learning, members, network

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:partnership_id>/network/", network.list_surveys, name="network-surveys"),
    path("<int:partnership_id>/network/new/", network.create_survey, name="network-create"),
    path(
        "<int:partnership_id>/network/<int:survey_id>/",
        network.view_results,
        name="network-results",
    ),
    path(
        "<int:partnership_id>/network/<int:survey_id>/answer/",
        network.answer_survey,
        name="network-answer",
    ),
    path(
        "<int:partnership_id>/network/<int:survey_id>/submit/",
        network.submit_survey,
        name="network-submit",
    ),
    path(
        "<int:partnership_id>/network/<int:survey_id>/open/",
        network.open_survey,
        name="network-open",
    ),
    path(
        "<int:partnership_id>/network/<int:survey_id>/close/",
        network.close_survey,
        name="network-close",
    ),
    path("<int:partnership_id>/actions/", actions.list_actions, name="actions"),
    path("<int:partnership_id>/actions/new/", actions.create_action, name="action-create"),
    path("<int:partnership_id>/actions/<int:action_id>/", actions.view_action, name="action"),
    path("<int:partnership_id>/learning/", learning.list_entries, name="learning"),
    path("<int:partnership_id>/learning/new/", learning.add_entry, name="learning-add"),
    path("<int:partnership_id>/members/", members.list_members, name="members"),
    path("<int:partnership_id>/members/<int:member_id>/", members.change_member, name="member"),
]
