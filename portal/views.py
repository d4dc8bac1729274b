"""OPD portal: Usulan Saya, the proposal form, the proposal page, attachment downloads,
the region type-ahead and the in-app notifications.

Every view that touches an agreement goes through ``get_agreement_for_user`` (one
``Agreement.objects.for_user`` scoping, 404 outside it); every stage change goes through
``agreements.services``.
"""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.forms import inlineformset_factory
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import roles
from agreements import services, workflow
from agreements.choices import KIND_HELP, SUBKINDS_BY_KIND, DocumentFlow, Kind, ParentRelation, SigningCapacity, Stage
from agreements.models import Agreement, AgreementParty, AttachmentType, ContactPerson, DocumentType, StageEvent
from agreements.uploads import store_attachment
from notifications.models import Notification
from partners.choices import PartnerType
from partners.models import Partner, Region

from .forms import (
    DOC_TYPES_BY_KIND,
    PARTNER_SECTION,
    AttachmentFormSet,
    ContactForm,
    PartyFormSet,
    ProposalForm,
    ReviewForm,
    home_partner,
    partner_types_for,
)

ROLE_LABELS = ["PIHAK KESATU", "PIHAK KEDUA", "PIHAK KETIGA", "PIHAK KEEMPAT", "PIHAK KELIMA", "PIHAK KEENAM",
               "PIHAK KETUJUH", "PIHAK KEDELAPAN", "PIHAK KESEMBILAN", "PIHAK KESEPULUH", "PIHAK KESEBELAS"]
PORTAL_ACTIONS = ("submit", "withdraw", "verify", "return", "reject")
SUBMIT_ERRORS_KEY = "portal_submit_errors"


def get_agreement_for_user(request, pk, queryset=None):
    """The agreement ``pk`` if the user may see it, else 404 (never 403: no hint that it exists)."""
    queryset = queryset if queryset is not None else Agreement.objects.all()
    return get_object_or_404(queryset.for_user(request.user), pk=pk)


def _may_edit(user, agreement):
    return agreement.stage in Stage.editable_by_opd() and services.may(user, "submit", agreement)


def _may_upload(user, agreement):
    if agreement.stage in Stage.closed() or agreement.is_signed:
        return roles.is_kerjasama(user) and agreement.stage not in Stage.closed()
    return services.may(user, "submit", agreement)


def _may_create(user):
    return roles.is_kerjasama(user) or (roles.user_opd_id(user) is not None and roles.has_role(user, roles.OPD_STAFF))


def _may_propose_pks(user, agreement):
    return (
        agreement.document_type.flow == DocumentFlow.KSB
        and agreement.is_signed
        and agreement.stage not in (Stage.BERAKHIR, Stage.DIAKHIRI)
        and services.may(user, "create", agreement)
    )


def _requested_documents(agreement):
    """Attachment types the current stage still needs before it can be left."""
    spec = workflow.stage_spec(agreement, agreement.stage)
    if spec is None or not spec.exit_attachments:
        return []
    present = {a.attachment_type.code for a in agreement.attachments.all() if not a.is_removed}
    return [code for code in spec.exit_attachments if code not in present]


# --- Usulan Saya --------------------------------------------------------------------------------

TABS = {
    "semua": None,
    "draf": [Stage.PERSIAPAN, Stage.DIKEMBALIKAN],
    "proses": Stage.in_process(),
    "berlaku": [Stage.DITANDATANGANI, *Stage.in_force()],
    "selesai": Stage.closed(),
}


