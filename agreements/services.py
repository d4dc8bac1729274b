"""Every change of an agreement's stage goes through these verbs.

Each verb checks the user's right and the regulation's conditions, locks the row
(``select_for_update``), appends the immutable StageEvent and updates the agreement in one
transaction; notifications are sent with ``transaction.on_commit``.  A refused transition raises
``TransitionError`` (a ValidationError with every reason, in Indonesian) and changes nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from partners.choices import PartnerType

from . import legal_calendar, signals, workflow
from .choices import TERMINATION_CAUSES_BY_KIND, Kind, ParentRelation, SigningCapacity, Stage, TerminationCause
from .legal_calendar import add_months
from .models import Agreement, StageEvent


class TransitionError(ValidationError):
    """A transition the regulation or the user's role does not allow."""


@dataclass
class Check:
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def require(self, condition, message):
        if not condition:
            self.errors.append(message)

    def warn(self, condition, message):
        if condition:
            self.warnings.append(message)

    def raise_if_errors(self):
        if self.errors:
            raise TransitionError(self.errors)


# --- roles ------------------------------------------------------------------------------------


def _is_opd_owner(user, agreement):
    return roles.user_opd_id(user) is not None and roles.user_opd_id(user) == agreement.opd_initiator_id


def may(user, action, agreement):
    """Whether ``user`` has the role for ``action`` on ``agreement`` (stage conditions aside)."""
    allowed = workflow.ACTIONS[action][1]
    if user is None:
        return "system" in allowed
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if "opd_owner" in allowed and _is_opd_owner(user, agreement):
        return True
    return roles.has_role(user, *[r for r in allowed if r not in ("opd_owner", "system")])


def _require_role(user, action, agreement):
    if not may(user, action, agreement):
        raise TransitionError(_("You are not allowed to do this (%(action)s).") % {"action": workflow.ACTION_LABELS[action]})


def _require_not_submitter(user, agreement):
    if user is not None and agreement.submitted_by_id and agreement.submitted_by_id == user.pk and not user.is_superuser:
        raise TransitionError(_("You cannot approve a proposal you submitted yourself."))


def _require_stage(agreement, allowed, action):
    if agreement.stage not in allowed:
        raise TransitionError(
            _("“%(action)s” is not possible at the stage “%(stage)s”.")
            % {"action": workflow.ACTION_LABELS[action], "stage": agreement.get_stage_display()}
        )


# --- the one place that writes a stage -------------------------------------------------------


def _lock(agreement, expected_stage=None):
    """Lock the agreement's row; when the caller says which stage its form was made for, refuse if
    the agreement has moved since (a double click, a resubmitted page, two staff at once)."""
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if expected_stage and locked.stage != expected_stage:
        raise TransitionError(
            _(
                "This agreement has moved from the stage “%(expected)s” to “%(stage)s” since the form was "
                "opened; nothing was changed. Reload the page and check before trying again."
            )
            % {"expected": Stage(expected_stage).label if expected_stage in Stage.values else expected_stage,
               "stage": locked.get_stage_display()}
        )
    return locked


def _record(agreement, user, action, to_stage, note="", data=None, now=None):
    now = now or timezone.now()
    event = StageEvent.objects.create(
        agreement=agreement,
        action=action,
        from_stage=agreement.stage,
        to_stage=to_stage,
        actor=user,
        note=note or "",
        data=data or {},
        created_at=now,
    )
    if to_stage != agreement.stage:
        agreement.stage = to_stage
        agreement.stage_changed_at = now
    return event


def _save(agreement, *fields):
    fields = {"stage", "stage_changed_at", "updated_at", *fields}
    agreement.save(update_fields=sorted(fields))


def _notify(agreement, event):
    agreement_id, event_id = agreement.pk, event.pk
    transaction.on_commit(
        lambda: signals.stage_changed.send(sender=Agreement, agreement_id=agreement_id, event_id=event_id)
    )


def _finish(original, locked):
    """Copy the locked row's state back onto the caller's instance."""
    for f in Agreement._meta.concrete_fields:
        setattr(original, f.attname, getattr(locked, f.attname))
    return original


# --- the regulation's conditions ----------------------------------------------------------------


def _attachment_codes(agreement):
    return set(
        agreement.attachments.filter(is_removed=False).values_list("attachment_type__code", flat=True)
    )


def _attachment_names(codes):
    from .models import AttachmentType

    names = dict(AttachmentType.objects.filter(code__in=codes).values_list("code", "name"))
    return [names.get(code, code) for code in codes]


def _require_attachments(check, agreement, codes):
    missing = [c for c in codes if c not in _attachment_codes(agreement)]
    for name in _attachment_names(missing):
        check.errors.append(_("Attachment missing: %(name)s.") % {"name": name})


_PARTNER_TYPES_BY_KIND = {
    Kind.KSDD_WAJIB: {PartnerType.PEMDA},
    Kind.KSDD_SUKARELA: {PartnerType.PEMDA},
    Kind.KSDPK: set(PartnerType.third_party()),
    Kind.KSDPL: {PartnerType.PEMDA_LUAR_NEGERI},
    Kind.KSDLL: {PartnerType.LEMBAGA_LUAR_NEGERI},
    Kind.SINERGI: {PartnerType.INSTANSI_VERTIKAL},
}


def term_exceeds(agreement, months):
    """Whether the term is longer than ``months``.  Measured from the dates whenever both exist
    ("5 tahun" from 15 January 2026 ends on 14 January 2031; an end on the fifth anniversary itself
    is still within it); the month count typed in is used only without dates."""
    if agreement.start_date and agreement.end_date:
        return agreement.end_date > add_months(agreement.start_date, months)
    return bool(agreement.duration_months) and agreement.duration_months > months


def governing_ksb(agreement):
    """The Kesepakatan Bersama a PKS stands under: its parent, or for the extension of a PKS the
    extended PKS's own KSB."""
    parent = agreement.parent if agreement.parent_id else None
    if parent is not None and agreement.parent_relation == ParentRelation.PERPANJANGAN and parent.parent_id:
        if parent.parent_relation == ParentRelation.PELAKSANAAN:
            return parent.parent
    if parent is not None and agreement.parent_relation == ParentRelation.PELAKSANAAN:
        return parent
    return None


