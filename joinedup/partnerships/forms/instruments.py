"""The form a partnership manager uploads an instrument document (a questionnaire) with."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from joinedup.core import safejson

# A shipped instrument is about 20 KB; ten times that is room for any questionnaire a
# partnership would put to its members, and small enough to parse in the request.
MAX_BYTES = 200_000


class InstrumentUploadForm(forms.Form):
    document = forms.FileField(
        label="Questionnaire file (JSON)",
        help_text=(
            "Download a questionnaire below, change it and give it a higher version number, "
            "or write a new one in the same format."
        ),
        error_messages={
            "required": "Choose a questionnaire file",
            "empty": "The file you chose is empty",
        },
    )

    def clean_document(self) -> Any:
        upload = self.cleaned_data["document"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file must be 200 KB or smaller")
        try:
            return safejson.loads(upload.read().decode("utf-8-sig"), max_bytes=MAX_BYTES)
        except safejson.JsonRefused as error:
            raise forms.ValidationError(f"The file cannot be used: {error}") from None
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be a JSON text file") from None
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"The file is not valid JSON: {error.msg} (line {error.lineno}, "
                f"column {error.colno})"
            ) from None