@login_required
def home(request):
    user = request.user
    visible = Agreement.objects.for_user(user)
    returned_events = Prefetch(
        "events", queryset=StageEvent.objects.filter(action="return").order_by("-created_at", "-id"), to_attr="returns"
    )
    everything = roles.sees_everything(user)
    context = {"sees_everything": everything, "may_create": _may_create(user)}
    if not everything:
        context["returned"] = list(
            visible.filter(stage=Stage.DIKEMBALIKAN).select_related("document_type").prefetch_related(returned_events)
        )
        context["drafts"] = list(visible.filter(stage=Stage.PERSIAPAN).select_related("document_type")[:20])
        in_process = visible.filter(stage__in=Stage.in_process()).exclude(stage=Stage.DIKEMBALIKAN)
        requested = []
        for agreement in in_process.select_related("document_type").prefetch_related("attachments__attachment_type")[:50]:
            missing = _requested_documents(agreement)
            if missing:
                names = dict(AttachmentType.objects.filter(code__in=missing).values_list("code", "name"))
                requested.append((agreement, [names.get(c, c) for c in missing]))
        context["requested"] = requested
    if roles.is_kerjasama(user):
        context["awaiting"] = list(visible.filter(stage=Stage.DIAJUKAN).select_related("document_type", "opd_initiator").order_by("submitted_at")[:20])
    days = settings.KERJASAMA["EXPIRING_SOON_DAYS"]
    context["expiring"] = list(visible.expiring_within(days).select_related("document_type").order_by("end_date")[:20])
    context["expiring_days"] = days

    # Pimpinan and TKKSD read the registry; an OPD's unsubmitted draft is not theirs to see listed.
    reader = everything and not roles.is_kerjasama(user)
    context["reader"] = reader
    tab = request.GET.get("tab", "semua")
    if tab not in TABS or (reader and tab == "draf"):
        tab = "semua"
    listing = visible.with_list_relations().order_by("-updated_at", "-id")
    if reader:
        listing = listing.exclude(stage=Stage.PERSIAPAN)
    if TABS[tab] is not None:
        listing = listing.filter(stage__in=TABS[tab])
    query = request.GET.get("q", "").strip()
    if query:
        listing = listing.filter(Q(title__icontains=query) | Q(parties__partner__name__icontains=query)).distinct()
    page = Paginator(listing, 20).get_page(request.GET.get("page"))
    context.update({"page": page, "tab": tab, "tabs": TABS, "q": query, "today": timezone.localdate()})
    return render(request, "portal/home.html", context)


# --- the proposal form --------------------------------------------------------------------------


def _party_initial(agreement):
    rows = []
    if agreement is None or not agreement.pk:
        return rows
    for party in agreement.parties.select_related("partner__region"):
        partner = party.partner
        if partner.is_home:
            continue
        signatory = {"signatory_name": party.signatory_name, "signatory_title": party.signatory_title}
        if partner.partner_type == PartnerType.PEMDA and partner.region_id:
            rows.append({"region": f"{partner.region.name} ({partner.region.code})", **signatory})
        else:
            rows.append({"partner": partner.pk, **signatory})
    return rows


def _region_partner(region):
    partner = Partner.objects.filter(partner_type=PartnerType.PEMDA, region=region).first()
    if partner is None:
        short = region.name
        for prefix in ("Kabupaten ", "Kota ", "Provinsi "):
            short = short.removeprefix(prefix)
        partner = Partner.objects.create(
            name=region.government_name,
            partner_type=PartnerType.PEMDA,
            region=region,
            leader_title=f"{region.head_title} {short}",
        )
    return partner


def _save_parties(agreement, resolved, signatories=None):
    """The home pemda is always PIHAK KESATU; the partners follow in the order given.  Signatory
    data already recorded for a partner that stays is kept, unless a name or title was typed for it
    (``signatories``, aligned with ``resolved``)."""
    home = home_partner()
    partners = [home]
    typed = {}
    signatories = signatories or [("", "")] * len(resolved)
    for (how, obj), signatory in zip(resolved, signatories, strict=True):
        if how == "region":
            partner = _region_partner(obj)
        elif how == "new":
            obj.save()
            partner = obj
        else:
            partner = obj
        if partner.pk not in {p.pk for p in partners}:
            partners.append(partner)
            typed[partner.pk] = signatory
    old = {p.partner_id: p for p in agreement.parties.all()}
    agreement.parties.all().delete()
    for index, partner in enumerate(partners):
        previous = old.get(partner.pk)
        party = AgreementParty(agreement=agreement, partner=partner, order=index + 1, role_label=ROLE_LABELS[index])
        if previous is not None:
            for name in ("signatory_name", "signatory_title", "signatory_nip", "signing_capacity", "power_of_attorney",
                         "document_number", "needs_stamp_duty"):
                setattr(party, name, getattr(previous, name))
        elif partner.is_home:
            party.signatory_name = partner.leader_name or settings.PEMDA["head_name"]
            party.signatory_title = partner.leader_title or settings.PEMDA["head_title"]
            party.signing_capacity = SigningCapacity.KEPALA_DAERAH
        else:
            party.signatory_name = partner.leader_name
            party.signatory_title = partner.leader_title
            party.signing_capacity = SigningCapacity.KEPALA_DAERAH if partner.is_pemda else SigningCapacity.PIMPINAN
        name, title = typed.get(partner.pk, ("", ""))
        party.signatory_name = name or party.signatory_name
        party.signatory_title = title or party.signatory_title
        party.save()


