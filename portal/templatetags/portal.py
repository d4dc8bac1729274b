"""Template helpers for the OPD portal: unread notifications in the navbar, field rendering."""

from django import forms, template

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    """How many notifications the signed-in user has not read (0 for visitors)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if not hasattr(request, "_unread_notifications"):
        from notifications.models import Notification

        request._unread_notifications = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return request._unread_notifications


@register.inclusion_tag("portal/includes/field.html")
def field(bound_field, css=""):
    """A form field with its label, help text and errors next to it (Bootstrap 5): the input is
    marked invalid and described by its error, so screen readers announce it."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        kind = "multi"
    elif isinstance(widget, forms.CheckboxInput):
        kind = "checkbox"
    elif isinstance(widget, forms.RadioSelect):
        kind = "radio"
    else:
        kind = "input"
    attrs = {}
    if kind == "checkbox":
        attrs["class"] = "form-check-input"
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_help")
    if bound_field.errors:
        attrs["class"] = (attrs.get("class") or widget.attrs.get("class", "")) + " is-invalid"
        attrs["aria-invalid"] = "true"
        described.append(f"{bound_field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    rendered = bound_field.as_widget(attrs=attrs) if kind in ("input", "checkbox") else ""
    return {"field": bound_field, "css": css, "kind": kind, "widget": rendered}


@register.simple_tag(takes_context=True)
def portal_menu(context):
    """What the navbar offers the signed-in user: "New proposal" only to who may propose, and the
    home page's name ("My proposals" for OPD staff; the whole list for the readers of everything)."""
    from accounts import roles
    from portal.views import _may_create

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, "_portal_menu"):
        request._portal_menu = {"may_create": _may_create(user), "sees_everything": roles.sees_everything(user)}
    return request._portal_menu
