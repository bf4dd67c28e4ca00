from __future__ import annotations

from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "joinedup.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships"