def _contact_formset_class(agreement):
    existing = agreement.contacts.count() if agreement.pk else 0
    return inlineformset_factory(
        Agreement, ContactPerson, form=ContactForm, extra=max(2 - existing, 1), can_delete=True, max_num=10, absolute_max=10
    )


def _last_return(agreement):
    if not agreement.pk:
        return None
    return agreement.events.filter(action="return").select_related("actor").order_by("-created_at", "-id").first()


def _proposal_form(request, agreement):
    user = request.user
    creating = agreement.pk is None
    post = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ProposalForm(post, instance=agreement, user=user)
    kind = (post.get("kind") if post and not agreement.parent_id else None) or agreement.kind or None
    party_initial = _party_initial(agreement)
    parties = PartyFormSet(post, prefix="party", kind=kind, initial=party_initial or None)
    if post is None:
        parties.extra = 1 if party_initial else 2
    contacts = _contact_formset_class(agreement)(post, instance=agreement, prefix="contact")
    uploads = AttachmentFormSet(post, files, prefix="file")

    if post is not None:
        valid = all([form.is_valid(), parties.is_valid(), contacts.is_valid(), uploads.is_valid()])
        if valid:
            with transaction.atomic():
                agreement = form.save(commit=False)
                if creating:
                    agreement.created_by = user
                    if "opd_initiator" not in form.fields:
                        agreement.opd_initiator_id = roles.user_opd_id(user)
                agreement.save()
                form.save_m2m()
                if creating:
                    services.record_creation(agreement, user)
                _save_parties(agreement, parties.resolved(), parties.signatories())
                contacts.instance = agreement
                contacts.save()
                for attachment_type, upload, note in uploads.uploads():
                    store_attachment(agreement, attachment_type, upload, user, note=note)
            if post.get("action") == "submit":
                return _submit_and_redirect(request, agreement)
            messages.success(request, _("The draft has been saved."))
            return redirect("proposal_detail", pk=agreement.pk)
        messages.error(request, _("The proposal has not been saved yet; correct the fields marked in red."))
        reselect = _files_to_choose_again(uploads)
        if reselect:
            messages.warning(
                request,
                _("A browser cannot keep chosen files after an error: choose these again before saving: %(files)s.")
                % {"files": ", ".join(reselect)},
            )

    preview = agreement if agreement.pk else None
    required = []
    if preview is not None:
        present = set(preview.attachments.filter(is_removed=False).values_list("attachment_type__code", flat=True))
        names = dict(AttachmentType.objects.values_list("code", "name"))
        required = [(names.get(c, c), c in present) for c in workflow.submit_attachments(preview)]
    context = {
        "agreement": agreement,
        "creating": creating,
        "form": form,
        "parties": parties,
        "contacts": contacts,
        "uploads": uploads,
        "required": required,
        "required_by_kind": _required_by_kind(),
        "last_return": _last_return(agreement) if agreement.stage == Stage.DIKEMBALIKAN else None,
        "submit_errors": request.session.pop(SUBMIT_ERRORS_KEY, None) if agreement.pk else None,
        "kind_help": KIND_HELP,
        "partner_section": {str(k): v for k, v in PARTNER_SECTION.items()},
        "subkinds_by_kind": {str(k): [str(s) for s in v] for k, v in SUBKINDS_BY_KIND.items()},
        "doc_types_by_kind": _doc_types_by_kind(),
        "partner_types_by_kind": {str(k): [str(t) for t in partner_types_for(k)] for k in Kind},
        "sectoral_subkinds": sorted(str(s) for s in workflow.SECTORAL_SUBKINDS),
        "reselect": _files_to_choose_again(uploads) if post is not None else [],
        "summary_labels": {
            "kind": _("Kind of cooperation"),
            "document_type": _("Document type"),
            "title": _("Title"),
            "partners": _("Partners"),
            "files": _("New files"),
            "no_new_files": _("none (the files already attached are sent)"),
        },
        "current_section": PARTNER_SECTION.get(kind, "daerah"),
        "dprd_suggested": preview.dprd_required_suggested if preview is not None else None,
        "UPLOAD_MAX_MB": settings.UPLOAD_MAX_MB,
    }
    return render(request, "portal/proposal_form.html", context, status=400 if post is not None else 200)


