"""Our OpenAPI document: the ORUK 3.0 profile's, pointed at this server.

Derived from Open Referral UK's `openapi.json` (Copyright (c) 2025, Open Referral UK project and
contributors, BSD-3-Clause; see schemas/oruk-3.0/LICENSE.txt), itself built on the Human
Services Data Specification (an Open Referral resource, https://openreferral.org/, CC BY-SA 4.0).
"""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

from joinedup.api.validation import SCHEMAS_DIR

NOTICE = (
    "The open directory feed of joinedup, in the Open Referral UK 3.0 profile of HSDS 3.0. "
    "Open: no key is needed, every response allows any origin. Only published records appear. "
    "Services carry extension fields (joinedup_intake_mode, joinedup_capacity_status, ...) and "
    "HSDS 3.1's `capacities`.\n\n"
    "This document is adapted from the Open Referral UK 3.0 openapi.json "
    "(https://openreferraluk.org/): Copyright (c) 2025, Open Referral UK project and "
    "contributors, BSD 3-Clause License (redistributions keep this notice, the conditions and "
    "the disclaimer). Human Services Data Specification: an Open Referral resource "
    "(https://openreferral.org/), CC BY-SA 4.0. Changed by joinedup: the servers, info and "
    "the /openapi.json path."
)


@functools.cache
def _upstream() -> dict[str, Any]:
    text = (SCHEMAS_DIR / "oruk-3.0" / "openapi.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def openapi_document(feed_url: str) -> dict[str, Any]:
    """The ORUK profile's document with our server and a notice of where it comes from."""
    document = copy.deepcopy(_upstream())
    document["info"] = {
        "title": "joinedup: Open Referral UK 3.0 feed",
        "version": "HSDS-UK-3.0",
        "description": NOTICE,
        "license": {
            "name": "BSD-3-Clause (Open Referral UK); HSDS content CC BY-SA 4.0",
            "url": "https://opensource.org/license/BSD-3-clause",
        },
    }
    document["servers"] = [{"url": feed_url.rstrip("/")}]
    document["paths"]["/openapi.json"] = {
        "get": {
            "summary": "This OpenAPI document.",
            "operationId": "getOpenApiDocument",
            "responses": {"200": {"description": "The OpenAPI document describing this feed."}},
        }
    }
    return document
