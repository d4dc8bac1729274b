"""Reporting's verbs and the facts the reports are made of.

Every write here is an entry of the OPD or a review of the Bagian Kerja Sama (mapping, monev,
annual report); none changes an agreement's stage.  The report builders return plain data that
the screen, the PDF, the DOCX and the XLSX all lay out (``reporting/exports.py``).
"""

import datetime
from collections import Counter, OrderedDict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from agreements import money
from agreements.choices import DocumentFlow, Kind, Stage
from agreements.models import Agreement, AgreementParty, MonitoringEntry
from partners.choices import RegionLevel
from partners.models import Region

from .models import (
    HEADING_FIELDS,
    AgreementPlanning,
    AnnualActivity,
    BudgetLine,
    ForeignAnnualReport,
    PartnerAssessment,
    PotentialMapping,
    ReviewStatus,
)

MINISTER = "Menteri Dalam Negeri c.q. Sekretaris Jenderal Kementerian Dalam Negeri"
FIRST_WEEK_END = 7  # "minggu pertama bulan Januari": by 7 January
SECOND_WEEK_END = 14  # "minggu kedua bulan Januari": by 14 January


# --- Who reports to whom, and when (Permendagri 25/2020 Pasal 37) ---------------------------------


def home_region():
    """The home pemda's Region (``PEMDA_REGION_CODE``): its level decides the addressee."""
    return Region.objects.select_related("province").get(code=settings.PEMDA["region_code"])


def report_schedule(year, region=None):
    """Addressee and due dates of the annual foreign report on ``year``.

    A kabupaten/kota reports to its Gubernur by the first week of January of the next year, and
    the Gubernur forwards it to the Menteri by the second week; a province reports to the Menteri
    by the second week."""
    region = region or home_region()
    if region.level == RegionLevel.PROVINSI:
        return {
            "level": region.level,
            "addressee": MINISTER,
            "due": datetime.date(year + 1, 1, SECOND_WEEK_END),
            "forwarded_to": "",
            "forward_due": None,
        }
    province = region.province
    return {
        "level": region.level,
        "addressee": f"Gubernur {province.name}" if province else "Gubernur",
        "due": datetime.date(year + 1, 1, FIRST_WEEK_END),
        "forwarded_to": MINISTER,
        "forward_due": datetime.date(year + 1, 1, SECOND_WEEK_END),
    }


# --- Foreign agreements and their annual reports --------------------------------------------------