def _files_to_choose_again(uploads):
    """The names of the files chosen in a form that failed: the browser forgets them."""
    names = []
    for upload_form in uploads.forms:
        upload = upload_form.files.get(upload_form.add_prefix("file"))
        if upload is not None:
            names.append(upload.name)
    return names


def _doc_types_by_kind():
    """For each kind, the primary keys of the document types it may use, the default first."""
    codes = {code: pk for pk, code in DocumentType.objects.filter(is_active=True).values_list("pk", "code")}
    return {str(kind): [codes[c] for c in allowed if c in codes] for kind, allowed in DOC_TYPES_BY_KIND.items()}


def _required_by_kind():
    """The attachments each kind needs before submission, for the hint next to the upload rows."""
    names = dict(AttachmentType.objects.values_list("code", "name"))
    ksb = DocumentType.objects.filter(code="KSB").first()
    result = []
    for kind in PARTNER_SECTION:
        probe = Agreement(kind=kind, document_type=ksb)
        codes = workflow.submit_attachments(probe) if ksb else ()
        result.append((str(kind), kind.label, [names.get(c, c) for c in codes]))
    return result


def _submit_and_redirect(request, agreement, expected_stage=None):
    try:
        _agreement, warnings = services.submit(agreement, request.user, expected_stage=expected_stage)
    except services.TransitionError as error:
        request.session[SUBMIT_ERRORS_KEY] = [str(m) for m in error.messages]
        messages.error(request, _("The draft is saved, but it cannot be submitted yet."))
        return redirect("proposal_edit", pk=agreement.pk)
    messages.success(request, _("The proposal has been submitted to the Bagian Kerja Sama."))
    for warning in warnings:
        messages.warning(request, warning)
    return redirect("proposal_detail", pk=agreement.pk)


@login_required
def proposal_create(request):
    if not _may_create(request.user):
        raise PermissionDenied
    return _proposal_form(request, Agreement())


@login_required
def proposal_edit(request, pk):
    agreement = get_agreement_for_user(request, pk)
    if not _may_edit(request.user, agreement):
        messages.error(request, _("This proposal can no longer be changed here: it is at the stage “%(stage)s”.")
                       % {"stage": agreement.get_stage_display()})
        return redirect("proposal_detail", pk=agreement.pk)
    return _proposal_form(request, agreement)


# --- the proposal page --------------------------------------------------------------------------


