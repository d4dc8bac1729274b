"""The report files: each kind of report built from its parameters within what a user may see.

One entry point, ``build(kind, parameters, user)``, returns ``(content, filename, content_type)``;
the report task (``reporting.tasks.build_report``) stores what it returns, and the management
commands (``recap_report``, ``foreign_annual_report``) write the same builders' bytes to a file.
"""

import datetime

from django.utils import timezone

from agreements.models import Agreement, DocumentType

from . import exports, services
from .models import PotentialMapping

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {"pdf": PDF, "xlsx": XLSX, "docx": DOCX}
FORMATS = {"mapping": ("pdf", "xlsx"), "foreign": ("pdf", "docx"), "recap": ("pdf", "xlsx"), "register": ("pdf",), "summary": ("pdf",)}


def mapping_labels(year):
    return {
        "title": f"Pemetaan Potensi Kerja Sama Daerah Tahun {year}",
        "subtitle": exports.kop()["name"].title(),
        "columns": ["No", "Kode urusan", "Urusan", "OPD", "Potensi", "Uraian", "Jenis mitra", "Calon mitra",
                    "Manfaat yang diharapkan", "Prioritas", "Tahun", "Status"],
    }


def recap_labels(data):
    return {
        "title": f"Rekapitulasi Kerja Sama Daerah {data['label']}",
        "subtitle": f"{exports.kop()['name'].title()} · {data['start']:%d-%m-%Y} s.d. {data['end']:%d-%m-%Y}",
        "columns": ["No", "Nomor", "Judul", "Jenis", "Dokumen", "Mitra", "Urusan", "OPD", "Mulai", "Berakhir", "Status",
                    "Nilai (Rp)", "Realisasi (Rp)", "Rekomendasi monev terakhir"],
        "by_kind": "Jenis kerja sama", "by_urusan": "Urusan", "by_opd": "OPD", "count": "Jumlah", "total": "Jumlah kerja sama",
    }


def recap_pdf(data):
    labels = recap_labels(data)
    totals = [(labels["by_kind"], data["by_kind"]), (labels["by_urusan"], data["by_urusan"]), (labels["by_opd"], data["by_opd"])]
    return exports.pdf("reporting/pdf/recap.html", {"recap": data, "totals": totals, "date_text": exports.tanggal(timezone.localdate())}, landscape=True)


def recap_file(data, fmt):
    return exports.recap_xlsx(data, recap_labels(data)) if fmt == "xlsx" else recap_pdf(data)


def foreign_file(data, fmt):
    if fmt == "docx":
        return exports.foreign_report_docx({**data, "kop": exports.kop()})
    return exports.pdf("reporting/pdf/foreign_report.html", data)


# --- one builder per kind: (parameters, user) -> (content, name without extension) ------------------


def _mapping(parameters, user):
    year = parameters["year"]
    mappings = list(PotentialMapping.objects.for_user(user).validated().for_year(year).select_related("urusan", "opd"))
    if parameters["fmt"] == "xlsx":
        content = exports.mapping_xlsx(mappings, year, mapping_labels(year))
    else:
        context = {"mappings": mappings, "year": year, "date_text": exports.tanggal(timezone.localdate())}
        content = exports.pdf("reporting/pdf/mapping.html", context, landscape=True)
    return content, f"pemetaan-potensi-{year}"


def _foreign(parameters, user):
    year = parameters["year"]
    data = services.foreign_report(year, Agreement.objects.for_user(user))
    return foreign_file(data, parameters["fmt"]), f"laporan-kerja-sama-luar-negeri-{year}"


def _recap(parameters, user):
    year, semester = parameters["year"], parameters.get("semester")
    data = services.recap(year, semester, Agreement.objects.for_user(user))
    return recap_file(data, parameters["fmt"]), f"rekap-kerja-sama-{year}" + (f"-s{semester}" if semester else "")


def _register(parameters, user):
    year = parameters["year"]
    document_type = DocumentType.objects.filter(pk=parameters.get("document_type")).first() if parameters.get("document_type") else None
    data = services.register(year, document_type, Agreement.objects.for_user(user))
    return exports.pdf("reporting/pdf/register.html", {"register": data}, landscape=True), f"buku-register-{year}"


def _summary(parameters, user):
    today = datetime.date.fromisoformat(parameters["date"])
    data = services.leader_summary(user, today=today)
    context = {"s": data, "due_text": exports.tanggal(data["schedule"]["due"]), "forward_due_text": exports.tanggal(data["schedule"]["forward_due"])}
    return exports.pdf("reporting/pdf/summary.html", context), f"ringkasan-pimpinan-{today:%Y%m%d}"


BUILDERS = {"mapping": _mapping, "foreign": _foreign, "recap": _recap, "register": _register, "summary": _summary}


def build(kind, parameters, user):
    """``(content, filename, content_type)`` of the report ``kind`` with ``parameters``, holding
    only what ``user`` may see."""
    fmt = parameters["fmt"]
    if fmt not in FORMATS[kind]:
        raise ValueError(f"{kind} has no {fmt} format")
    content, name = BUILDERS[kind](parameters, user)
    return content, f"{name}.{fmt}", CONTENT_TYPES[fmt]
