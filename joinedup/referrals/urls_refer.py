"""Making referrals: the shortlist, the referrer's journey, self-referral and each service's
intake settings."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from joinedup.referrals.views import ask, intake_settings, refer, shortlist

urlpatterns: list[URLPattern | URLResolver] = [
    path("shortlist/", shortlist.show_shortlist, name="shortlist"),
    path("shortlist/change/", shortlist.change_shortlist, name="shortlist-change"),
    path("new/", refer.start, name="start"),
    path("new/<uuid:journey_id>/person/", refer.find_person, name="refer-person"),
    path("new/<uuid:journey_id>/person/new/", refer.new_person, name="refer-new-person"),
    path("new/<uuid:journey_id>/what/", refer.what_and_consent, name="refer-what"),
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