@login_required
def proposal_detail(request, pk):
    queryset = Agreement.objects.select_related("document_type", "opd_initiator", "parent__document_type", "created_by", "submitted_by")
    agreement = get_agreement_for_user(request, pk, queryset)
    user = request.user
    attachments = list(agreement.attachments.filter(is_removed=False).select_related("attachment_type", "uploaded_by").order_by("revision_round", "uploaded_at", "id"))
    rounds = {}
    for attachment in attachments:
        rounds.setdefault(attachment.revision_round, []).append(attachment)
    present = {a.attachment_type.code for a in attachments}
    names = dict(AttachmentType.objects.values_list("code", "name"))
    required = [(names.get(c, c), c in present) for c in workflow.submit_attachments(agreement)]
    actions = services.available_actions(agreement, user)
    check = services.submission_check(agreement) if agreement.stage in Stage.editable_by_opd() else None
    may_propose_pks = _may_propose_pks(user, agreement)
    context = {
        "agreement": agreement,
        "parties": agreement.parties.select_related("partner__region"),
        "contacts": agreement.contacts.all(),
        "urusan": agreement.urusan.all(),
        "executing_opds": agreement.executing_opds.all(),
        "events": agreement.events.select_related("actor").order_by("created_at", "id"),
        "rounds": sorted(rounds.items()),
        "required": required,
        "actions": actions,
        "portal_actions": [a for a in actions if a in PORTAL_ACTIONS],
        "other_actions": [workflow.ACTION_LABELS[a] for a in actions if a not in PORTAL_ACTIONS],
        "may_edit": _may_edit(user, agreement),
        "may_upload": _may_upload(user, agreement),
        "may_propose_pks": may_propose_pks,
        "check": check,
        "last_return": _last_return(agreement) if agreement.stage == Stage.DIKEMBALIKAN else None,
        "children": agreement.children.select_related("document_type").for_user(user),
        "requested": [names.get(c, c) for c in _requested_documents(agreement)],
        "uploads": AttachmentFormSet(prefix="file"),
        "review_form": ReviewForm(),
        "submit_errors": request.session.pop(SUBMIT_ERRORS_KEY, None),
        **_tracking(request, agreement),
    }
    return render(request, "portal/proposal_detail.html", context)


def _tracking(request, agreement):
    """The tracking link to share with the partner and its QR code (inline SVG, made here)."""
    url = request.build_absolute_uri(reverse("tracking", args=[agreement.tracking_token]))
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=3, border=2, title=_("QR code of the tracking link"))
    return {"tracking_url": url, "tracking_qr": mark_safe(svg)}  # noqa: S308 - segno's own markup


@login_required
@require_POST
def proposal_action(request, pk, action):
    agreement = get_agreement_for_user(request, pk)
    if action not in PORTAL_ACTIONS:
        raise Http404
    form = ReviewForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "").strip()
    expected = form.cleaned_data.get("expected_stage", "").strip() or None
    if action not in services.available_actions(agreement, request.user):
        if expected and expected != agreement.stage and services.may(request.user, action, agreement):
            # a double click or a resubmitted page: the first request already moved the agreement
            messages.error(request, _(
                "This agreement has moved from the stage “%(expected)s” to “%(stage)s” since the form was "
                "opened; nothing was changed. Reload the page and check before trying again."
            ) % {"expected": Stage(expected).label if expected in Stage.values else expected,
                 "stage": agreement.get_stage_display()})
            return redirect("proposal_detail", pk=agreement.pk)
        raise PermissionDenied
    try:
        if action == "submit":
            return _submit_and_redirect(request, agreement, expected)
        if action == "withdraw":
            services.withdraw(agreement, request.user, note, expected_stage=expected)
            messages.success(request, _("The proposal has been withdrawn."))
        elif action == "verify":
            services.verify(agreement, request.user, note, expected_stage=expected)
            messages.success(request, _("The proposal has been verified; it is now at “%(stage)s”.") % {"stage": agreement.get_stage_display()})
        elif action == "return":
            services.return_for_revision(agreement, request.user, note, expected_stage=expected)
            messages.success(request, _("The proposal has been returned to the OPD for revision."))
        elif action == "reject":
            services.reject(agreement, request.user, note, expected_stage=expected)
            messages.success(request, _("The proposal has been rejected."))
    except services.TransitionError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("proposal_detail", pk=agreement.pk)


