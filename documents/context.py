"""From an agreement to the plain data a draft is made of.

``facts(agreement)`` reads the database once and returns plain Python data (strings, dates,
numbers, lists, dicts); ``compose(facts, content)`` turns those facts and a clause template's
content into the draft: title block, numbers, opening, komparisi, recitals, Pasal, signatures.
Both the PDF and the DOCX are laid out from the composed draft, so they say the same thing in the
same order.  The whitelisted clause context (``clause_context``) is built from the facts only, so a
clause template never sees a model instance.
"""

import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ObjectDoesNotExist

from agreements.choices import Kind, ParentRelation, SigningCapacity, SubKind
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
PARTY_KEYS = ["pihak_kesatu", "pihak_kedua", "pihak_ketiga", "pihak_keempat"]
# KSDPK run under a sectoral regime (PP 28/2018 Pasal 14 ff.): the contract cites that regime first.
SECTORAL_SUBKINDS = {SubKind.PENGELOLAAN_ASET, SubKind.INVESTASI, SubKind.INFRASTRUKTUR, SubKind.PENGADAAN}
LIST_MARKER = re.compile(r"^\s*(?:[-•*–]|\(?[a-zA-Z]\)|[a-zA-Z]\.|\(?\d{1,2}\)|\d{1,2}\.)\s+")
TERM = re.compile(r"(\d+)\s*(?:\([^)]*\)\s*)?(tahun|bulan)", re.IGNORECASE)


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


def _country_en(code):
    from django.utils import translation
    from django_countries.data import COUNTRIES

    with translation.override("en"):
        return str(COUNTRIES.get(code, code))


def _english_texts(agreement):
    try:
        text = agreement.english
    except ObjectDoesNotExist:
        return {}
    return {key: getattr(text, key) for key in ("title", "purpose", "scope", "benefits", "location")}


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
        position = len(parties) + 1
        label = party.role_label.strip().upper()
        parties.append(
            {
                "name": partner.name,
                "label": words.party_label(position) if words.is_automatic_label(label) else label,
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
                "country_en": _country_en(partner.country.code) if partner.country else "",
                "label_en": words.english_party_label(position) if words.is_automatic_label(label) else label,
                "description": _describe(partner.partner_type, partner.deed_reference, country),
                "needs_stamp_duty": party.needs_stamp_duty,
                "logo": _partner_logo(partner),
            }
        )
    parent = None
    addendum_index = None
    # agreement.parent is read below: select it with its document type in one query
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
        "subkind": agreement.subkind,
        "regime": agreement.regime_reference.strip(),
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
        "english": _english_texts(agreement),
    }


def _term_months(f):
    """The term in months: the parsed term, else the dates, else a figure read from the text."""
    if f.get("duration_months"):
        return int(f["duration_months"])
    start, end = f.get("start_date"), f.get("end_date")
    if start and end and end > start:
        months = (end.year - start.year) * 12 + end.month - start.month + (1 if end.day > start.day else 0)
        return months
    match = TERM.search(f.get("duration_text") or "")
    if match:
        return int(match.group(1)) * (12 if match.group(2).lower() == "tahun" else 1)
    return None


def _duration(f, count=words.number_with_words, year="tahun", month="bulan"):
    """ "5 (lima) tahun" / "18 (delapan belas) bulan" from the parsed term; dotted blanks when unknown.
    The text as typed (``duration_text``) is only a note (placeholder ``jangka_waktu_teks``)."""
    months = _term_months(f)
    if not months:
        return f"{BLANK} ({BLANK}) {year}"
    if months % 12 == 0:
        return f"{count(months // 12)} {year}"
    return f"{count(months)} {month}"


def as_list_text(text):
    """A text typed by the user, ready for a clause: one line stays a sentence; several lines (with or
    without "a.", "1.", "-" markers) become a list a., b., c. (lines "- …" for documents/clauses.py)."""
    lines = [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip()]
    if len(lines) <= 1:
        return " ".join(lines)
    return "\n" + "\n".join("- " + LIST_MARKER.sub("", line) for line in lines)


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
        "maksud": as_list_text(f.get("purpose")),
        "ruang_lingkup": as_list_text(f.get("scope")),
        "manfaat": as_list_text(f.get("benefits")),
        "lokasi": f.get("location") or "",
        "latar_belakang": (f.get("background") or "").strip(),
        "urusan": f.get("urusan") or "",
        "jangka_waktu": _duration(f),
        "jangka_waktu_teks": f.get("duration_text") or "",
        "rezim": f.get("regime") or "",
        "sektoral": bool(f.get("subkind") in SECTORAL_SUBKINDS or f["kind"] == Kind.LAINNYA),
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
        "adendum_ke": words.addendum_ordinal(f["addendum_index"]) if f.get("addendum_index") else "",
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
        lines.append(f"{title} {words.addendum_ordinal(index)}")
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
    """One block per party: label, the party's name and the signatory's jabatan (from the party's
    record; dotted blanks when missing), space to sign (a meterai box for a domestic party that signs
    over one; never for a foreign party), the name."""
    result = []
    for p in f["parties"]:
        title = (p["signatory_title"] or BLANK).upper()
        lines = [f"{p['name'].upper()},", f"{title},"]
        result.append(
            {
                "label": f"{p['label']},",
                "lines": lines,
                "name": p["signatory_name"] or BLANK,
                "nip": p["nip"],
                "stamp": p["needs_stamp_duty"] and not p["is_foreign"],
            }
        )
    return result


