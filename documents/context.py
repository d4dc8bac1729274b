"""From an agreement to the plain data a draft is made of.

``facts(agreement)`` reads the database once and returns plain Python data (strings, dates,
numbers, lists, dicts); ``compose(facts, content)`` turns those facts and a clause template's
content into the draft: title block, numbers, opening, komparisi, recitals, Pasal, signatures.
Both the PDF and the DOCX are laid out from the composed draft, so they say the same thing in the
same order.  The whitelisted clause context (``clause_context``) is built from the facts only, so a
clause template never sees a model instance.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.staticfiles import finders

from agreements.choices import Kind, ParentRelation, SigningCapacity
from partners.choices import PartnerType

from . import words
from .clauses import build_pasal, paragraphs, render_text

BLANK = words.BLANK

KIND_WORDS = {
    Kind.KSDD_WAJIB: "Kerja Sama Daerah dengan Daerah Lain (wajib)",
    Kind.KSDD_SUKARELA: "Kerja Sama Daerah dengan Daerah Lain (sukarela)",
    Kind.KSDPK: "Kerja Sama Daerah dengan Pihak Ketiga",
    Kind.KSDPL: "Kerja Sama Daerah dengan Pemerintah Daerah di Luar Negeri",
    Kind.KSDLL: "Kerja Sama Daerah dengan Lembaga di Luar Negeri",
    Kind.SINERGI: "Sinergi Pemerintah Pusat dan Pemerintah Daerah",
    Kind.LAINNYA: "Kerja Sama",
}
FUNDING_WORDS = {
    "apbd": "Anggaran Pendapatan dan Belanja Daerah (APBD)",
    "apbn": "Anggaran Pendapatan dan Belanja Negara (APBN)",
    "mitra": "dana mitra kerja sama",
    "bersama": "anggaran masing-masing PIHAK sesuai dengan kewenangannya",
    "hibah": "hibah sesuai dengan ketentuan peraturan perundang-undangan",
    "tanpa_biaya": "",
}
ADDENDUM_ORDINALS = ["PERTAMA", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM", "KETUJUH", "KEDELAPAN", "KESEMBILAN"]
PARTY_KEYS = ["pihak_kesatu", "pihak_kedua", "pihak_ketiga", "pihak_keempat"]


def _describe(partner_type, deed, country):
    if partner_type == PartnerType.PEMDA:
        return (
            "daerah otonom yang berwenang mengatur dan mengurus urusan pemerintahan dan kepentingan "
            "masyarakat setempat sesuai dengan ketentuan peraturan perundang-undangan"
        )
    if partner_type in PartnerType.companies():
        basis = f"berdasarkan {deed}" if deed else "sesuai dengan ketentuan peraturan perundang-undangan"
        return f"badan usaha yang didirikan dan menjalankan usahanya {basis}"
    if partner_type == PartnerType.PERGURUAN_TINGGI:
        return "perguruan tinggi yang menyelenggarakan pendidikan tinggi sesuai dengan ketentuan peraturan perundang-undangan"
    if partner_type == PartnerType.ORMAS:
        return "organisasi kemasyarakatan yang didirikan sesuai dengan ketentuan peraturan perundang-undangan"
    if partner_type == PartnerType.PERSEORANGAN:
        return "perseorangan yang cakap bertindak menurut hukum"
    if partner_type == PartnerType.INSTANSI_VERTIKAL:
        return "instansi Pemerintah Pusat yang melaksanakan tugas dan fungsinya sesuai dengan ketentuan peraturan perundang-undangan"
    if partner_type == PartnerType.PEMDA_LUAR_NEGERI:
        return f"pemerintah daerah di {country or 'luar negeri'} yang berwenang menjalin kerja sama dengan pemerintah daerah lain"
    if partner_type == PartnerType.LEMBAGA_LUAR_NEGERI:
        return f"lembaga yang berkedudukan di {country or 'luar negeri'}"
    return "pihak yang berwenang sesuai dengan ketentuan peraturan perundang-undangan"


def _home_logo():
    return finders.find(settings.PEMDA.get("logo") or "") or ""


def _partner_logo(partner):
    if partner.is_home:
        return _home_logo()
    try:
        if partner.logo and partner.logo.path:
            import os

            return partner.logo.path if os.path.exists(partner.logo.path) else ""
    except (ValueError, NotImplementedError):
        return ""
    return ""


def facts(agreement):
    """Everything a draft needs from the database, as plain data (picklable, no model instances)."""
    parties = []
    for party in agreement.parties.select_related("partner", "partner__region").order_by("order", "id"):
        partner = party.partner
        country = partner.country.name if partner.country else ""
        parties.append(
            {
                "name": partner.name,
                "label": party.role_label or f"PIHAK {words.ORDINAL_LABELS[len(parties)]}",
                "signatory_name": party.signatory_name,
                "signatory_title": party.signatory_title,
                "nip": party.signatory_nip,
                "kuasa": party.power_of_attorney if party.signing_capacity == SigningCapacity.KUASA else "",
                "number": party.document_number,
                "address": partner.address,
                "city": partner.city or (partner.region.name if partner.region_id else ""),
                "partner_type": partner.partner_type,
                "is_home": partner.is_home,
                "is_pemda": partner.partner_type == PartnerType.PEMDA,
                "is_foreign": partner.partner_type in PartnerType.foreign(),
                "country": country,
                "description": _describe(partner.partner_type, partner.deed_reference, country),
                "needs_stamp_duty": party.needs_stamp_duty,
                "logo": _partner_logo(partner),
            }
        )
    parent = None
    addendum_index = None
    if agreement.parent_id:
        p = agreement.parent
        parent = {
            "doc_type": p.document_type.name,
            "title": p.title,
            "numbers": [n for n in p.parties.order_by("order").values_list("document_number", flat=True) if n],
            "signing_date": p.signing_date,
        }
        if agreement.parent_relation == ParentRelation.ADENDUM or agreement.document_type.flow == "adendum":
            earlier = p.children.filter(document_type__flow="adendum", pk__lte=agreement.pk).count()
            addendum_index = max(earlier, 1)
    return {
        "pk": agreement.pk,
        "kind": agreement.kind,
        "flow": agreement.document_type.flow,
        "doc_type": agreement.document_type.name,
        "title": agreement.title,
        "purpose": agreement.purpose,
        "scope": agreement.scope,
        "benefits": agreement.benefits,
        "location": agreement.location,
        "background": agreement.background,
        "urusan": words.join_words(agreement.urusan.values_list("name", flat=True)),
        "duration_text": agreement.duration_text,
        "duration_months": agreement.duration_months,
        "start_date": agreement.start_date,
        "end_date": agreement.end_date,
        "value": agreement.value,
        "funding_source": agreement.funding_source,
        "signing_date": agreement.signing_date if agreement.is_signed else None,
        "signing_place": agreement.signing_place,
        "is_signed": agreement.is_signed,
        "parties": parties,
        "parent": parent,
        "addendum_index": addendum_index,
    }


def _duration(f):
    if f.get("duration_text"):
        return f["duration_text"]
    months = f.get("duration_months")
    if months:
        if months % 12 == 0:
            return f"{words.number_with_words(months // 12)} tahun"
        return f"{words.number_with_words(months)} bulan"
    start, end = f.get("start_date"), f.get("end_date")
    if start and end and end > start:
        years = round((end - start).days / 365.25)
        if years >= 1 and abs((end - start).days - years * 365.25) < 15:
            return f"{words.number_with_words(years)} tahun"
    return f"{BLANK} ({BLANK}) tahun"


def _party_context(p):
    return {
        "nama": p["name"],
        "nama_kapital": p["name"].upper(),
        "sebutan": p["label"],
        "penandatangan": p["signatory_name"] or BLANK,
        "jabatan": p["signatory_title"] or BLANK,
        "nip": p["nip"],
        "surat_kuasa": p["kuasa"],
        "nomor": p["number"] or BLANK,
        "alamat": p["address"] or p["city"] or BLANK,
        "kedudukan": p["city"] or BLANK,
        "keterangan": p["description"],
        "adalah_pemda": p["is_pemda"],
        "adalah_asing": p["is_foreign"],
    }


def clause_context(f):
    """The whitelisted context of clause templates (documents/clauses.py SCHEMA), from facts."""
    parties = [_party_context(p) for p in f["parties"]]
    home = next((c for c, p in zip(parties, f["parties"], strict=True) if p["is_home"]), parties[0] if parties else {})
    value = f.get("value")
    parent = f.get("parent")
    context = {
        "judul": f["title"],
        "jenis_dokumen": f["doc_type"],
        "jenis_kerja_sama": KIND_WORDS.get(f["kind"], "Kerja Sama"),
        "kode_jenis": f["kind"],
        "pemda": home,
        "para_pihak": parties,
        "mitra": [c for c, p in zip(parties, f["parties"], strict=True) if not p["is_home"]],
        "sebutan_para_pihak": words.join_words([p["sebutan"] for p in parties]),
        "jumlah_pihak": len(parties),
        "maksud": (f.get("purpose") or "").strip(),
        "ruang_lingkup": (f.get("scope") or "").strip(),
        "manfaat": (f.get("benefits") or "").strip(),
        "lokasi": f.get("location") or "",
        "latar_belakang": (f.get("background") or "").strip(),
        "urusan": f.get("urusan") or "",
        "jangka_waktu": _duration(f),
        "tanggal_mulai": words.long_date(f.get("start_date")) if f.get("is_signed") else BLANK,
        "tanggal_berakhir": words.long_date(f.get("end_date")) if f.get("is_signed") else BLANK,
        "nilai": words.rupiah(value) if value not in (None, "") and Decimal(value) > 0 else "",
        "sumber_dana": FUNDING_WORDS.get(f.get("funding_source") or "", ""),
        "rangkap": words.number_with_words(max(len(parties), 2)),
        "tempat": f.get("signing_place") or BLANK,
        "kepala_daerah": settings.PEMDA.get("head_title", ""),
        "induk": {
            "jenis": parent["doc_type"] if parent else "",
            "judul": parent["title"] if parent else "",
            "nomor": words.join_words(parent["numbers"]) if parent and parent["numbers"] else BLANK,
            "tanggal": words.long_date(parent["signing_date"]) if parent and parent["signing_date"] else BLANK,
        },
        "adendum_ke": ADDENDUM_ORDINALS[(f.get("addendum_index") or 1) - 1] if f.get("addendum_index") else "",
    }
    for key, party in zip(PARTY_KEYS, parties, strict=False):
        context[key] = party
    for key in PARTY_KEYS[len(parties):]:
        context[key] = ""
    return context


def _title_lines(f, content):
    names = [p["name"].upper() for p in f["parties"]]
    lines = []
    title = content["title"].strip().upper()
    subject = f["title"]
    if f["flow"] == "adendum" and f.get("parent"):
        index = f.get("addendum_index") or 1
        lines.append(f"{title} {ADDENDUM_ORDINALS[index - 1]}")
        lines.append(f"ATAS {f['parent']['doc_type'].upper()}")
        subject = f["parent"]["title"]
    else:
        lines.append(title)
    lines.append("ANTARA")
    connector = (content.get("connector") or "DENGAN").strip().upper()
    if len(names) <= 2:
        for i, name in enumerate(names):
            if i:
                lines.append(connector)
            lines.append(name)
    else:
        for name in names[:-1]:
            lines.append(f"{name},")
        lines[-1] = lines[-1].rstrip(",")
        lines.append("DAN")
        lines.append(names[-1])
    lines.append("TENTANG")
    lines.append(subject.upper())
    return lines


def _komparisi(f):
    result = []
    for index, p in enumerate(f["parties"], start=1):
        acting = f"dalam hal ini bertindak untuk dan atas nama {p['name']}"
        if p["kuasa"]:
            acting = f"dalam hal ini bertindak berdasarkan Surat Kuasa Nomor {p['kuasa']}, untuk dan atas nama {p['name']}"
        seat = p["address"] or p["city"]
        text = f"{p['signatory_title'] or BLANK}, {acting}"
        if seat:
            text += f", berkedudukan di {seat}"
        text += f", selanjutnya disebut {p['label']}."
        result.append({"roman": f"{words.roman(index)}.", "name": (p["signatory_name"] or BLANK).strip(), "text": text})
    return result


def _signatures(f):
    result = []
    for p in f["parties"]:
        lines = []
        if not p["is_pemda"]:
            lines.append(p["name"].upper())
        lines.append(f"{(p['signatory_title'] or BLANK).upper()},")
        result.append(
            {
                "label": f"{p['label']},",
                "lines": lines,
                "name": p["signatory_name"] or BLANK,
                "nip": p["nip"],
                "stamp": p["needs_stamp_duty"],
            }
        )
    return result


def compose(f, content, version_label="", paper=None):
    """The draft as plain data, ready to be laid out as PDF or DOCX."""
    context = clause_context(f)
    labels = [p["label"] for p in f["parties"]]
    para_pihak = (
        f"{words.join_words(labels)} yang selanjutnya secara bersama-sama disebut PARA PIHAK "
        "dan masing-masing disebut PIHAK."
    )
    recitals = [p["text"] + (" " + " ".join(p["items"]) if p["items"] else "") for p in paragraphs(render_text(content["recitals"], context))]
    formula = " ".join(render_text(content["formula"], context).split())
    return {
        "pk": f.get("pk"),
        "doc_title": content["title"].upper(),
        "title_lines": _title_lines(f, content),
        "numbers": [p["number"] or "" for p in f["parties"]],
        "logos": [p["logo"] for p in f["parties"]],
        "opening": words.opening_sentence(f.get("signing_date"), f.get("signing_place"))
        + " yang bertanda tangan di bawah ini:",
        "komparisi": _komparisi(f),
        "para_pihak": para_pihak,
        "recitals_intro": "PARA PIHAK terlebih dahulu menerangkan hal-hal sebagai berikut:" if recitals else "",
        "recitals": recitals,
        "formula": formula,
        "pasal": build_pasal(content["clauses"], context),
        "closing_heading": "",
        "signatures": _signatures(f),
        "paraf": labels,
        "watermark": not f.get("is_signed"),
        "paper": (paper or settings.KERJASAMA.get("PAPER_SIZE") or "A4").upper(),
        "subject": f["title"],
        "version_label": version_label,
    }


def demo_facts(flow="ksb", kind=Kind.KSDD_SUKARELA):
    """Sample facts for the clause template preview (no database)."""
    today = datetime.date(2026, 11, 23)
    home = {
        "name": settings.PEMDA.get("name", "Pemerintah Kabupaten"),
        "label": "PIHAK KESATU",
        "signatory_name": settings.PEMDA.get("head_name", ""),
        "signatory_title": settings.PEMDA.get("head_title", ""),
        "nip": "",
        "kuasa": "",
        "number": "",
        "address": "",
        "city": settings.PEMDA.get("city", ""),
        "partner_type": PartnerType.PEMDA,
        "is_home": True,
        "is_pemda": True,
        "is_foreign": False,
        "country": "",
        "description": _describe(PartnerType.PEMDA, "", ""),
        "needs_stamp_duty": True,
        "logo": _home_logo(),
    }
    if kind == Kind.KSDPK:
        partner = {"name": "PT Mitra Sejahtera Abadi", "type": PartnerType.BADAN_USAHA, "title": "Direktur Utama", "signer": "Andi Wijaya"}
    elif kind in Kind.foreign():
        partner = {"name": "Kitakyushu City", "type": PartnerType.PEMDA_LUAR_NEGERI, "title": "Mayor of Kitakyushu", "signer": "Kazuhisa Takeuchi"}
    elif kind == Kind.SINERGI:
        partner = {"name": "Kejaksaan Negeri Klaten", "type": PartnerType.INSTANSI_VERTIKAL, "title": "Kepala Kejaksaan Negeri Klaten", "signer": "Dr. Bambang Wiratmo, S.H., M.H."}
    else:
        partner = {"name": "Pemerintah Kabupaten Boyolali", "type": PartnerType.PEMDA, "title": "Bupati Boyolali", "signer": "Dr. Hj. Sri Lestari"}
    other = dict(
        home,
        name=partner["name"],
        label="PIHAK KEDUA",
        signatory_name=partner["signer"],
        signatory_title=partner["title"],
        city="",
        partner_type=partner["type"],
        is_home=False,
        is_pemda=partner["type"] == PartnerType.PEMDA,
        is_foreign=partner["type"] in PartnerType.foreign(),
        country="Jepang" if partner["type"] in PartnerType.foreign() else "",
        description=_describe(partner["type"], "", "Jepang"),
        logo="",
    )
    parent = None
    if flow in ("pks", "adendum"):
        parent = {"doc_type": "Kesepakatan Bersama", "title": "Pengelolaan Sampah Regional Terpadu", "numbers": ["000.3.3/12/Kerjasama/2026", "000.3.3/45/2026"], "signing_date": today}
    return {
        "pk": None,
        "kind": kind,
        "flow": flow,
        "doc_type": "Contoh",
        "title": "Pengelolaan Sampah Regional Terpadu",
        "purpose": "Meningkatkan kualitas pengelolaan sampah di wilayah perbatasan PARA PIHAK.",
        "scope": "- pengangkutan sampah dari depo ke TPA regional;\n- pengolahan sampah di TPA regional;\n- peningkatan kapasitas sumber daya manusia.",
        "benefits": "Efisiensi biaya dan lingkungan yang lebih bersih.",
        "location": "TPA Troketon, Klaten",
        "background": "",
        "urusan": "Lingkungan Hidup",
        "duration_text": "5 (lima) tahun",
        "duration_months": 60,
        "start_date": today,
        "end_date": today.replace(year=2031),
        "value": Decimal("1250000000"),
        "funding_source": "apbd",
        "signing_date": None,
        "signing_place": settings.PEMDA.get("city", ""),
        "is_signed": False,
        "parties": [home, other],
        "parent": parent,
        "addendum_index": 1 if flow == "adendum" else None,
    }
