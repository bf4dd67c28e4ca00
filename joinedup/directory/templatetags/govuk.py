"""Render Django form fields as GOV.UK Frontend components (HTML, no Nunjucks)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import nh3
from django import forms, template
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString

register = template.Library()

_LOOKS_LIKE_HTML = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^>]*)?/?>")
_RICH_TAGS = {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "a", "h3", "h4", "h5"}


def anchor(field: forms.BoundField) -> str:
    """The id an error summary link points at: the field's first input."""
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_0"
    return str(field.auto_id)


@register.filter
def govuk_kind(field: forms.BoundField) -> str:
    """Which GOV.UK component renders this field: input, textarea, radios, checkbox, select."""
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.filter
def error_anchor(field: forms.BoundField) -> str:
    return anchor(field)


@register.simple_tag
def govuk_widget(field: forms.BoundField) -> SafeString:
    """The field's own widget, with GOV.UK classes and aria-describedby for hint and error."""
    kind = govuk_kind(field)
    base = {"input": "govuk-input", "textarea": "govuk-textarea", "select": "govuk-select"}[kind]
    classes = [base, field.field.widget.attrs.get("class", "")]
    if field.errors:
        classes.append(f"{base}--error")
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs: dict[str, Any] = {"class": " ".join(c for c in classes if c)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return SafeString(field.as_widget(attrs=attrs))


@register.simple_tag
def govuk_errors(*forms_: forms.BaseForm | None) -> list[tuple[str, str]]:
    """(anchor, message) for every error on the forms, in field order, for the error summary."""
    found: list[tuple[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound or not form.errors:
            continue
        fields = list(form)
        first = anchor(fields[0]) if fields else ""
        found.extend((first, str(message)) for message in form.non_field_errors())
        for field in fields:
            found.extend((anchor(field), str(message)) for message in field.errors)
    return found


@register.filter
def in_words(duration: datetime.timedelta) -> str:
    """A wait as a person says it: "15 minutes", "1 hour", "2 hours and 5 minutes"."""
    minutes = max(1, round(duration.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " and ".join(parts)


@register.filter
def rich_text(value: str) -> SafeString:
    """A description as HTML. Imported descriptions are HTML already sanitised on import; they
    are cleaned again here so nothing typed into a form can ever reach the page as markup.
    Plain text (what our forms hold) is escaped and its line breaks kept."""
    if not value:
        return SafeString("")
    if _LOOKS_LIKE_HTML.search(value):
        return SafeString(
            nh3.clean(
                value,
                tags=_RICH_TAGS,
                clean_content_tags={"script", "style"},
                attributes={"a": {"href"}},
                url_schemes={"http", "https", "mailto", "tel"},
            )
        )
    return SafeString(linebreaks(escape(value)))