def paraf_layout(labels):
    """The paraf boxes in the page footer: one row up to 7 parties, else as many rows as needed with
    at most 10 boxes each, the boxes narrower and lower as rows are added.  Returns
    (rows of labels, box width mm, box height mm, bottom margin mm)."""
    count = len(labels) or 1
    rows = 1 if count <= 7 else -(-count // 10) if count > 20 else 2
    per_row = -(-count // rows)
    width = min(24, 160 // per_row)
    height = 11 if rows == 1 else 9 if rows == 2 else 8
    margin = 23 + rows * height
    return [labels[i : i + per_row] for i in range(0, len(labels), per_row)], width, height, margin


def compose(f, content, version_label="", paper=None, layout=None):
    """The draft as plain data, ready to be laid out as PDF or DOCX.  A foreign cooperation whose
    template has English texts (``title_en``) is bilingual: ``draft["en"]`` holds the English side
    and ``draft["layout"]`` says "columns" (side by side) or "sequential" (settings
    ``KERJASAMA["BILINGUAL_LAYOUT"]``)."""
    context = clause_context(f)
    labels = [p["label"] for p in f["parties"]]
    para_pihak = (
        f"{words.join_words(labels)} yang selanjutnya secara bersama-sama disebut PARA PIHAK "
        "dan masing-masing disebut PIHAK."
    )
    recitals = _recitals(content["recitals"], context)
    formula = " ".join(render_text(content["formula"], context).split())
    bilingual = bool((content.get("title_en") or "").strip()) and f["kind"] in Kind.foreign()
    context_en = english_context(f) if bilingual else None
    draft = {
        "pk": f.get("pk"),
        "doc_title": content["title"].upper(),
        "title_lines": _title_lines(f, content),
        "numbers": [{"number": p["number"] or "", "party": p["name"]} for p in f["parties"]],
        "logos": [p["logo"] for p in f["parties"]],
        "opening": words.opening_sentence(f.get("signing_date"), f.get("signing_place"))
        + " yang bertanda tangan di bawah ini:",
        "komparisi": _komparisi(f),
        "para_pihak": para_pihak,
        "recitals_intro": "PARA PIHAK terlebih dahulu menerangkan hal-hal sebagai berikut:" if recitals else "",
        "recitals": recitals,
        "formula": formula,
        "pasal": build_pasal(content["clauses"], context, context_en),
        "closing_heading": "",
        "signatures": _signatures(f),
        "paraf": labels,
        "watermark": not f.get("is_signed"),
        "paper": (paper or settings.KERJASAMA.get("PAPER_SIZE") or "A4").upper(),
        "subject": f["title"],
        "version_label": version_label,
        "bilingual": bilingual,
    }
    if bilingual:
        draft["layout"] = layout or settings.KERJASAMA.get("BILINGUAL_LAYOUT", "columns")
        draft["en"] = _compose_english(f, content, context_en)
        for sig, p in zip(draft["signatures"], f["parties"], strict=True):
            sig["label"] = f"{p['label']} / {p['label_en']},"
            title_en = english_title(p["signatory_title"]).upper()
            if p["signatory_title"] and title_en != p["signatory_title"].upper():
                sig["lines"].append(f"{title_en},")
    return draft


def _recitals(text, context):
    return [p["text"] + (" " + " ".join(p["items"]) if p["items"] else "") for p in paragraphs(render_text(text, context))]


def _compose_english(f, content, context_en):
    parties = context_en["para_pihak"]
    labels = [p["sebutan"] for p in parties]
    recitals = _recitals(content.get("recitals_en") or "", context_en)
    komparisi = []
    for index, (p, c) in enumerate(zip(f["parties"], parties, strict=True), start=1):
        acting = f"acting for and on behalf of {c['nama']}"
        if p["kuasa"]:
            acting = f"acting under Power of Attorney Number {p['kuasa']}, for and on behalf of {c['nama']}"
        komparisi.append(
            {
                "roman": f"{words.roman(index)}.",
                "name": (p["signatory_name"] or BLANK).strip(),
                "text": f"{c['jabatan']}, {acting}, hereinafter referred to as the {c['sebutan']}.",
            }
        )
    return {
        "title_lines": _title_lines_en(f, content, context_en),
        "opening": words.english_opening_sentence(f.get("signing_date"), f.get("signing_place")) + " the undersigned:",
        "komparisi": komparisi,
        "para_pihak": f"The {words.english_join(labels)} hereinafter jointly referred to as THE PARTIES and "
        "individually as a PARTY.",
        "recitals_intro": "THE PARTIES first state the following:" if recitals else "",
        "recitals": recitals,
        "formula": " ".join(render_text(content.get("formula_en") or "", context_en).split()),
    }


def _title_lines_en(f, content, context_en):
    names = [p["nama_kapital"] for p in context_en["para_pihak"]]
    title = content["title_en"].strip().upper()
    subject = context_en["judul"].upper()
    lines = []
    if f["flow"] == "adendum" and f.get("parent"):
        lines += [f"{words.english_ordinal(f.get('addendum_index') or 1).upper()} {title}", f"TO THE {context_en['induk']['jenis'].upper()}"]
        subject = context_en["induk"]["judul"].upper()
    else:
        lines.append(title)
    lines.append("BETWEEN")
    if len(names) <= 2:
        lines.append(names[0])
        for name in names[1:]:
            lines += ["AND", name]
    else:
        lines += [f"{name}," for name in names[:-1]] + ["AND", names[-1]]
        lines[-3] = lines[-3].rstrip(",")
    lines += ["ON", subject]
    return lines


# --- English -------------------------------------------------------------------------------------

REGION_GOVERNMENT = re.compile(r"^Pemerintah (Kabupaten|Kota|Provinsi) (.+)$", re.IGNORECASE)
HEAD_TITLES = {"bupati": "Regent of", "wali kota": "Mayor of", "walikota": "Mayor of", "gubernur": "Governor of"}
DOC_TYPES_EN = {
    "Kesepakatan Bersama": "Joint Agreement",
    "Perjanjian Kerja Sama": "Cooperation Agreement",
    "Nota Kesepakatan": "Memorandum of Agreement",
    "Naskah Kerja Sama (MoU)": "Memorandum of Understanding",
    "Nota Kesepahaman": "Memorandum of Understanding",
    "Pernyataan Kehendak Kerja Sama (LoI)": "Letter of Intent",
    "Adendum": "Addendum",
}
FUNDING_EN = {
    "apbd": "the Regional Budget (APBD)",
    "apbn": "the State Budget (APBN)",
    "mitra": "the partner's funds",
    "bersama": "each PARTY's own budget in accordance with its authority",
    "hibah": "grants in accordance with the laws and regulations",
}


def english_name(name):
    """ "Pemerintah Kabupaten Klaten" → "Government of Klaten Regency"; other names stay."""
    match = REGION_GOVERNMENT.match((name or "").strip())
    if not match:
        return name
    level = {"kabupaten": "Regency", "kota": "City", "provinsi": "Province"}[match.group(1).lower()]
    return f"Government of {match.group(2)} {level}"


def english_title(title):
    """ "Bupati Klaten" → "Regent of Klaten"; other titles stay as written."""
    text = (title or "").strip()
    for word, english in HEAD_TITLES.items():
        if text.lower().startswith(word + " "):
            return f"{english} {text[len(word) + 1:]}"
    return text


def _describe_en(p):
    if p["is_pemda"]:
        return (
            "an autonomous region authorised to regulate and manage government affairs and the interests of "
            "the local community in accordance with the laws and regulations of the Republic of Indonesia"
        )
    if p["partner_type"] == PartnerType.PEMDA_LUAR_NEGERI:
        return f"a local government in {p['country_en'] or 'a foreign country'} authorised to cooperate with other local governments"
    if p["partner_type"] == PartnerType.LEMBAGA_LUAR_NEGERI:
        return f"an institution domiciled in {p['country_en'] or 'a foreign country'}"
    return "a party authorised in accordance with the applicable laws and regulations"


def _english_count_unit(n, unit):
    return f"{words.english_count(n)} {unit}{'' if n == 1 else 's'}"


def english_context(f):
    """The same placeholders as :func:`clause_context`, worded in English, for the English texts of a
    bilingual template (dates and numbers in English words)."""
    context = clause_context(f)
    english = f.get("english") or {}
    parties = []
    for p, base in zip(f["parties"], context["para_pihak"], strict=True):
        name = english_name(p["name"])
        parties.append(
            dict(
                base,
                nama=name,
                nama_kapital=name.upper(),
                sebutan=p["label_en"],
                jabatan=english_title(p["signatory_title"]) or BLANK,
                keterangan=_describe_en(p),
            )
        )
    months = _term_months(f)
    if months:
        term = _english_count_unit(months // 12, "year") if months % 12 == 0 else _english_count_unit(months, "month")
    else:
        term = f"{BLANK} ({BLANK}) years"
    value = f.get("value")
    parent = f.get("parent")
    home = next((c for c, p in zip(parties, f["parties"], strict=True) if p["is_home"]), parties[0] if parties else {})
    context.update(
        {
            "judul": english.get("title") or f["title"],
            "jenis_dokumen": DOC_TYPES_EN.get(f["doc_type"], f["doc_type"]),
            "pemda": home,
            "para_pihak": parties,
            "mitra": [c for c, p in zip(parties, f["parties"], strict=True) if not p["is_home"]],
            "sebutan_para_pihak": words.english_join([p["sebutan"] for p in parties]),
            "maksud": as_list_text(english.get("purpose") or f.get("purpose")),
            "ruang_lingkup": as_list_text(english.get("scope") or f.get("scope")),
            "manfaat": as_list_text(english.get("benefits") or f.get("benefits")),
            "lokasi": english.get("location") or f.get("location") or "",
            "jangka_waktu": term,
            "tanggal_mulai": words.english_long_date(f.get("start_date")) if f.get("is_signed") else BLANK,
            "tanggal_berakhir": words.english_long_date(f.get("end_date")) if f.get("is_signed") else BLANK,
            "nilai": (
                f"{words.format_rupiah(value)} ({words.english_number(int(Decimal(value)))} rupiah)"
                if value not in (None, "") and Decimal(value) > 0
                else ""
            ),
            "sumber_dana": FUNDING_EN.get(f.get("funding_source") or "", ""),
            "rangkap": words.english_count(max(len(parties), 2)),
            "kepala_daerah": english_title(settings.PEMDA.get("head_title", "")),
            "induk": dict(
                context["induk"],
                jenis=DOC_TYPES_EN.get(parent["doc_type"], parent["doc_type"]) if parent else "",
                tanggal=words.english_long_date(parent["signing_date"]) if parent and parent["signing_date"] else BLANK,
            ),
            "adendum_ke": words.english_ordinal(f["addendum_index"]).upper() if f.get("addendum_index") else "",
        }
    )
    for key, party in zip(PARTY_KEYS, parties, strict=False):
        context[key] = party
    return context


def demo_facts(flow="ksb", kind=Kind.KSDD_SUKARELA, parties=2):
    """Sample facts for the clause template preview (no database); ``parties`` > 2 adds partner
    pemda (validation renders templates with the most parties a document may have)."""
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
        "country_en": "",
        "label_en": "FIRST PARTY",
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
        country_en="Japan" if partner["type"] in PartnerType.foreign() else "",
        label_en="SECOND PARTY",
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
        "parties": [home, other]
        + [
            dict(other, name=f"Pemerintah Kabupaten Contoh {n}", label=words.party_label(n), label_en=words.english_party_label(n))
            for n in range(3, parties + 1)
        ],
        "parent": parent,
        "addendum_index": 1 if flow == "adendum" else None,
        "english": {"title": "Integrated Regional Waste Management"},
        "subkind": "",
        "regime": "",
    }


def bilingual_blocks(draft):
    """The body of a bilingual draft as pairs (Indonesian, English), in reading order, for the
    layouts side by side (one row per pair) and one after the other (PDF and DOCX alike)."""
    from itertools import zip_longest

    en = draft["en"]
    blocks = [{"kind": "title", "id": draft["title_lines"], "en": en["title_lines"]}]
    blocks.append({"kind": "p", "id": draft["opening"], "en": en["opening"]})
    blocks += [{"kind": "komparisi", "id": k, "en": e} for k, e in zip(draft["komparisi"], en["komparisi"], strict=True)]
    blocks.append({"kind": "p", "id": draft["para_pihak"], "en": en["para_pihak"]})
    if draft["recitals"] or en["recitals"]:
        blocks.append({"kind": "p", "id": draft["recitals_intro"], "en": en["recitals_intro"]})
        for number, (text, text_en) in enumerate(zip_longest(draft["recitals"], en["recitals"], fillvalue=""), start=1):
            blocks.append({"kind": "recital", "n": number, "id": text, "en": text_en})
    blocks.append({"kind": "p", "id": draft["formula"], "en": en["formula"]})
    for pasal in draft["pasal"]:
        english = pasal.get("en") or {"heading": "", "ayat": []}
        blocks.append(
            {"kind": "heading", "id": [f"Pasal {pasal['number']}", pasal["heading"]], "en": [f"Article {pasal['number']}", english["heading"]]}
        )
        for ayat, ayat_en in zip_longest(pasal["ayat"], english["ayat"], fillvalue=None):
            blocks.append({"kind": "ayat", "id": ayat, "en": ayat_en})
    return blocks
