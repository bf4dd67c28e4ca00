"""A page that crashes, with the site's own URLs and error handlers (for the error tests)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in the page")


urlpatterns = [
    path("crash/", crash),
    path("api/crash/", crash),
    path("", include("joinedup.urls")),
]

handler500 = "joinedup.core.failing.server_error"
