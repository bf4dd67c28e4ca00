from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.core.models import User
from tests.admin_forms import form_data as _form_data

MODELS = [
    "partnership",
    "frameworkelement",
    "instrument",
    "instrumentsection",
    "wave",
    "networksurvey",
    "actionplan",
    "action",
    "learningentry",
]


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser(email="root@example.org", password="x")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_open(admin_client, model, instruments, partnership):
    assert admin_client.get(reverse(f"admin:partnerships_{model}_changelist")).status_code == 200


def test_instrument_wording_cannot_be_changed_in_the_admin(admin_client, foundations):
    url = reverse("admin:partnerships_instrument_change", args=[foundations.pk])
    response = admin_client.post(url, {"title": "Changed"})
    assert response.status_code == 403
    foundations.refresh_from_db()
    assert foundations.title == "Foundations of collaboration"


def test_answers_are_not_in_the_admin(admin_client):
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("admin:partnerships_answer_changelist")
    with pytest.raises(NoReverseMatch):
        reverse("admin:partnerships_networkrating_changelist")


def test_a_non_staff_member_is_kept_out(client, alice, password):
    client.force_login(alice)
    response = client.get(reverse("admin:partnerships_partnership_changelist"))
    assert response.status_code == 302


def test_admin_changes_are_audited_with_the_fields_changed(admin_client, partnership, council):
    from joinedup.core.models import AuditEvent
    from joinedup.partnerships.models import PartnershipMember

    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    data = _form_data(admin_client.get(url))
    data["referral_expiry_days"] = 21
    page = admin_client.post(url, data)
    assert page.status_code == 302, page.context["adminform"].form.errors
    partnership.refresh_from_db()
    assert partnership.referral_expiry_days == 21
    event = AuditEvent.objects.filter(action="partnership.changed").get()
    assert event.actor.email == "root@example.org"
    assert event.details == {"via": "admin", "fields": {"referral_expiry_days": 21}}

    # An inline row removed is audited as that row's deletion, with its id and organisation.
    data = _form_data(admin_client.get(url))
    member = PartnershipMember.objects.get(partnership=partnership, organization=council)
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.endswith("-id") and value == str(member.pk)
    )
    data[f"members-{index}-DELETE"] = "on"
    assert admin_client.post(url, data).status_code == 302
    assert not PartnershipMember.objects.filter(pk=member.pk).exists()
    event = AuditEvent.objects.get(action="partnership_member.deleted")
    assert event.target_id == str(member.pk) and event.organization == council


def test_admin_deletion_is_audited(admin_client, partnership, pam):
    from joinedup.core.models import AuditEvent
    from joinedup.partnerships import services

    entry = services.add_learning_entry(
        actor=pam, partnership=partnership, title="Kept", text="A story."
    )
    url = reverse("admin:partnerships_learningentry_delete", args=[entry.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    event = AuditEvent.objects.get(action="learning_entry.deleted")
    assert event.target_id == str(entry.pk) and event.details == {"via": "admin"}