def term_checks(agreement, check):
    """Dates and terms: end after start, foreign ≤ 5 years unless overridden, PKS within its KSB."""
    limits = settings.KERJASAMA
    if agreement.start_date and agreement.end_date:
        check.require(agreement.end_date >= agreement.start_date, _("The end date cannot be before the start date."))
    if agreement.kind in Kind.foreign():
        check.require(
            not term_exceeds(agreement, limits["FOREIGN_TERM_MAX_MONTHS"]) or agreement.term_override_reason.strip(),
            _("A foreign cooperation runs at most 5 years (Permendagri 25/2020 Pasal 32); give a reason to override."),
        )
    else:
        check.warn(
            term_exceeds(agreement, limits["DOMESTIC_TERM_WARNING_MONTHS"]),
            _("The term is longer than %(months)s months; check the sectoral rules.")
            % {"months": limits["DOMESTIC_TERM_WARNING_MONTHS"]},
        )
    ksb = governing_ksb(agreement)
    if ksb is not None and ksb.end_date and agreement.end_date:
        check.require(
            agreement.end_date <= ksb.end_date,
            _("A Perjanjian Kerja Sama cannot outlive its Kesepakatan Bersama (ends %(date)s).")
            % {"date": ksb.end_date.strftime("%d-%m-%Y")},
        )


def _months_between(start, end):
    if not start or not end:
        return None
    months = (end.year - start.year) * 12 + (end.month - start.month)
    return months + (1 if end.day >= start.day else 0)


def submission_check(agreement):
    """Everything the proposal needs before it can be submitted, as one list of messages."""
    check = Check()
    flow_key = workflow.flow_key_for(agreement)
    check.require(agreement.title.strip(), _("Fill in the title."))
    check.require(agreement.purpose.strip(), _("Fill in the purpose and objectives."))
    check.require(agreement.scope.strip(), _("Fill in the object and scope."))
    if agreement.pk:
        check.require(agreement.urusan.exists(), _("Choose at least one government affair (urusan)."))
        contacts = agreement.contacts.count()
        check.require(contacts >= 2, _("Name at least two contact persons."))
        partner_parties = [p for p in agreement.parties.select_related("partner") if not p.partner.is_home]
        check.require(partner_parties, _("Add at least one partner."))
        expected = _PARTNER_TYPES_BY_KIND.get(agreement.kind)
        if expected:
            for party in partner_parties:
                check.require(
                    party.partner.partner_type in expected,
                    _("%(partner)s is not a valid partner for %(kind)s.")
                    % {"partner": party.partner.name, "kind": agreement.get_kind_display()},
                )
        _require_attachments(check, agreement, workflow.submit_attachments(agreement))
    if agreement.kind in (Kind.KSDPK, Kind.KSDPL, Kind.KSDLL):
        check.require(agreement.subkind, _("Choose the sub-kind of the cooperation."))
    if flow_key == "sektoral":
        check.require(agreement.regime_reference.strip(), _("State the sectoral regime this agreement runs under."))
        if agreement.kind == Kind.KSDPK:
            check.require(agreement.no_ksb_reason.strip(), _("Explain why no Kesepakatan Bersama is needed."))
    if flow_key == "pks":
        ksb = governing_ksb(agreement)
        check.require(
            ksb is not None and ksb.document_type.flow == "ksb" and ksb.stage in Stage.signed()
            and ksb.stage not in (Stage.BERAKHIR, Stage.DIAKHIRI),
            _("A Perjanjian Kerja Sama needs a signed Kesepakatan Bersama in force as its parent."),
        )
        if agreement.parent_relation == ParentRelation.PERPANJANGAN:
            check.require(
                agreement.parent is not None and agreement.parent.is_signed,
                _("Only a signed agreement can be amended or extended."),
            )
    if flow_key == "perpanjangan_ln":
        check.require(
            agreement.parent is not None and agreement.parent.is_signed and agreement.parent.kind in Kind.foreign(),
            _("A foreign extension needs the signed foreign agreement it extends as its parent."),
        )
    if flow_key == "penerusan":
        if agreement.commercial_or_asset_based and agreement.pk:
            _require_attachments(check, agreement, ["studi_kelayakan"])
        if agreement.foreign_nonprofit:
            check.require(
                agreement.izin_prinsip_number.strip() and agreement.izin_operasional_number.strip(),
                _("A foreign non-profit partner needs its Izin Prinsip and Izin Operasional (Permendagri 25/2020 Pasal 30)."),
            )
    planning_warnings(check, agreement)
    if flow_key == "adendum":
        check.require(
            agreement.parent is not None and agreement.parent.is_signed,
            _("An addendum needs the signed agreement it changes as its parent."),
        )
    if agreement.dprd_required_override is not None and agreement.dprd_required_override != agreement.dprd_required_suggested:
        check.require(agreement.dprd_override_reason.strip(), _("Give the reason why the DPRD rule is overridden."))
    term_checks(agreement, check)
    return check


def planning_warnings(check, agreement):
    """[BK]/[D] warnings at submission: a KSDD wajib with a region that does not border the home
    pemda (PP 28/2018 Pasal 3(2)); an object "in the plans" without its RPJMD/RKPD reference
    (Pasal 4(2))."""
    from .models import AdjacentRegion

    if agreement.kind == Kind.KSDD_WAJIB and agreement.pk:
        parties = list(agreement.parties.select_related("partner"))
        home = next((p.partner.region_id for p in parties if p.partner.is_home), None)
        for party in parties:
            partner = party.partner
            if partner.is_home or not partner.region_id:
                continue
            check.warn(
                not AdjacentRegion.adjacent(home, partner.region_id),
                _("%(partner)s does not border this region; a mandatory KSDD is between adjacent regions "
                  "(PP 28/2018 Pasal 3(2)).") % {"partner": partner.name},
            )
    from .choices import PlanningBasis

    check.warn(
        agreement.planning_basis == PlanningBasis.RENCANA and not agreement.planning_reference.strip(),
        _("The object is said to be in the regional plans but no RPJMD/RKPD reference is given (PP 28/2018 Pasal 4(2))."),
    )


# --- verbs ----------------------------------------------------------------------------------------


@transaction.atomic
def record_creation(agreement, user, note=""):
    """The first event of a proposal, written when the OPD (or an import) creates it."""
    _require_role(user, "create", agreement)
    locked = _lock(agreement)
    StageEvent.objects.create(agreement=locked, action="create", from_stage="", to_stage=locked.stage, actor=user, note=note)
    return agreement


