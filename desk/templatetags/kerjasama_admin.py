"""Template helpers of the Bagian Kerja Sama admin: the decision data of a stage event in words."""

import datetime

from django import template
from django.utils.formats import date_format
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
