from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.core.models import User

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
