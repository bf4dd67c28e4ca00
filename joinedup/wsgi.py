from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
application = get_wsgi_application()

# The first search of a process would otherwise load the sentence model, the spelling
# dictionary and the index's meaning matrix while a person waits (ADR 20).
from joinedup.search.warm import settle_collector, warm_up  # noqa: E402

warm_up()
# What is loaded now stays for the process's life: out of the garbage collector's sight (ADR 39).
settle_collector()
