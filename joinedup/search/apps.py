from __future__ import annotations

from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "joinedup.search"
    label = "search"

    def ready(self) -> None:
        from joinedup.search import checks  # noqa: F401  (registers the system check)