@transaction.atomic
def submit(agreement, user, note="", expected_stage=None):
    """OPD submits (or resubmits after revision) its proposal to the Bagian Kerja Sama."""
    _require_role(user, "submit", agreement)
    locked = _lock(agreement, expected_stage)
    _require_stage(locked, [Stage.PERSIAPAN, Stage.DIKEMBALIKAN], "submit")
    check = submission_check(locked)
    check.raise_if_errors()
    now = timezone.now()
    event = _record(locked, user, "submit", Stage.DIAJUKAN, note, {"warnings": [str(w) for w in check.warnings]}, now)
    locked.submitted_by = user
    locked.submitted_at = now
    _save(locked, "submitted_by", "submitted_at")
    _notify(locked, event)
    return _finish(agreement, locked), check.warnings


@transaction.atomic
def withdraw(agreement, user, note="", expected_stage=None):
    """The OPD (or the Bagian Kerja Sama) withdraws a proposal that is not yet signed."""
    _require_role(user, "withdraw", agreement)
    locked = _lock(agreement, expected_stage)
    _require_stage(locked, workflow.PRE_SIGNING_OPEN, "withdraw")
    event = _record(locked, user, "withdraw", Stage.DITARIK, note)
    _save(locked)
    _notify(locked, event)
    return _finish(agreement, locked)


@transaction.atomic
def verify(agreement, user, note="", expected_stage=None):
    """The Bagian Kerja Sama accepts a submitted proposal: it enters the regulation's path."""
    _require_role(user, "verify", agreement)
    locked = _lock(agreement, expected_stage)
    _require_stage(locked, [Stage.DIAJUKAN], "verify")
    _require_not_submitter(user, locked)
    target = locked.resume_stage or workflow.first_stage(locked)
    if workflow.stage_spec(locked, target) is None:
        target = workflow.first_stage(locked)
    event = _record(locked, user, "verify", target, note)
    locked.resume_stage = ""
    _save(locked, "resume_stage")
    _notify(locked, event)
    return _finish(agreement, locked)


@transaction.atomic
def return_for_revision(agreement, user, note, expected_stage=None):
    """Send the proposal back to the OPD with a note; it resumes where it was once resubmitted."""
    _require_role(user, "return", agreement)
    if not (note or "").strip():
        raise TransitionError(_("Write a note saying what must be revised."))
    locked = _lock(agreement, expected_stage)
    returnable = [s for s in Stage.in_process() if s != Stage.DIKEMBALIKAN]
    _require_stage(locked, returnable, "return")
    resume = locked.stage if workflow.stage_spec(locked, locked.stage) else ""
    event = _record(locked, user, "return", Stage.DIKEMBALIKAN, note, {"returned_from": locked.stage})
    locked.resume_stage = resume
    _save(locked, "resume_stage")
    _notify(locked, event)
    return _finish(agreement, locked)


@transaction.atomic
def reject(agreement, user, reason, data=None, expected_stage=None):
    """Refuse a proposal for good (e.g. DPRD refused it); the record stays."""
    _require_role(user, "reject", agreement)
    if not (reason or "").strip():
        raise TransitionError(_("Write the reason for the rejection."))
    locked = _lock(agreement, expected_stage)
    _require_stage(locked, [s for s in Stage.in_process()], "reject")
    event = _record(locked, user, "reject", Stage.DITOLAK, reason, data or {})
    _save(locked)
    _notify(locked, event)
    return _finish(agreement, locked)


TKKSD_RESULTS = ("setuju", "setuju_dengan_catatan", "tidak_setuju")


@transaction.atomic
def record_tkksd_recommendation(agreement, user, date, result, notes="", expected_stage=None):
    """A TKKSD member (or the Bagian Kerja Sama) records the team's recommendation on a draft."""
    _require_role(user, "tkksd", agreement)
    locked = _lock(agreement, expected_stage)
    spec = workflow.stage_spec(locked, locked.stage)
    if spec is None or spec.decision != workflow.TKKSD:
        raise TransitionError(_("A TKKSD recommendation is recorded while a draft is being prepared."))
    if result not in TKKSD_RESULTS:
        raise TransitionError(_("Choose the TKKSD's result."))
    if date is None:
        raise TransitionError(_("Fill in the date of the TKKSD meeting."))
    if "draft_naskah" in spec.exit_attachments and "draft_naskah" not in _attachment_codes(locked):
        raise TransitionError(_("The TKKSD recommends on a draft: attach the draft before recording its recommendation."))
    data = {"date": _iso(date), "result": result}
    event = _record(locked, user, "tkksd", locked.stage, notes, data)
    _save(locked)
    return _finish(agreement, locked), event


