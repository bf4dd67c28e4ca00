"""Health checks: the workspace home, questionnaires, waves, answering by invitation link,
results, report."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from joinedup.partnerships.views import answering, instruments, overview, wave_results, waves

WAVE = "<int:partnership_id>/health-checks/<int:wave_id>/"
INVITATION = WAVE + "invitations/<int:invitation_id>/"
ANSWER = "answer/<str:token>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", overview.list_partnerships, name="list"),
    path("<int:partnership_id>/", overview.view_partnership, name="overview"),
    path("<int:partnership_id>/health-checks/new/", waves.create_wave, name="create-wave"),
    path(
        "<int:partnership_id>/health-checks/questionnaires/",
        instruments.list_instruments,
        name="instruments",
    ),
    path(
        "<int:partnership_id>/health-checks/questionnaires/<int:instrument_id>.json",
        instruments.download_instrument,
        name="instrument-document",
    ),
    path(WAVE, waves.view_wave, name="view-wave"),
    path(WAVE + "invite/", waves.add_representatives, name="add-representatives"),
    path(WAVE + "open/", waves.open_wave, name="open-wave"),
    path(WAVE + "close/", waves.close_wave, name="close-wave"),
    path(INVITATION + "resend/", waves.resend_invitation, name="resend-invitation"),
    path(INVITATION + "withdraw/", waves.withdraw_invitation, name="withdraw-invitation"),
    path(WAVE + "results/", wave_results.view_results, name="wave-results"),
    path(WAVE + "report.pdf", wave_results.download_report, name="wave-report"),
    # Answering: the token in the address is the key, so no sign-in is needed.
    path(ANSWER, answering.start, name="answer-start"),
    path(ANSWER + "section/<int:number>/", answering.section, name="answer-section"),
    path(ANSWER + "saved/", answering.saved, name="answer-saved"),
    path(ANSWER + "check/", answering.check, name="answer-check"),
    path(ANSWER + "sent/", answering.sent, name="answer-sent"),
]