def year_bounds(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def in_force_during(queryset, start, end):
    """Signed agreements whose term touches [start, end]."""
    return queryset.filter(stage__in=Stage.signed(), start_date__lte=end).exclude(end_date__lt=start)


def foreign_agreements(year, queryset=None):
    """The KSDPL/KSDLL agreements (naskah, not LoI or adendum) in force at some time in ``year``."""
    queryset = queryset if queryset is not None else Agreement.objects.all()
    start, end = year_bounds(year)
    return (
        in_force_during(queryset.filter(kind__in=Kind.foreign()), start, end)
        .exclude(document_type__flow__in=[DocumentFlow.LOI, DocumentFlow.ADENDUM])
        .select_related("document_type", "opd_initiator")
        .prefetch_related("parties__partner", "urusan")
        .order_by("signing_date", "pk")
    )


def missing_foreign_reports(year, queryset=None):
    """Foreign agreements in force in ``year`` whose annual report has not been approved by the
    Bagian Kerja Sama (so has not gone upward): the "report missing" flag of that year."""
    reported = ForeignAnnualReport.objects.filter(year=year, status=ReviewStatus.APPROVED).values("agreement_id")
    return foreign_agreements(year, queryset).exclude(pk__in=reported)


def rencana_warning(today=None):
    """The Pasal 38 warning shown when a new foreign Rencana Kerja Sama is started while last
    year's annual report is missing; ``None`` when every report of last year went upward."""
    today = today or timezone.localdate()
    missing = list(missing_foreign_reports(today.year - 1))
    if not missing:
        return None
    return _(
        "The annual report on foreign cooperation for %(year)s is missing for %(count)s agreement(s): "
        "%(titles)s. The Minister will not approve a new Rencana Kerja Sama of a daerah that has not "
        "reported (Permendagri 25/2020 Pasal 38)."
    ) % {"year": today.year - 1, "count": len(missing), "titles": "; ".join(a.title for a in missing)}


def _partners_text(agreement):
    return ", ".join(p.partner.name for p in agreement.parties.all() if not p.partner.is_home)


def _money(value):
    return "" if value is None else money.rupiah(value)


def prefill(agreement, year):
    """The nine headings filled from what the registry knows: the agreement, its monev entries of
    the year and its rencana kegiatan tahunan."""
    start, end = year_bounds(year)
    entries = list(agreement.monitoring.filter(date__range=(start, end)).order_by("date", "pk"))
    activities = list(agreement.annual_activities.filter(year=year))
    budget = list(agreement.budget_lines.filter(year=year))
    partners = _partners_text(agreement)

    judul = f"{agreement.document_type.name} antara {settings.PEMDA['name']} dan {partners} tentang {agreement.title}"
    signed = ""
    if agreement.signing_date:
        signed = (
            f" Naskah kerja sama ditandatangani pada tanggal {agreement.signing_date:%d-%m-%Y}"
            + (f" di {agreement.signing_place}" if agreement.signing_place else "")
            + (
                f" dan berlaku sampai dengan tanggal {agreement.end_date:%d-%m-%Y}."
                if agreement.end_date
                else "."
            )
        )
    progress = [f"- {a.activity}" + (f" (target: {a.expected_result})" if a.expected_result else "") for a in activities]
    progress += [f"- {e.date:%d-%m-%Y} ({e.get_entry_type_display()}): {e.summary}" for e in entries]
    beneficiaries = [a.beneficiaries for a in activities if a.beneficiaries]
    funding = [f"- {a.activity}: {a.financing}" for a in activities if a.financing]
    funding += [
        f"- {b.account_code} {b.description}: anggaran {_money(b.amount)}"
        + (f", realisasi {_money(b.realised)}" if b.realised is not None else "")
        for b in budget
    ]
    if agreement.funding_source:
        funding.insert(0, f"Sumber pendanaan: {agreement.get_funding_source_display()}.")
    obstacles = [f"- {e.obstacles}" for e in entries if e.obstacles]
    follow_up = [
        f"- Rekomendasi monev {e.date:%d-%m-%Y}: {e.get_recommendation_display()}" for e in entries if e.recommendation
    ]
    next_year = list(agreement.annual_activities.filter(year=year + 1))
    follow_up += [f"- Rencana kegiatan {year + 1}: {a.activity}" for a in next_year]
    return {
        "judul": judul,
        "latar_belakang": ((agreement.background or "") + signed).strip(),
        "maksud_tujuan_sasaran": agreement.purpose,
        "ruang_lingkup": agreement.scope,
        "perkembangan_hasil": "\n".join(progress),
        "penerima_manfaat": "\n".join(beneficiaries) or agreement.benefits,
        "pendanaan": "\n".join(funding),
        "hambatan_tantangan": "\n".join(obstacles),
        "analisis_tindak_lanjut": "\n".join(follow_up),
    }


def current_report_year(today=None):
    """The year whose annual foreign report the OPDs are working on: last year until June (due in
    January, and chased while missing), this year from July (written towards next January)."""
    today = today or timezone.localdate()
    return today.year - 1 if today.month <= 6 else today.year


def report_for(agreement, year):
    """The saved report of ``agreement`` for ``year``, or a new unsaved one, prefilled."""
    report = ForeignAnnualReport.objects.filter(agreement=agreement, year=year).first()
    if report is None:
        report = ForeignAnnualReport(agreement=agreement, year=year, **prefill(agreement, year))
    return report


def files_reports(user):
    """Whether ``user`` files monev, planning links and annual reports at all (on the agreements
    they may see): the Bagian Kerja Sama, and OPD staff who are not readers (Pimpinan, TKKSD)."""
    if roles.is_kerjasama(user):
        return True
    return roles.has_role(user, roles.OPD_STAFF) and not roles.is_pimpinan(user) and not roles.is_tkksd(user)


def _require_opd_or_desk(user, agreement):
    if not Agreement.objects.for_user(user).filter(pk=agreement.pk).exists() or not files_reports(user):
        raise PermissionDenied


def may_file(user, agreement):
    try:
        _require_opd_or_desk(user, agreement)
    except PermissionDenied:
        return False
    return True


def save_report(report, user, submit=False):
    """Save the OPD's text; ``submit`` sends it to the Bagian Kerja Sama for approval."""
    _require_opd_or_desk(user, report.agreement)
    if report.pk and report.status not in ReviewStatus.editable_by_opd():
        raise ValidationError(_("This report has been submitted and can no longer be changed."))
    if submit:
        empty = [name for name in HEADING_FIELDS if not (getattr(report, name) or "").strip()]
        if empty:
            raise ValidationError(
                _("Fill in every heading before submitting: %(fields)s.")
                % {"fields": ", ".join(str(ForeignAnnualReport._meta.get_field(n).verbose_name) for n in empty)}
            )
        report.status = ReviewStatus.SUBMITTED
        report.submitted_by = user
        report.submitted_at = timezone.now()
    report.full_clean()
    report.save()
    return report


def _review(obj, user, approve, note):
    if not roles.is_kerjasama(user):
        raise PermissionDenied
    if obj.status != ReviewStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted entry can be reviewed."))
    if not approve and not (note or "").strip():
        raise ValidationError(_("Say what must be revised."))
    obj.status = ReviewStatus.APPROVED if approve else ReviewStatus.RETURNED
    obj.review_note = note or ""
    obj.reviewed_by = user
    obj.reviewed_at = timezone.now()
    obj.save()
    return obj


def review_report(report, user, approve, note=""):
    """The Bagian Kerja Sama approves a submitted annual report or returns it with a note."""
    return _review(report, user, approve, note)


def review_mapping(mapping, user, approve, note=""):
    """The Bagian Kerja Sama validates a submitted mapping entry or returns it with a note."""
    return _review(mapping, user, approve, note)


def save_mapping(mapping, user, submit=False):
    """An OPD's mapping entry, always of the user's own OPD (the Bagian Kerja Sama may enter for any)."""
    opd_id = roles.user_opd_id(user)
    if not roles.is_kerjasama(user):
        if opd_id is None or not roles.has_role(user, roles.OPD_STAFF):
            raise PermissionDenied
        if mapping.pk and mapping.opd_id != opd_id:
            raise PermissionDenied
        mapping.opd_id = opd_id
    if mapping.pk and mapping.status not in ReviewStatus.editable_by_opd():
        raise ValidationError(_("This entry has been submitted and can no longer be changed."))
    if submit:
        mapping.status = ReviewStatus.SUBMITTED
    if not mapping.pk:
        mapping.created_by = user
    mapping.full_clean()
    mapping.save()
    return mapping


@transaction.atomic
def file_monitoring_entry(agreement, user, **data):
    """An OPD files a progress report or monev entry on its own signed agreement (the domain's
    ``MonitoringEntry``); the stage is untouched."""
    _require_opd_or_desk(user, agreement)
    if agreement.stage not in Stage.signed():
        raise ValidationError(_("Monitoring is filed only for a signed agreement."))
    assessment = data.pop("partner_assessment", None)
    entry = MonitoringEntry(agreement=agreement, created_by=user, **data)
    entry.full_clean()
    entry.save()
    if assessment:
        record = PartnerAssessment(entry=entry, **assessment)
        record.full_clean()
        record.save()
    return entry


@transaction.atomic
def save_planning_link(agreement, user, mapping=None, reference=None, reference_text="", budget_lines=()):
    """Point a proposal to the mapping entry it realises, its planning reference and its budget
    lines per year.  The mapping entry must be the agreement's OPD's (the Bagian Kerja Sama may
    link any)."""
    _require_opd_or_desk(user, agreement)
    if mapping is not None and not roles.is_kerjasama(user):
        own = {agreement.opd_initiator_id, *agreement.executing_opds.values_list("pk", flat=True)}
        if mapping.opd_id not in own:
            raise ValidationError(_("Choose a mapping entry of this agreement's OPD."))
    link, _created = AgreementPlanning.objects.update_or_create(
        agreement=agreement, defaults={"mapping": mapping, "reference": reference, "reference_text": reference_text or ""}
    )
    for line in budget_lines:
        line.agreement = agreement
        line.full_clean()
        line.save()
    return link


# --- Monev that is due -----------------------------------------------------------------------------


def monev_overdue(queryset=None, today=None, months=6):
    """Agreements in force whose last monitoring entry is older than ``months`` months (or that
    have none since they started): the desk's work queue can list them."""
    today = today or timezone.localdate()
    queryset = queryset if queryset is not None else Agreement.objects.all()
    limit = today - datetime.timedelta(days=months * 30)
    recent = MonitoringEntry.objects.filter(date__gte=limit).values("agreement_id")
    return queryset.in_force().filter(start_date__lte=limit).exclude(pk__in=recent)


# --- The recap of all cooperation (UU 23/2014 Pasal 368; PP 28/2018 Pasal 44) ---------------------


def period_bounds(year, semester=None):
    if semester == 1:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    if semester == 2:
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    return year_bounds(year)


def period_label(year, semester=None):
    if semester:
        return _("Semester %(semester)s %(year)s") % {"semester": "I" if semester == 1 else "II", "year": year}
    return _("Year %(year)s") % {"year": year}


def recap(year, semester=None, queryset=None):
    """Every signed agreement in force at some time in the period, with its kind, partners,
    urusan, OPD, dates, status, realisation and last monev recommendation; and totals per kind,
    urusan and OPD (an agreement under two urusan counts once under each)."""
    start, end = period_bounds(year, semester)
    queryset = queryset if queryset is not None else Agreement.objects.all()
    agreements = list(
        in_force_during(queryset, start, end)
        .select_related("document_type", "opd_initiator")
        .prefetch_related(
            Prefetch("parties", queryset=AgreementParty.objects.select_related("partner")),
            "urusan",
            Prefetch("monitoring", queryset=MonitoringEntry.objects.exclude(recommendation="").order_by("-date", "-pk"), to_attr="recommended"),
        )
        .annotate(realised_total=Sum("budget_lines__realised", filter=_budget_in(start, end)))
        .order_by("kind", "opd_initiator__name", "signing_date", "pk")
    )
    rows = []
    by_kind, by_urusan, by_opd = Counter(), Counter(), Counter()
    for agreement in agreements:
        last = agreement.recommended[0] if agreement.recommended else None
        urusan = [u.name for u in agreement.urusan.all()]
        rows.append(
            {
                "agreement": agreement,
                "number": next((p.document_number for p in agreement.parties.all() if p.partner.is_home), ""),
                "title": agreement.title,
                "kind": agreement.get_kind_display(),
                "document_type": agreement.document_type.name,
                "partners": _partners_text(agreement),
                "urusan": ", ".join(urusan),
                "opd": str(agreement.opd_initiator),
                "start": agreement.start_date,
                "end": agreement.end_date,
                "status": agreement.get_stage_display(),
                "value": agreement.value,
                "realised": agreement.realised_total,
                "recommendation": last.get_recommendation_display() if last else "",
            }
        )
        by_kind[agreement.get_kind_display()] += 1
        by_opd[str(agreement.opd_initiator)] += 1
        for name in urusan or [_("(no urusan)")]:
            by_urusan[name] += 1
    return {
        "year": year,
        "semester": semester,
        "label": period_label(year, semester),
        "start": start,
        "end": end,
        "rows": rows,
        "total": len(rows),
        "by_kind": sorted(by_kind.items()),
        "by_urusan": sorted(by_urusan.items()),
        "by_opd": sorted(by_opd.items()),
    }


def _budget_in(start, end):
    return Q(budget_lines__year__gte=start.year, budget_lines__year__lte=end.year)


# --- The Buku Register ----------------------------------------------------------------------------


def register(year, document_type=None, queryset=None):
    """The home pemda's numbers of ``year`` (by date of signing), per document type, each with its
    agreement: the printable Buku Register.  Numbers typed by hand are included as they stand."""
    queryset = queryset if queryset is not None else Agreement.objects.all()
    parties = (
        AgreementParty.objects.filter(
            partner__is_home=True,
            agreement__in=queryset,
            agreement__signing_date__year=year,
        )
        .exclude(document_number="")
        .select_related("agreement__document_type", "agreement__opd_initiator")
        .prefetch_related("agreement__parties__partner")
        .order_by("agreement__document_type__order", "agreement__signing_date", "document_number")
    )
    if document_type:
        parties = parties.filter(agreement__document_type=document_type)
    groups = OrderedDict()
    for party in parties:
        agreement = party.agreement
        groups.setdefault(agreement.document_type.name, []).append(
            {
                "number": party.document_number,
                "date": agreement.signing_date,
                "title": agreement.title,
                "partners": _partners_text(agreement),
                "opd": str(agreement.opd_initiator),
                "end": agreement.end_date,
                "status": agreement.get_stage_display(),
                "agreement": agreement,
            }
        )
    return {"year": year, "groups": list(groups.items()), "total": sum(len(rows) for rows in groups.values())}


# --- The leader's summary -------------------------------------------------------------------------


def leader_summary(user, today=None, horizon_days=183):
    """One page for the Pimpinan: signed this year, expiring in the next six months, what waits
    longest and where, reports due."""
    today = today or timezone.localdate()
    visible = Agreement.objects.for_user(user)
    signed = (
        visible.signed()
        .filter(signing_date__year=today.year)
        .select_related("document_type", "opd_initiator")
        .order_by("-signing_date")
    )
    expiring = visible.expiring_within(horizon_days, today).select_related("opd_initiator").order_by("end_date")
    waiting = visible.in_process().select_related("opd_initiator").order_by("stage_changed_at")[:10]
    waiting_rows = [
        {"agreement": a, "days": (today - timezone.localdate(a.stage_changed_at)).days, "stage": a.get_stage_display()}
        for a in waiting
    ]
    last_year = today.year - 1
    schedule = report_schedule(last_year)
    missing = list(missing_foreign_reports(last_year, visible))
    return {
        "today": today,
        "signed": list(signed),
        "signed_by_kind": sorted(Counter(a.get_kind_display() for a in signed).items()),
        "expiring": list(expiring),
        "waiting": waiting_rows,
        "report_year": last_year,
        "schedule": schedule,
        "missing": missing,
        "monev_overdue": monev_overdue(visible, today).count(),
    }


# --- Planning references from the pemda's XLSX ---------------------------------------------------

PLANNING_COLUMNS = ["dokumen", "tahun", "tingkat", "kode", "nama", "opd"]


def import_planning_references(rows):
    """Create or update planning references from rows (dicts with the PLANNING_COLUMNS keys).
    All or nothing: returns (created, updated) or raises ValidationError listing every bad row."""
    from accounts.models import Opd

    from .models import PlanningDocument, PlanningLevel, PlanningReference

    documents = {c.value: c.value for c in PlanningDocument} | {str(c.label).lower(): c.value for c in PlanningDocument}
    levels = {c.value: c.value for c in PlanningLevel} | {"sub kegiatan": PlanningLevel.SUB_KEGIATAN, "subkegiatan": PlanningLevel.SUB_KEGIATAN}
    opds = {o.code.lower(): o for o in Opd.objects.all()}
    errors, clean = [], []
    for number, row in enumerate(rows, start=2):
        document = documents.get(str(row.get("dokumen") or "").strip().lower())
        level = levels.get(str(row.get("tingkat") or "").strip().lower().replace("-", " ").replace(" ", "_")) or levels.get(
            str(row.get("tingkat") or "").strip().lower()
        )
        code = str(row.get("kode") or "").strip()
        name = str(row.get("nama") or "").strip()
        try:
            year = int(row.get("tahun"))
        except (TypeError, ValueError):
            year = None
        opd_code = str(row.get("opd") or "").strip().lower()
        opd = opds.get(opd_code) if opd_code else None
        problems = []
        if not document:
            problems.append(_("unknown planning document"))
        if not level:
            problems.append(_("unknown level"))
        if not year:
            problems.append(_("year is not a number"))
        if not code or not name:
            problems.append(_("code and name are required"))
        if opd_code and opd is None:
            problems.append(_("unknown OPD code"))
        if problems:
            errors.append(_("Row %(row)s: %(problems)s") % {"row": number, "problems": ", ".join(str(p) for p in problems)})
            continue
        clean.append((document, year, level, code, name, opd))
    if errors:
        raise ValidationError(errors)
    created = updated = 0
    with transaction.atomic():
        for document, year, level, code, name, opd in clean:
            _obj, was_created = PlanningReference.objects.update_or_create(
                document=document, year=year, code=code, defaults={"level": level, "name": name, "opd": opd}
            )
            created += was_created
            updated += not was_created
    return created, updated


def read_planning_xlsx(file):
    """Rows of the first sheet, keyed by the (lower-cased) header row."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
        raise ValidationError(_("The file is not a readable XLSX workbook.")) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h or "").strip().lower() for h in next(rows, [])]
    missing = [c for c in PLANNING_COLUMNS[:5] if c not in header]
    if missing:
        raise ValidationError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    return [dict(zip(header, row, strict=False)) for row in rows if any(v not in (None, "") for v in row)]


def activity_years(agreement):
    return sorted(set(AnnualActivity.objects.filter(agreement=agreement).values_list("year", flat=True)))


def budget_for(agreement):
    return list(BudgetLine.objects.filter(agreement=agreement))


def mapping_progress(queryset=None, agreements=None):
    """Per urusan: validated mapping entries, proposals linked to them, and how many are signed;
    ``[(urusan name, {"code", "mapped", "proposed", "signed"})]`` in urusan order.

    ``queryset``: the mapping entries counted (``PotentialMapping.objects.for_user``);
    ``agreements``: the proposals that may be counted (``Agreement.objects.for_user``), all when
    None.  One aggregate query, however many entries and proposals."""
    mappings = (queryset if queryset is not None else PotentialMapping.objects.all()).validated()
    linked = Q(agreement_links__isnull=False)
    if agreements is not None:
        linked &= Q(agreement_links__agreement__in=agreements.values("pk"))
    rows = (
        mappings.order_by("urusan__code")
        .values("urusan_id", "urusan__code", "urusan__name")
        .annotate(
            mapped=Count("id", distinct=True),
            proposed=Count("agreement_links__agreement_id", distinct=True, filter=linked),
            signed=Count(
                "agreement_links__agreement_id", distinct=True,
                filter=linked & Q(agreement_links__agreement__stage__in=Stage.signed()),
            ),
        )
    )
    return [
        (row["urusan__name"], {"code": row["urusan__code"], "mapped": row["mapped"], "proposed": row["proposed"], "signed": row["signed"]})
        for row in rows
    ]


def mapping_progress_for(user):
    """``mapping_progress`` within what ``user`` may see: an OPD's own entries and the proposals it
    may see; everything (no proposal filter to apply) for those who see the whole registry."""
    agreements = None if roles.sees_everything(user) else Agreement.objects.for_user(user)
    return mapping_progress(PotentialMapping.objects.for_user(user), agreements)


def foreign_report(year, queryset=None, today=None):
    """The whole annual report on foreign cooperation of ``year``: the cover letter by rule and,
    per agreement, the nine headings (the saved report, else the prefill)."""
    from .exports import tanggal

    schedule = report_schedule(year)
    agreements = list(foreign_agreements(year, queryset))
    saved = {r.agreement_id: r for r in ForeignAnnualReport.objects.filter(year=year, agreement__in=agreements)}
    reports = []
    for agreement in agreements:
        report = saved.get(agreement.pk) or ForeignAnnualReport(agreement=agreement, year=year, **prefill(agreement, year))
        reports.append({"agreement": agreement, "report": report, "sections": report.sections()})
    subject = f"Laporan Pelaksanaan Kerja Sama Daerah dengan Pihak Luar Negeri Tahun {year}"
    copies = ["Menteri Luar Negeri"]
    if schedule["forwarded_to"]:
        copies.insert(0, schedule["forwarded_to"])
    letter = {
        "date": tanggal(today or timezone.localdate()),
        "lines": [("Nomor", "…/…/…"), ("Sifat", "Penting"), ("Lampiran", "1 (satu) berkas"), ("Hal", subject)],
        "addressee": schedule["addressee"],
        "forwarded_to": schedule["forwarded_to"],
        "place": "Tempat",
        "body": [
            "Dalam rangka melaksanakan ketentuan Pasal 37 Peraturan Menteri Dalam Negeri Nomor 25 Tahun 2020 "
            "tentang Tata Cara Kerja Sama Daerah dengan Pemerintah Daerah di Luar Negeri dan Kerja Sama Daerah "
            f"dengan Lembaga di Luar Negeri, bersama ini kami sampaikan laporan pelaksanaan kerja sama luar negeri "
            f"{settings.PEMDA['name']} Tahun {year} atas {len(reports)} kerja sama sebagaimana terlampir.",
            "Demikian disampaikan, atas perhatiannya diucapkan terima kasih.",
        ],
        "copies": copies,
    }
    return {"year": year, "schedule": schedule, "reports": reports, "letter": letter, "subject": subject}


# --- Notifications: the Pasal 38 warning and the January due dates ----------------------------------

REPORT_REMINDER_DAYS = (30, 7, 0, -1, -8)  # days before the due date; negative: after it


def _recipients(agreement):
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    User = get_user_model()
    return User.objects.filter(is_active=True).filter(
        Q(groups__name__in=[roles.KERJASAMA_STAFF, roles.KERJASAMA_HEAD]) | Q(opd_membership__opd_id=agreement.opd_initiator_id)
    ).distinct()


def _notify_once(agreement, message):
    """An in-app notification to the Bagian Kerja Sama and the agreement's OPD, once per message."""
    from notifications.models import Notification

    rows = [
        Notification(user=user, agreement=agreement, message=message[:500])
        for user in _recipients(agreement)
        if not Notification.objects.filter(user=user, agreement=agreement, message=message[:500]).exists()
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def on_stage_changed(sender, agreement_id, event_id, **kwargs):
    """Connected to ``agreements.signals.stage_changed`` (reporting/apps.py): a foreign agreement
    that enters *penyusunan rencana kerja sama* while last year's annual report is missing gets the
    Pasal 38 warning as a notification."""
    agreement = Agreement.objects.filter(pk=agreement_id, kind__in=Kind.foreign(), stage=Stage.PENYUSUNAN_RENCANA).first()
    if agreement is None:
        return 0
    warning = rencana_warning()
    return _notify_once(agreement, warning) if warning else 0


def notify_reports_due(today=None):
    """Remind the Bagian Kerja Sama and each OPD of every foreign report not yet approved: 30 and 7
    days before the due date, on it, and the day and a week after it.  Idempotent: run it daily
    (e.g. after ``send_reminders``)."""
    today = today or timezone.localdate()
    year = current_report_year(today)
    schedule = report_schedule(year)
    days_left = (schedule["due"] - today).days
    if days_left not in REPORT_REMINDER_DAYS:
        return 0
    values = {"year": year, "to": schedule["addressee"], "due": f"{schedule['due']:%d-%m-%Y}", "days": days_left}
    sent = 0
    for agreement in missing_foreign_reports(year):
        if days_left >= 0:
            text = _("The annual report %(year)s on “%(title)s” is due to %(to)s on %(due)s (%(days)s days left).")
        else:
            text = _(
                "The annual report %(year)s on “%(title)s” to %(to)s was due on %(due)s and is missing: "
                "the Minister will not approve a new Rencana Kerja Sama (Permendagri 25/2020 Pasal 38)."
            )
        sent += _notify_once(agreement, text % {**values, "title": agreement.title})
    return sent


# --- Report files, built by a task ----------------------------------------------------------------


def request_report(user, kind, parameters, fresh=False):
    """The job that builds report ``kind`` with ``parameters`` for ``user``, and whether it is new.

    The same report asked again by the same user while a job of it lives (waiting, running or
    ready, not expired) is that job, unless ``fresh``.  A new job's task is enqueued so that it runs
    only once the job is committed (``notifications.services.enqueue``)."""
    from notifications.services import enqueue

    from .models import ReportJob, report_fingerprint
    from .tasks import build_report

    if not fresh:
        live = (
            ReportJob.objects.filter(owner=user, fingerprint=report_fingerprint(kind, parameters))
            .alive()
            .exclude(status=ReportJob.Status.FAILED)
            .first()
        )
        if live is not None:
            return live, False
    with transaction.atomic():
        job = ReportJob.objects.create(owner=user, kind=kind, parameters=parameters)
        enqueue(build_report, job.pk)
    return job, True