def _iso(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _parse_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def add_working_days(start, days):
    """``days`` working days after ``start``, skipping weekends and the holiday table."""
    return legal_calendar.add_working_days(start, days)


def _positive_tkksd_since_entry(agreement):
    last = agreement.events.filter(action="tkksd", to_stage=agreement.stage).order_by("-created_at", "-id").first()
    return last is not None and last.data.get("result") in ("setuju", "setuju_dengan_catatan")


def _check_decision(check, agreement, decision, data, today):
    """Validate the decision a stage needs; returns the data to keep in the event."""
    data = dict(data or {})
    keep = {}
    if decision == workflow.TKKSD:
        check.require(_positive_tkksd_since_entry(agreement), _("The TKKSD's positive recommendation is not recorded yet."))
    elif decision == workflow.DPRD:
        result = data.get("result")
        if result == "disetujui":
            check.require(data.get("letter_number"), _("Fill in the number of the DPRD's approval letter."))
            check.require(_parse_date(data.get("letter_date")), _("Fill in the date of the DPRD's approval letter."))
            _require_attachments(check, agreement, ["persetujuan_dprd"])
        elif result == "dianggap_disetujui":
            received = _parse_date(data.get("received_date"))
            check.require(
                agreement.kind in Kind.foreign(),
                _("Deemed approval after 45 working days applies only to foreign cooperation."),
            )
            check.require(received, _("Fill in the date the DPRD secretariat received the request."))
            if received:
                due = add_working_days(received, settings.KERJASAMA["DPRD_DEEMED_APPROVAL_WORKING_DAYS"])
                check.require(
                    today > due,
                    _("The DPRD still has until %(date)s to decide; it is deemed to approve only after that.")
                    % {"date": due.strftime("%d-%m-%Y")},
                )
        else:
            check.errors.append(_("Record the DPRD's decision (approved, or deemed approved)."))
        keep = _keep(data, "result", "letter_number", "letter_date", "received_date")
    elif decision == workflow.MENTERI_TANGGAPAN:
        # Permendagri 25/2020 Pasal 14: consult the Menteri and the Menlu, receive the Menteri's answer,
        # then the kepala daerah signs the LoI and sends a copy to the Menteri.
        check.require(data.get("consultation_number"), _("Fill in the number of the consultation letter to the Minister and the Foreign Minister."))
        consulted = _parse_date(data.get("consultation_date"))
        check.require(consulted, _("Fill in the date of the consultation letter."))
        check.require(data.get("reply_number"), _("Fill in the number of the Minister's reply on the LoI."))
        reply = _parse_date(data.get("reply_date"))
        check.require(reply, _("Fill in the date of the Minister's reply."))
        loi_date = _parse_date(data.get("loi_signed_date"))
        check.require(loi_date, _("Fill in the date the Letter of Intent was signed."))
        if consulted and reply:
            check.require(consulted <= reply, _("The Minister's reply cannot be dated before the consultation letter."))
        if reply and loi_date:
            check.require(
                reply <= loi_date,
                _("The Letter of Intent was signed before the Minister's reply; the reply comes first (Permendagri 25/2020 Pasal 14)."),
            )
        check.require(
            data.get("loi_signatory_capacity") == SigningCapacity.KEPALA_DAERAH,
            _("The Letter of Intent is signed by the head of region himself (Permendagri 25/2020 Pasal 14(4))."),
        )
        check.require(data.get("loi_signatory"), _("Fill in the name of the LoI's signatory."))
        copy_date = _parse_date(data.get("copy_to_menteri_date"))
        check.require(copy_date, _("Fill in the date the copy of the LoI was sent to the Minister."))
        if copy_date and loi_date:
            check.require(copy_date >= loi_date, _("The copy of the LoI cannot be sent before it is signed."))
        keep = _keep(data, "consultation_number", "consultation_date", "reply_number", "reply_date", "loi_signed_date",
                     "loi_signatory", "loi_signatory_capacity", "copy_to_menteri_date")
    elif decision == workflow.PERTIMBANGAN:
        check.require(
            data.get("result") == "lanjut",
            _("The Minister's verification must say to proceed to drafting the text; otherwise return it for revision."),
        )
        check.require(data.get("letter_number"), _("Fill in the number of the Minister's letter."))
        gubernur_route_warnings(check, agreement, data, today)
        keep = _keep(data, "result", "letter_number", "letter_date", *GUBERNUR_ROUTE_FIELDS)
    elif decision in (workflow.SURAT_KONFIRMASI, workflow.PERSETUJUAN_MENTERI):
        check.require(data.get("letter_number"), _("Fill in the letter number."))
        check.require(_parse_date(data.get("letter_date")), _("Fill in the letter date."))
        if decision == workflow.PERSETUJUAN_MENTERI:
            gubernur_route_warnings(check, agreement, data, today)
        keep = _keep(data, "letter_number", "letter_date", "full_power_number", *GUBERNUR_ROUTE_FIELDS)
    elif decision == workflow.RAPAT_ANTAR_KL:
        check.require(_parse_date(data.get("meeting_date")), _("Fill in the date of the inter-ministerial meeting."))
        check.require(data.get("minutes_number"), _("Fill in the number of the meeting's minutes."))
        check.require(
            (data.get("technical_ministry") or "").strip(),
            _("Name the technical ministry or agency the meeting appointed (Permendagri 25/2020 Pasal 29)."),
        )
        keep = _keep(data, "meeting_date", "minutes_number", "technical_ministry")
    elif decision == workflow.PERMOHONAN_PERPANJANGAN:
        keep = _extension_request(check, agreement, data)
    elif decision == workflow.JAWABAN_PERPANJANGAN:
        check.require(
            data.get("result") == "disetujui",
            _("The Minister must approve the extension before it is signed; otherwise reject or withdraw it."),
        )
        check.require(data.get("letter_number"), _("Fill in the letter number."))
        check.require(_parse_date(data.get("letter_date")), _("Fill in the letter date."))
        keep = _keep(data, "result", "letter_number", "letter_date")
    return keep


def _keep(data, *names):
    return {k: _iso(v) for k, v in data.items() if k in names and v not in (None, "")}


def home_is_kabkota(agreement):
    home = agreement.home_party
    region = home.partner.region if home is not None else None
    return region is not None and "." in region.code


GUBERNUR_ROUTE_FIELDS = ("sent_to_gubernur_date", "gubernur_forwarded_date", "sent_directly_date")


def gubernur_route_warnings(check, agreement, data, today):
    """Permendagri 25/2020 Pasal 18, 20: a kabupaten/kota sends its foreign file to the Gubernur,
    who forwards it to the Menteri within five working days; only after that may the Bupati/Wali
    Kota send it directly.  Warnings, not refusals."""
    if agreement.kind not in Kind.foreign() or not home_is_kabkota(agreement):
        return
    sent = _parse_date(data.get("sent_to_gubernur_date"))
    forwarded = _parse_date(data.get("gubernur_forwarded_date"))
    direct = _parse_date(data.get("sent_directly_date"))
    if sent is None:
        check.warnings.append(_("A regency/city sends this to the Minister through the Governor (Permendagri 25/2020 "
                                "Pasal 18); the date it was sent to the Governor is not recorded."))
        return
    limit = add_working_days(sent, settings.KERJASAMA["GUBERNUR_FORWARD_WORKING_DAYS"])
    if forwarded is None and direct is None:
        check.warnings.append(_("The Governor's forwarding to the Minister is not recorded."))
    if forwarded is not None and forwarded > limit:
        check.warnings.append(
            _("The Governor forwarded it after the five working days (due %(date)s).") % {"date": limit.strftime("%d-%m-%Y")}
        )
    if direct is not None and forwarded is None and direct <= limit:
        check.warnings.append(
            _("Sent directly to the Minister before the Governor's five working days ended (%(date)s); the direct "
              "route is open only after that (Permendagri 25/2020 Pasal 18(3)).") % {"date": limit.strftime("%d-%m-%Y")}
        )


def _extension_request(check, agreement, data):
    """Permendagri 25/2020 Pasal 33: the written request to the Menteri, at least six months before
    the end, copied to the DPRD and, for a kabupaten/kota, to the Gubernur."""
    check.require(data.get("letter_number"), _("Fill in the number of the extension request to the Minister."))
    sent = _parse_date(data.get("letter_date"))
    check.require(sent, _("Fill in the date of the extension request."))
    check.require(data.get("copy_to_dprd"), _("The extension request is copied to the DPRD (Permendagri 25/2020 Pasal 33)."))
    if home_is_kabkota(agreement):
        check.require(
            data.get("copy_to_gubernur"),
            _("A regency/city copies the extension request to the Governor (Permendagri 25/2020 Pasal 33)."),
        )
    due = agreement.parent.extension_request_due if agreement.parent_id else None
    if sent and due and sent > due:
        check.warnings.append(
            _("The extension request was due by %(date)s, six months before the end (Permendagri 25/2020 Pasal 33).")
            % {"date": due.strftime("%d-%m-%Y")}
        )
    return _keep(data, "letter_number", "letter_date", "copy_to_dprd", "copy_to_gubernur")


def loi_age_check(check, agreement, today):
    """Permendagri 25/2020 Pasal 13(3): a Letter of Intent is valid for at most one year.  Warn when
    the foreign path is still short of signing more than LOI_VALID_MONTHS after the LoI."""
    if workflow.flow_key_for(agreement) != "luar_negeri":
        return
    event = agreement.events.filter(action="advance", from_stage=Stage.PERNYATAAN_KEHENDAK).order_by("-id").first()
    loi_date = _parse_date(event.data.get("loi_signed_date")) if event else None
    months = settings.KERJASAMA["LOI_VALID_MONTHS"]
    if loi_date and _months_between(loi_date, today) > months:
        check.warnings.append(
            _("The Letter of Intent of %(date)s is more than %(months)s months old (Permendagri 25/2020 Pasal 13(3)).")
            % {"date": loi_date.strftime("%d-%m-%Y"), "months": months}
        )


@transaction.atomic
def advance(agreement, user, note="", data=None, today=None, expected_stage=None):
    """Complete the current stage of the path and move to the next one."""
    _require_role(user, "advance", agreement)
    locked = _lock(agreement, expected_stage)
    spec = workflow.stage_spec(locked, locked.stage)
    if spec is None:
        raise TransitionError(
            _("The stage “%(stage)s” is not a step of this agreement's path.") % {"stage": locked.get_stage_display()}
        )
    if spec.signing:
        raise TransitionError(_("Record the signing to complete this stage."))
    _require_not_submitter(user, locked)
    today = today or timezone.localdate()
    check = Check()
    _require_attachments(check, locked, spec.exit_attachments)
    keep = _check_decision(check, locked, spec.decision, data, today) if spec.decision else {}
    check.raise_if_errors()
    loi_age_check(check, locked, today)
    target = workflow.next_stage(locked, locked.stage)
    data = {"decision": spec.decision or "", **keep}
    if check.warnings:
        data["warnings"] = [str(w) for w in check.warnings]
    event = _record(locked, user, "advance", target, note, data)
    _save(locked)
    _notify(locked, event)
    return _finish(agreement, locked)


SIGNING_CHECKLIST = ("paraf", "meterai", "stempel")


@transaction.atomic
def record_signing(
    agreement,
    user,
    *,
    signing_date,
    signing_place,
    numbers=None,
    checklist=None,
    start_date=None,
    end_date=None,
    note="",
    today=None,
    expected_stage=None,
):
    """Record the signing: date, place, each party's number and a checklist of the signed scan
    (paraf, meterai, stempel).  A failed checklist returns the agreement for revision with the
    reason.  Once signed, the document's fields are frozen; it changes only through an adendum."""
    _require_role(user, "sign", agreement)
    locked = _lock(agreement, expected_stage)
    spec = workflow.stage_spec(locked, locked.stage)
    if spec is None or not spec.signing:
        raise TransitionError(_("The agreement is not at a signing stage."))
    _require_not_submitter(user, locked)
    today = today or timezone.localdate()
    numbers = {int(k): (v or "").strip() for k, v in (numbers or {}).items()}
    checklist = {item: bool((checklist or {}).get(item)) for item in SIGNING_CHECKLIST}

    check = Check()
    check.require(signing_date is not None, _("Fill in the date of signing."))
    check.require(signing_date is None or signing_date <= today, _("The date of signing cannot be in the future."))
    check.require((signing_place or "").strip(), _("Fill in the place of signing."))
    _require_attachments(check, locked, spec.exit_attachments)
    if start_date:
        locked.start_date = start_date
    if end_date:
        locked.end_date = end_date
    check.require(locked.start_date, _("Fill in the start date."))
    check.require(locked.end_date, _("Fill in the end date."))
    term_checks(locked, check)
    loi_age_check(check, locked, today)

    head_must_sign = workflow.head_must_sign(locked)
    parties = list(locked.parties.select_related("partner"))
    for party in parties:
        check.require(
            party.signatory_name.strip() and party.signatory_title.strip(),
            _("Fill in the signatory of %(party)s.") % {"party": party.partner.name},
        )
        number = numbers.get(party.pk, party.document_number)
        # The kuasa rule governs the daerah's own representation (PP 28/2018 Pasal 2(2), 13(2));
        # a partner's director or deputy signing under their own authorisation is lawful.
        if party.partner.is_home:
            check.require(number, _("Fill in the home region's number of the document."))
            if head_must_sign:
                check.require(
                    party.signing_capacity == SigningCapacity.KEPALA_DAERAH,
                    _("This document must be signed by the head of region himself; a power of attorney is only for a PKS."),
                )
            elif party.signing_capacity == SigningCapacity.KUASA:
                check.require(
                    workflow.flow_key_for(locked) in ("pks", "sektoral", "adendum"),
                    _("A power of attorney (kuasa) may sign only a Perjanjian Kerja Sama."),
                )
                check.require(
                    party.power_of_attorney.strip(),
                    _("Fill in the power of attorney number of %(party)s.") % {"party": party.partner.name},
                )
    check.raise_if_errors()

    failed = [item for item, ok in checklist.items() if not ok]
    if failed:
        labels = {"paraf": _("initials on every page"), "meterai": _("stamp duty"), "stempel": _("official seal")}
        reason = _("The signed scan fails the check: %(items)s missing.") % {
            "items": ", ".join(str(labels[i]) for i in failed)
        }
        event = _record(locked, user, "return", Stage.DIKEMBALIKAN, reason, {"returned_from": locked.stage, "checklist": checklist})
        locked.resume_stage = spec.stage
        _save(locked, "resume_stage", "start_date", "end_date")
        _notify(locked, event)
        return _finish(agreement, locked)

    for party in parties:
        if party.pk in numbers and numbers[party.pk] != party.document_number:
            party.document_number = numbers[party.pk]
            party.save(update_fields=["document_number"])
    locked.signing_date = signing_date
    locked.signing_place = signing_place.strip()
    if not locked.duration_months:
        locked.duration_months = _months_between(locked.start_date, locked.end_date)
    data = {
        "signing_date": _iso(signing_date),
        "signing_place": locked.signing_place,
        "numbers": {str(p.pk): numbers.get(p.pk, p.document_number) for p in parties},
        "checklist": checklist,
        "warnings": [str(w) for w in check.warnings],
    }
    event = _record(locked, user, "sign", Stage.DITANDATANGANI, note, data)
    _save(locked, "signing_date", "signing_place", "start_date", "end_date", "duration_months")
    _notify(locked, event)
    _refresh_dates_locked(locked, None, today)
    return _finish(agreement, locked)


def start_warnings(agreement):
    """What the regulation expects at the start of pelaksanaan and is not there: the DPRD question
    of a KSB whose own facts trigger PP 28/2018 Pasal 6(2) and which has no PKS under it (the PKS
    path is where the DPRD step is asked); for foreign cooperation the rencana kegiatan tahunan
    (Permendagri 25/2020 Pasal 26)."""
    check = Check()
    if workflow.flow_key_for(agreement) == "ksb" and agreement.kind in Kind.domestic_ksd():
        check.warn(
            (agreement.burdens_community or agreement.not_budgeted)
            and not agreement.children.filter(parent_relation=ParentRelation.PELAKSANAAN).exists(),
            _("This Kesepakatan Bersama burdens the community or is not budgeted (PP 28/2018 Pasal 6(2)) and has no "
              "Perjanjian Kerja Sama yet: the DPRD's approval is asked on the PKS, so prepare it."),
        )
    check.warnings += foreign_followup_warnings(agreement, stages=(Stage.PELAKSANAAN,))
    return [str(w) for w in check.warnings]


@transaction.atomic
def start_implementation(agreement, user, note="", today=None, expected_stage=None):
    """Confirm the start of pelaksanaan of a signed agreement whose start date has arrived.  An
    agreement signed before its start date waits as *ditandatangani* and flips by date."""
    _require_role(user, "start", agreement)
    locked = _lock(agreement, expected_stage)
    _require_stage(locked, [Stage.DITANDATANGANI], "start")
    today = today or timezone.localdate()
    if locked.start_date and locked.start_date > today:
        raise TransitionError(
            _("The agreement comes into force on its start date, %(date)s; it starts by itself then.")
            % {"date": locked.start_date.strftime("%d-%m-%Y")}
        )
    warnings = start_warnings(locked)
    event = _record(locked, user, "start", Stage.PELAKSANAAN, note, {"warnings": warnings} if warnings else None)
    _save(locked)
    _notify(locked, event)
    return _finish(agreement, locked)


def date_driven_steps(stage, start_date, end_date, today):
    """The date-driven moves from ``stage``: [(action, to_stage, note), …] — in force from the start
    date, expiring soon within EXPIRING_SOON_DAYS of the end, expired after the end."""
    steps = []
    soon = settings.KERJASAMA["EXPIRING_SOON_DAYS"]
    if stage == Stage.DITANDATANGANI and start_date and start_date <= today:
        stage = Stage.PELAKSANAAN
        steps.append(("start", stage, _("The start date has arrived.")))
    if stage in (Stage.PELAKSANAAN, Stage.AKAN_BERAKHIR) and end_date and end_date < today:
        steps.append(("expire", Stage.BERAKHIR, _("The end date has passed.")))
    elif stage == Stage.PELAKSANAAN and end_date and (end_date - today).days <= soon:
        steps.append(("expiring", Stage.AKAN_BERAKHIR, _("Ends within %(days)s days.") % {"days": soon}))
    return steps


def _refresh_dates_locked(locked, user, today):
    """Apply ``date_driven_steps`` to a locked agreement, one stage event per move."""
    events = []
    for action, to_stage, note in date_driven_steps(locked.stage, locked.start_date, locked.end_date, today):
        warnings = start_warnings(locked) if action == "start" else []
        events.append(_record(locked, user, action, to_stage, note, {"warnings": warnings} if warnings else None))
    if events:
        _save(locked)
        for event in events:
            _notify(locked, event)
    return events


@transaction.atomic
def refresh_dates(agreement, today=None, user=None):
    """Apply the date-driven states to one agreement (used by ``send_reminders`` daily)."""
    locked = _lock(agreement)
    events = _refresh_dates_locked(locked, user, today or timezone.localdate())
    _finish(agreement, locked)
    return events


@transaction.atomic
def terminate(agreement, user, cause, note="", expected_stage=None):
    """End a signed agreement early, for one of the statutory causes of its kind or a contract clause."""
    _require_role(user, "terminate", agreement)
    locked = _lock(agreement, expected_stage)
    _require_stage(locked, [Stage.DITANDATANGANI, Stage.PELAKSANAAN, Stage.AKAN_BERAKHIR], "terminate")
    allowed = TERMINATION_CAUSES_BY_KIND.get(locked.kind, []) + [TerminationCause.KLAUSUL_KONTRAK]
    if cause not in allowed:
        raise TransitionError(
            _("“%(cause)s” is not a cause of termination for %(kind)s.")
            % {"cause": TerminationCause(cause).label if cause in TerminationCause.values else cause, "kind": locked.get_kind_display()}
        )
    if cause == TerminationCause.KLAUSUL_KONTRAK and not (note or "").strip():
        raise TransitionError(_("Name the clause of the agreement under which it is terminated."))
    event = _record(locked, user, "terminate", Stage.DIAKHIRI, note, {"cause": cause})
    locked.termination_cause = cause
    locked.termination_note = note or ""
    _save(locked, "termination_cause", "termination_note")
    _notify(locked, event)
    return _finish(agreement, locked)


# --- foreign follow-ups after signing (Permendagri 25/2020 Pasal 25–26) ---------------------------

# action: (attachment type of its document, stages at which it is expected)
FOREIGN_FOLLOWUPS = {
    "naskah_asli": ("pengantar_naskah_asli", Stage.signed()),
    "salinan_sekjen": ("salinan_sekjen", Stage.signed()),
    "rencana_tahunan": ("rencana_kegiatan_tahunan", Stage.in_force()),
}


def foreign_followup_warnings(agreement, stages=None):
    """The Pasal 25–26 events a signed foreign agreement still lacks: the original sent to the
    Menteri, the Sekjen's salinan received, the rencana kegiatan tahunan once in force."""
    if agreement.kind not in Kind.foreign() or not agreement.pk:
        return []
    stage = stages[0] if stages else agreement.stage
    done = set(agreement.events.filter(action__in=list(FOREIGN_FOLLOWUPS)).values_list("action", flat=True))
    messages = {
        "naskah_asli": _("The original signed text has not been recorded as sent to the Minister (Permendagri 25/2020 Pasal 25)."),
        "salinan_sekjen": _("The Secretary General's copy (salinan) has not been recorded as received (Permendagri 25/2020 Pasal 25)."),
        "rencana_tahunan": _("No annual activity plan (rencana kegiatan tahunan) is recorded (Permendagri 25/2020 Pasal 26)."),
    }
    return [
        messages[action] for action, (_code, expected) in FOREIGN_FOLLOWUPS.items()
        if stage in expected and action not in done
    ]


@transaction.atomic
def record_foreign_followup(agreement, user, action, date, note=""):
    """Record one Pasal 25–26 event of a signed foreign agreement, with its date; its document
    must be attached first."""
    _require_role(user, "advance", agreement)
    locked = _lock(agreement)
    if action not in FOREIGN_FOLLOWUPS or locked.kind not in Kind.foreign():
        raise TransitionError(_("This follow-up applies only to a signed foreign cooperation."))
    code, stages = FOREIGN_FOLLOWUPS[action]
    _require_stage(locked, list(stages), action)
    check = Check()
    check.require(date is not None, _("Fill in the date."))
    check.require(date is None or date <= timezone.localdate(), _("The date cannot be in the future."))
    _require_attachments(check, locked, [code])
    check.raise_if_errors()
    event = _record(locked, user, action, locked.stage, note, {"date": _iso(date)})
    _save(locked)
    return _finish(agreement, locked), event


# --- what the user interface may offer ----------------------------------------------------------


def available_actions(agreement, user):
    """The verbs this user may use on this agreement now (buttons in the portal and admin)."""
    stage = agreement.stage
    spec = workflow.stage_spec(agreement, stage)
    candidates = []
    if stage in (Stage.PERSIAPAN, Stage.DIKEMBALIKAN):
        candidates.append("submit")
    if stage == Stage.DIAJUKAN:
        candidates += ["verify", "return", "reject"]
    if spec is not None:
        candidates += ["sign" if spec.signing else "advance", "return", "reject"]
        if spec.decision == workflow.TKKSD:
            candidates.append("tkksd")
    if stage in workflow.PRE_SIGNING_OPEN:
        candidates.append("withdraw")
    if stage == Stage.DITANDATANGANI and not (agreement.start_date and agreement.start_date > timezone.localdate()):
        candidates.append("start")
    if stage in (Stage.DITANDATANGANI, Stage.PELAKSANAAN, Stage.AKAN_BERAKHIR):
        candidates.append("terminate")
    seen = []
    for action in candidates:
        if action not in seen and may(user, action, agreement):
            seen.append(action)
    return seen


# --- children: PKS under a KSB, adendum, perpanjangan -------------------------------------------


COPIED_FIELDS = (
    "kind",
    "subkind",
    "title",
    "background",
    "purpose",
    "scope",
    "location",
    "benefits",
    "planning_basis",
    "planning_reference",
    "initiative",
    "regime_reference",
    "funding_source",
    "value",
    "burdens_community",
    "not_budgeted",
)


@transaction.atomic
def create_child(parent, user, relation, document_type, opd=None, title=None):
    """Start a new proposal linked to ``parent``: a PKS under a signed KSB, an adendum or an
    extension of a signed agreement.  Parties, urusan and contacts are copied; numbers are not."""
    from .models import AgreementParty

    if not parent.is_signed and relation != ParentRelation.PELAKSANAAN:
        raise TransitionError(_("Only a signed agreement can be amended or extended."))
    if relation == ParentRelation.PELAKSANAAN and parent.document_type.flow != "ksb":
        raise TransitionError(_("A Perjanjian Kerja Sama is made under a Kesepakatan Bersama."))
    if parent.stage in (Stage.BERAKHIR, Stage.DIAKHIRI, Stage.DITOLAK, Stage.DITARIK) and relation != ParentRelation.PERPANJANGAN:
        raise TransitionError(_("The parent agreement is no longer in force."))
    child = Agreement(parent=parent, parent_relation=relation, document_type=document_type, created_by=user)
    for name in COPIED_FIELDS:
        setattr(child, name, getattr(parent, name))
    if title:
        child.title = title
    child.opd_initiator = opd or parent.opd_initiator
    if not may(user, "create", child):
        raise TransitionError(_("You are not allowed to do this (%(action)s).") % {"action": workflow.ACTION_LABELS["create"]})
    child.save()
    child.urusan.set(parent.urusan.all())
    child.executing_opds.set(parent.executing_opds.all())
    for party in parent.parties.all():
        AgreementParty.objects.create(
            agreement=child,
            partner=party.partner,
            order=party.order,
            role_label=party.role_label,
            signatory_name=party.signatory_name,
            signatory_title=party.signatory_title,
            signing_capacity=party.signing_capacity,
            needs_stamp_duty=party.needs_stamp_duty,
        )
    for contact in parent.contacts.all():
        contact.pk = None
        contact.agreement = child
        contact.save()
    StageEvent.objects.create(
        agreement=child,
        action="create",
        from_stage="",
        to_stage=child.stage,
        actor=user,
        data={"parent": parent.pk, "relation": relation},
    )
    return child


# --- legacy registers ---------------------------------------------------------------------------

IMPORTABLE_STAGES = (Stage.DITANDATANGANI, Stage.PELAKSANAAN, Stage.AKAN_BERAKHIR, Stage.BERAKHIR, Stage.DIAKHIRI)


def register_imported(agreement, user, stage, source, today=None):
    """Put an agreement imported from a legacy spreadsheet directly at its real stage, with a
    stage event saying it was imported, by whom and from which file.  Call inside the import's
    transaction; the agreement must already be saved (stage PERSIAPAN) with its parties."""
    if stage not in IMPORTABLE_STAGES:
        raise TransitionError(_("An imported agreement enters as signed, in force, expired or terminated."))
    if not may(user, "import", agreement):
        raise TransitionError(_("You are not allowed to do this (%(action)s).") % {"action": workflow.ACTION_LABELS["import"]})
    locked = _lock(agreement)
    event = _record(locked, user, "import", stage, _("Imported from %(file)s.") % {"file": source}, {"source": source})
    _save(locked)
    if stage in (Stage.DITANDATANGANI, Stage.PELAKSANAAN, Stage.AKAN_BERAKHIR):
        _refresh_dates_locked(locked, None, today or timezone.localdate())
    _finish(agreement, locked)
    return event


def register_imported_many(items, user, source, today=None):
    """Bulk form of ``register_imported`` for large legacy files (used by the spreadsheet import).

    ``items`` is a list of ``(agreement, stage)`` or ``(agreement, stage, data)`` (``data`` joins
    the import event's data, e.g. ``{"approximate_signing_date": True}``); ``stage`` is any stage
    ``importable_stage`` admits (a register of requests enters at the stage of each request).
    ``agreement`` is an unsaved ``Agreement`` or one just created in this transaction at stage
    PERSIAPAN, or a dict of an agreement's field values by attname: created here without building a
    model instance (the fast path of large files; its new primary key is set under ``"id"``).
    Agreements are created directly at their stage, with their history; the same checks and the
    same stage events (the import, then the date-driven states of ``date_driven_steps``) are
    written with multi-row inserts.  No notifications are sent: legacy agreements entering the
    registry are not news to anyone.  Returns the number of stage events written."""
    from simple_history.utils import bulk_update_with_history

    from .bulk import Inserter, copy_history

    today = today or timezone.localdate()
    now = timezone.now()
    note = _("Imported from %(file)s.") % {"file": source}
    import_data = {"source": source}
    no_data = {}
    actor_id = user.pk if user is not None else None
    events = []  # (agreement, action, from stage, to stage, actor id, note, data)
    allowed = {}  # may(user, "import", …) depends on the user and the initiating OPD only
    steps = {}  # date_driven_steps by (stage, start passed, days to the end or the end passed)
    for agreement, stage, *extra in items:
        values = agreement if isinstance(agreement, dict) else None
        if stage not in IMPORTABLE_STAGES and stage not in IMPORTABLE_REQUEST_STAGES:
            if not importable_stage(Agreement(**values) if values is not None else agreement, stage):
                raise TransitionError(_("An imported agreement enters at a stage of its own path, or as signed."))
        opd_id = values.get("opd_initiator_id") if values is not None else agreement.opd_initiator_id
        if opd_id not in allowed:
            allowed[opd_id] = may(user, "import", agreement if values is None else Agreement(opd_initiator_id=opd_id))
        if not allowed[opd_id]:
            raise TransitionError(
                _("You are not allowed to do this (%(action)s).") % {"action": workflow.ACTION_LABELS["import"]}
            )
        data = {**import_data, **extra[0]} if extra and extra[0] else import_data
        if values is not None:
            current, start, end = values.get("stage", Stage.PERSIAPAN), values.get("start_date"), values.get("end_date")
        else:
            current, start, end = agreement.stage, agreement.start_date, agreement.end_date
        events.append((agreement, "import", current, stage, actor_id, note, data))
        current = stage
        key = (stage, start is not None and start <= today, (end - today).days if end else None)
        if key not in steps:
            steps[key] = date_driven_steps(stage, start, end, today)
        for action, to_stage, text in steps[key]:
            events.append((agreement, action, current, to_stage, None, text, no_data))
            current = to_stage
        if values is not None:
            values["stage"] = current
            values["stage_changed_at"] = now
        else:
            agreement.stage = current
            agreement.stage_changed_at = now
    dicts = [agreement for agreement, *_rest in items if isinstance(agreement, dict)]
    unsaved = [a for a, *_rest in items if not isinstance(a, dict) and a.pk is None]
    saved = [a for a, *_rest in items if not isinstance(a, dict) and a.pk is not None]
    created = []
    if dicts:
        for values, pk in zip(dicts, Inserter(Agreement).insert_dicts(dicts, returning=True), strict=True):
            values["id"] = pk
            created.append(pk)
    if unsaved:
        Inserter(Agreement).insert_objects(unsaved)
        created.extend(a.pk for a in unsaved)
    copy_history(Agreement, created, user, note, now)
    if saved:
        bulk_update_with_history(
            saved, Agreement, ["stage", "stage_changed_at"], batch_size=1000, default_user=user,
            default_change_reason=note,
        )
    Inserter(StageEvent).insert_rows(
        ["agreement_id", "action", "from_stage", "to_stage", "actor_id", "note", "data", "created_at"],
        ((agreement["id"] if isinstance(agreement, dict) else agreement.pk, *rest, now) for agreement, *rest in events),
    )
    return len(events)


# Stages a request from another system's register may enter at, whatever its path.
IMPORTABLE_REQUEST_STAGES = (Stage.PERSIAPAN, Stage.DIAJUKAN, Stage.DIKEMBALIKAN, Stage.DITOLAK, Stage.DITARIK)


def importable_stage(agreement, stage):
    """Whether an imported agreement may enter at ``stage``: a signed stage, an open outcome of a
    request (draft, submitted, returned, rejected, withdrawn), or any stage of its own path."""
    if stage in IMPORTABLE_STAGES or stage in IMPORTABLE_REQUEST_STAGES:
        return True
    return any(spec.stage == stage for spec in workflow.applicable_stages(agreement))
