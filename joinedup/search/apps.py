from __future__ import annotations

from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "joinedup.search"
    label = "search"

    def ready(self) -> None:
        # The index follows the directory: every listing a directory use case changes is
        # re-indexed once its transaction commits (ADR 18: the directory never imports search).
        from joinedup.directory import changes
        from joinedup.search.tasks import reindex_on_commit

        changes.subscribe(reindex_on_commit)

        from joinedup.search import checks  # noqa: F401  (registers the system check)
