"""The form partnership managers fill in for one of their crisis contacts."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from joinedup.directory.models import Service
from joinedup.search.crisis import crisis_services
from joinedup.search.models import CrisisContact

PHONE = re.compile(r"^\+?[0-9 ()-]{3,30}$")


class CrisisContactForm(forms.ModelForm):
    url = forms.URLField(
        label="Website",
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a website address like https://www.example.org"},
    )

    class Meta:
        model = CrisisContact
        fields = ["name", "phone", "description", "url", "service", "active"]
        labels = {"name": "Name", "phone": "Phone number"}
        help_texts = {
            "name": "As people will see it, for example: Evening crisis café.",
            "phone": "Optional if you give a website. For example: 0117 123 4567.",
        }
        error_messages = {
            "name": {"required": "Enter the name of the crisis service"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = crisis_services()
        current = self.instance.service_id if self.instance.pk else None
        if current:
            choices = choices | Service.objects.filter(pk=current)
        service = self.fields["service"]
        assert isinstance(service, forms.ModelChoiceField)
        service.queryset = choices
        service.label = "Directory listing (optional)"
        service.empty_label = "None"
        service.help_text = "The directory's services filed under a crisis category."

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data["phone"]).strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                "Enter a phone number using numbers, spaces and brackets, like 0117 123 4567"
            )
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("phone") and not data.get("url"):
            self.add_error("phone", "Enter a phone number or a website")
        return data
