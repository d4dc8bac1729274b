"""Template helpers of the Bagian Kerja Sama admin: the decision data of a stage event in words."""

import datetime
from operator import attrgetter

from django import template
from django.contrib.admin.templatetags.admin_list import ResultList, result_headers, results
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from agreements.choices import Stage, TerminationCause, stage_badge
from desk.forms import DPRD_RESULT_CHOICES, TKKSD_RESULT_CHOICES

register = template.Library()

DATA_LABELS = {
    "result": _("Result"),
    "date": _("Date of the TKKSD meeting"),
    "letter_number": _("Letter number"),
    "letter_date": _("Letter date"),
    "received_date": _("Received by the DPRD"),
    "reply_number": _("Number of the Minister's reply"),
    "reply_date": _("Date of the Minister's reply"),
    "loi_signed_date": _("Date the LoI was signed"),
    "full_power_number": _("Full Power letter number"),
    "signing_date": _("Date of signing"),
    "signing_place": _("Place of signing"),
    "numbers": _("Numbers"),
    "checklist": _("Check of the signed scan"),
    "cause": _("Cause"),
    "returned_from": _("Returned from"),
    "source": _("Source file"),
}
RESULT_LABELS = dict(TKKSD_RESULT_CHOICES + DPRD_RESULT_CHOICES + [("lanjut", _("Proceed to drafting the text"))])
CHECK_LABELS = {"paraf": _("initials"), "meterai": _("stamp duty"), "stempel": _("seal")}


def _value(key, value):
    if key == "result":
        return RESULT_LABELS.get(value, value)
    if key == "cause" and value in TerminationCause.values:
        return TerminationCause(value).label
    if key == "returned_from" and value in Stage.values:
        return Stage(value).label
    if key == "numbers" and isinstance(value, dict):
        return " · ".join(v for v in value.values() if v) or "—"
    if key == "checklist" and isinstance(value, dict):
        return ", ".join(f"{CHECK_LABELS.get(k, k)} {'✓' if ok else '✗'}" for k, ok in value.items())
    if isinstance(value, str) and key.endswith("date"):
        try:
            return date_format(datetime.date.fromisoformat(value), "j F Y")
        except ValueError:
            return value
    return value


@register.filter
def event_data(data):
    """[(label, text)] for the known keys of a StageEvent's ``data``."""
    if not isinstance(data, dict):
        return []
    return [(DATA_LABELS[key], _value(key, data[key])) for key in DATA_LABELS if data.get(key) not in (None, "", {}, [])]


@register.filter
def stage_css(stage):
    """The badge colour of a stage (``ks-<colour>`` in kerjasama-admin.css)."""
    return stage_badge(stage)


# --- regulation calendar (issue 13) --------------------------------------------------------------

DATA_LABELS.update(
    {
        "consultation_number": _("Consultation letter to the Minister and the Foreign Minister"),
        "consultation_date": _("Date of the consultation letter"),
        "loi_signatory": _("Signatory of the LoI"),
        "copy_to_menteri_date": _("Date the copy of the LoI was sent to the Minister"),
        "sent_to_gubernur_date": _("Date sent to the Governor (regency/city)"),
        "gubernur_forwarded_date": _("Date the Governor forwarded it to the Minister"),
        "sent_directly_date": _("Date sent directly to the Minister"),
        "meeting_date": _("Date of the inter-ministerial meeting"),
        "minutes_number": _("Number of the minutes"),
        "technical_ministry": _("Technical ministry or agency appointed"),
    }
)


@register.simple_tag
def numbering_default_warning():
    """The start-up warning about the default classification code, for the admin index."""
    from agreements.checks import numbering_default_message

    return numbering_default_message()


@register.simple_tag(takes_context=True)
def work_queue(context):
    """The desk's work queue for the signed-in user (``desk.queue``); empty for other roles."""
    from desk import queue

    request = context.get("request")
    return queue.build(request.user) if request is not None else []


# --- the register's rows --------------------------------------------------------------------------


def _column(admin, name):
    """(cell attributes, value of a row) for a register column, or None when Django must render it:
    a ModelAdmin method returning finished HTML, or a foreign key shown as its ``str``."""
    if not isinstance(name, str):
        return None
    if callable(getattr(type(admin), name, None)):
        css = "action-checkbox" if name == "action_checkbox" else f"field-{name}"
        return mark_safe(f' class="{css}"'), getattr(admin, name)
    try:
        field = admin.model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if isinstance(field, models.ForeignKey):
        return mark_safe(f' class="field-{name} nowrap"'), attrgetter(name)
    return None


def register_rows(cl):
    """The rows of ``{% result_list %}``, each cell from one call of its column.

    Django's ``items_for_result`` looks every cell up again (``lookup_field``, the display options,
    the empty value): about half the register's rendering at 100 rows.  The register's columns are
    ModelAdmin methods that return finished HTML and one foreign key, so the same ``<td>`` cells come
    straight from them.  A changelist with links, editable rows or other columns goes Django's way."""
    admin = cl.model_admin
    columns = [_column(admin, name) for name in cl.list_display]
    if cl.list_display_links is not None or cl.formset or None in columns:
        return list(results(cl))
    empty = admin.get_empty_value_display()
    rows = []
    for obj in cl.result_list:
        row = []
        for css, column in columns:
            value = column(obj)
            row.append(format_html("<td{}>{}</td>", css, empty if value is None or value == "" else value))
        rows.append(ResultList(None, row))
    return rows


def register_result_list(cl):
    """The context of ``admin/change_list_results.html``, as Django's ``result_list`` builds it."""
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": register_rows(cl),
    }


@register.tag(name="register_result_list")
def register_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=register_result_list, template_name="change_list_results.html", takes_context=False
    )
