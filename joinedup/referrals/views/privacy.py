"""The privacy notice (UK GDPR Articles 13 and 14): who holds a resident's details, why, on what
lawful basis, who receives them, how long they are kept, and the person's rights.

Filled from settings (the controller, its address and data protection officer, the purposes and
lawful bases) and from the retention periods the software really applies: each partnership's
own (`Partnership.closed_referral_retention_months`, `referral_expiry_days`) and the defaults for
organisations in none. It lives in referrals, the layer that knows those periods (ADR 33); the
accessibility statement and the cookies page, which need nothing above core, are in core.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from joinedup.partnerships.models import Partnership
from joinedup.referrals.models.referrals import DEFAULT_EXPIRY_DAYS
from joinedup.referrals.services.governance import (
    DEFAULT_RETENTION_MONTHS,
    IDEMPOTENCY_KEY_LIFETIME,
)


def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "referrals/privacy.html",
        {
            "controller": settings.JOINEDUP_PRIVACY_CONTROLLER,
            "controller_address": settings.JOINEDUP_PRIVACY_CONTROLLER_ADDRESS,
            "ico_registration": settings.JOINEDUP_PRIVACY_ICO_REGISTRATION,
            "dpo_name": settings.JOINEDUP_PRIVACY_DPO_NAME,
            "dpo_email": settings.JOINEDUP_PRIVACY_DPO_EMAIL,
            "dpo_address": settings.JOINEDUP_PRIVACY_DPO_ADDRESS,
            "purposes": settings.JOINEDUP_PRIVACY_PURPOSES,
            "lawful_basis": settings.JOINEDUP_PRIVACY_LAWFUL_BASIS,
            "special_category_basis": settings.JOINEDUP_PRIVACY_SPECIAL_CATEGORY_BASIS,
            "processors": settings.JOINEDUP_PRIVACY_PROCESSORS,
            "texts_by_notify": bool(settings.NOTIFY_API_KEY),
            "partnerships": list(
                Partnership.objects.order_by("name", "pk").values(
                    "name", "closed_referral_retention_months", "referral_expiry_days"
                )
            ),
            "default_retention_months": DEFAULT_RETENTION_MONTHS,
            "default_expiry_days": DEFAULT_EXPIRY_DAYS,
            "outbox_keep_days": settings.OUTBOX_KEEP_SENT_DAYS,
            "api_record_hours": int(IDEMPOTENCY_KEY_LIFETIME.total_seconds() // 3600),
        },
    )
