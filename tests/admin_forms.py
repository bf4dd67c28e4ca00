"""The Django admin's change forms in tests."""

from __future__ import annotations


def form_data(page) -> dict[str, object]:
    """What the admin's change form would post back unchanged (main form, inlines, management)."""
    data: dict[str, object] = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms.extend(inline.formset.forms)
    for form in forms:
        for field in form:
            widget = getattr(field.field.widget, "widget", field.field.widget)
            context = widget.get_context(field.html_name, field.value(), {})["widget"]
            for part in context.get("subwidgets") or [context]:
                if part.get("type") == "checkbox" and "selected" not in part:
                    # A ticked box posts "on"; an unticked one posts nothing.
                    if part["attrs"].get("checked"):
                        data[part["name"]] = "on"
                elif part["value"] is not None:
                    data[part["name"]] = part["value"]
    return data
