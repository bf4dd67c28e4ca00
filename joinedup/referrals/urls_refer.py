"""Making referrals: the referrer's journey, self-referral and each service's intake settings."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from joinedup.referrals.views import ask, intake_settings, refer

urlpatterns: list[URLPattern | URLResolver] = [
    path("new/", refer.start, name="start"),
    path("new/<uuid:journey_id>/person/", refer.find_person, name="refer-person"),
    path("new/<uuid:journey_id>/person/matches/", refer.choose_match, name="refer-matches"),
    path("new/<uuid:journey_id>/person/new/", refer.new_person, name="refer-new-person"),
    path("new/<uuid:journey_id>/services/", refer.choose_services, name="refer-services"),
    path("new/<uuid:journey_id>/need/", refer.describe_need, name="refer-need"),
    path("new/<uuid:journey_id>/questions/", refer.answer_questions, name="refer-questions"),
    path("new/<uuid:journey_id>/consent/", refer.record_consent, name="refer-consent"),
    path("new/<uuid:journey_id>/check/", refer.check_answers, name="refer-check"),
    path("new/<uuid:journey_id>/sent/", refer.sent, name="refer-sent"),
    path("ask/<uuid:service_id>/", ask.ask_for_help, name="ask-for-help"),
    path("ask/<uuid:service_id>/sent/", ask.asked_for_help, name="asked-for-help"),
    path(
        "services/<uuid:service_id>/intake/",
        intake_settings.edit_intake,
        name="edit-intake",
    ),
]
