from django import template

from apps.core.audit_labels import audit_action_label

register = template.Library()


@register.simple_tag
def widget(field):
    """Render a form field's widget tied to its help and error texts for screen readers."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    attrs = {"aria-describedby": " ".join(described)} if described else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def action_label(action: str) -> str:
    """A journal action as staff read it (apps/core/audit_labels.py)."""
    return audit_action_label(action)
