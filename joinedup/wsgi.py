from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
application = get_wsgi_application()

# The first search of a process would otherwise load the sentence model, the spelling
# dictionary and the index's meaning matrix while a person waits (ADR 20).
from joinedup.search.warm import warm_up  # noqa: E402

warm_up()
