from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "joinedup.api"
    label = "api"
    verbose_name = "API"