@login_required
@require_POST
def proposal_create_pks(request, pk):
    """Start a Perjanjian Kerja Sama under a signed Kesepakatan Bersama."""
    parent = get_agreement_for_user(request, pk)
    pks_type = DocumentType.objects.filter(code="PKS").first()
    if pks_type is None:
        raise Http404
    if not _may_propose_pks(request.user, parent):
        messages.error(request, _("A Perjanjian Kerja Sama can be proposed only under a signed Kesepakatan Bersama that is still in force."))
        return redirect("proposal_detail", pk=parent.pk)
    try:
        child = services.create_child(parent, request.user, ParentRelation.PELAKSANAAN, pks_type)
    except services.TransitionError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("proposal_detail", pk=parent.pk)
    messages.success(request, _("A draft Perjanjian Kerja Sama has been created from the Kesepakatan Bersama; complete it and submit it."))
    return redirect("proposal_edit", pk=child.pk)


# --- attachments --------------------------------------------------------------------------------


@login_required
@require_POST
def attachment_upload(request, pk):
    agreement = get_agreement_for_user(request, pk)
    if not _may_upload(request.user, agreement):
        raise PermissionDenied
    uploads = AttachmentFormSet(request.POST, request.FILES, prefix="file")
    if uploads.is_valid() and uploads.uploads():
        with transaction.atomic():
            for attachment_type, upload, note in uploads.uploads():
                store_attachment(agreement, attachment_type, upload, request.user, note=note)
        messages.success(request, _("%(count)s file(s) uploaded.") % {"count": len(uploads.uploads())})
    elif uploads.is_valid():
        messages.error(request, _("Choose a file to upload."))
    else:
        for form in uploads.forms:
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else error)
        messages.error(request, _("Nothing was uploaded."))
    return redirect("proposal_detail", pk=agreement.pk)


@login_required
@require_GET
def attachment_download(request, pk, attachment_pk):
    """Stream a file to a user who may see its agreement, under its original name."""
    agreement = get_agreement_for_user(request, pk)
    attachment = get_object_or_404(agreement.attachments.filter(is_removed=False), pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- type-ahead and notifications ---------------------------------------------------------------


@login_required
@require_GET
def region_search(request):
    """Regions matching ``q`` (name or Kemendagri code), for the KSDD partner type-ahead."""
    query = request.GET.get("q", "").strip()
    if len(query) < 2:
        return JsonResponse({"results": []})
    regions = (
        Region.objects.filter(is_active=True)
        .exclude(code=settings.PEMDA["region_code"])
        .filter(Q(name__icontains=query) | Q(code__startswith=query))
        .select_related("province")
        .order_by("level", "name")[:15]
    )
    results = [
        {
            "code": r.code,
            "name": r.name,
            "label": f"{r.name} ({r.code})",
            "province": r.province.name if r.province_id else "",
        }
        for r in regions
    ]
    return JsonResponse({"results": results})


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(user=request.user).select_related("agreement")
    if request.method == "POST":
        notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
        messages.success(request, _("All notifications are marked as read."))
        return redirect("notification_list")
    returns = Prefetch(
        "agreement__events", queryset=StageEvent.objects.filter(action="return").order_by("-created_at", "-id"), to_attr="returns"
    )
    page = Paginator(notifications.prefetch_related(returns), 30).get_page(request.GET.get("page"))
    for notification in page:
        notification.todo = _next_step(request.user, notification.agreement)
    return render(request, "portal/notifications.html", {"page": page})


def _next_step(user, agreement):
    """What the reader of a notification does next about the agreement, as it stands now."""
    if agreement is None:
        return None
    if agreement.stage == Stage.DIKEMBALIKAN and _may_edit(user, agreement):
        note = agreement.returns[0].note if agreement.returns else ""
        return {"text": _("Now: revise the proposal as noted and submit it again."), "note": note}
    if agreement.stage == Stage.DIAJUKAN and roles.is_kerjasama(user):
        return {"text": _("Now: verify the proposal or return it with a note."), "note": ""}
    return None


@login_required
@require_http_methods(["GET", "POST"])
def notification_open(request, notification_pk):
    """Go to a notification's proposal; the list's button (a POST) marks it read on the way, a GET
    (an old link) only goes there: no GET writes."""
    notification = get_object_or_404(Notification.objects.filter(user=request.user), pk=notification_pk)
    if request.method == "POST" and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if notification.agreement_id:
        return redirect("proposal_detail", pk=notification.agreement_id)
    return redirect("notification_list")
