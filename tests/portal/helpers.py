"""Building the POST data of the proposal form, as a browser would send it."""

from agreements.models import DocumentType, Urusan

FORMSET_PREFIXES = ("party", "contact", "file")


def management(prefix, total, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "10"}


def proposal_data(kind="ksdd_sukarela", doc="KSB", parties=None, contacts=None, action="save", **fields):
    """A complete KSDD proposal with one partner region and two contacts unless told otherwise."""
    data = {
        "kind": kind,
        "subkind": "",
        "document_type": str(DocumentType.objects.get(code=doc).pk),
        "title": "Pengelolaan Sampah Regional Terpadu",
        "background": "Volume sampah meningkat.",
        "purpose": "Meningkatkan kualitas pengelolaan sampah.",
        "scope": "Pengangkutan dan pengolahan sampah.",
        "location": "TPA Troketon",
        "benefits": "Efisiensi biaya.",
        "urusan": [str(Urusan.objects.get(code="2.11").pk)],
        "planning_basis": "rencana",
        "planning_reference": "RPJMD 2021-2026",
        "initiative": "daerah",
        "start_date": "2026-01-01",
        "end_date": "2030-12-31",
        "duration_text": "5 (lima) tahun",
        "duration_months": "60",
        "funding_source": "apbd",
        "value": "1.250.000.000",
        "action": action,
    }
    parties = [{"region": "Boyolali"}] if parties is None else parties
    data.update(management("party", len(parties)))
    for index, row in enumerate(parties):
        data.update({f"party-{index}-{key}": value for key, value in row.items()})
    contacts = (
        [
            {"name": "Rina Kurniasih", "position": "Kasubbag", "phone": "0812-2700-1111", "email": "rina@example.go.id"},
            {"name": "Dwi Prasetyo", "position": "Analis", "phone": "0813-2900-2222", "email": "dwi@example.go.id"},
        ]
        if contacts is None
        else contacts
    )
    data.update(management("contact", len(contacts)))
    for index, row in enumerate(contacts):
        data.update({f"contact-{index}-{key}": value for key, value in row.items()})
    data.update(management("file", 0))
    data.update(fields)
    return data


def with_files(data, files):
    """Add (attachment type pk, file) rows to the form data."""
    data = dict(data)
    data.update(management("file", len(files)))
    for index, (type_pk, upload) in enumerate(files):
        data[f"file-{index}-attachment_type"] = str(type_pk)
        data[f"file-{index}-file"] = upload
    return data
