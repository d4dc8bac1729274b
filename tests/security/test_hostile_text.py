"""The hostile-input corpus: XSS payloads in every free-text field of an agreement, its parties,
partners, contacts, OPD, history and notifications, rendered on every page that shows them and in
its documents.  No payload may come out as markup: each page shows it as text (escaped)."""

import io
import re
import shutil
import subprocess
import zipfile

import pytest
from django.db import models
from django.urls import reverse

from agreements import services
from agreements.choices import Stage
from agreements.models import Agreement, AgreementParty, ContactPerson
from notifications.models import Notification
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '<script>alert("ksx1")</script>',
    '"><img src=x onerror=alert("ksx2")>',
    "'><svg onload=alert('ksx3')>",
    '</textarea></title><script>alert("ksx4")</script>',
    '<a href="javascript:alert(\'ksx5\')">klik</a>',
]
# what would be markup if a payload escaped its escaping
LIVE = re.compile(r'<script>alert\("ksx|<img src=x onerror|<svg onload|href="javascript:alert|</textarea></title><script>')


def text_fields(instance, skip=()):
    for field in instance._meta.concrete_fields:
        if (
            isinstance(field, (models.CharField, models.TextField))
            and not isinstance(field, (models.EmailField, models.URLField, models.SlugField))
            and not field.choices
            and not field.unique
            and field.name not in skip
        ):
            yield field


def poison(instance, payload, skip=()):
    """Fill every free-text field of ``instance`` with ``payload`` (cut to the field's length)."""
    for field in text_fields(instance, skip):
        limit = field.max_length or 10_000
        setattr(instance, field.attname, payload[:limit])
    instance.save()


def hostile_world(payload, opd_a, opd_a_staff, reviewer, drive):
    agreement = AgreementFactory(opd_initiator=opd_a, created_by=opd_a_staff)
    drive(agreement, Stage.DIAJUKAN)
    agreement = Agreement.objects.get(pk=agreement.pk)
    poison(agreement, payload, skip=("resume_stage", "termination_cause", "tracking_token"))
    for party in AgreementParty.objects.filter(agreement=agreement).select_related("partner"):
        poison(party, payload, skip=("document_number",))
        if not party.partner.is_home:
            poison(party.partner, payload, skip=("code", "nib", "npwp"))
    for contact in ContactPerson.objects.filter(agreement=agreement):
        poison(contact, payload)
    opd_a.name, opd_a.short_name = f"Dinas {payload}"[:200], payload[:60]
    opd_a.save()
    services.return_for_revision(agreement, reviewer, f"Revisi {payload}")
    Notification.objects.create(user=opd_a_staff, agreement=agreement, message=f"Pesan {payload}")
    return Agreement.objects.get(pk=agreement.pk)


def pages(agreement):
    pk = agreement.pk
    return {
        "staf_opd": [
            reverse("home"), reverse("proposal_detail", args=[pk]), reverse("proposal_edit", args=[pk]),
            reverse("notification_list"), reverse("registry_list"), reverse("registry_detail", args=[pk]),
        ],
        "staf_ks": [
            reverse("registry_list") + "?q=ksx", reverse("dashboard"), reverse("proposal_detail", args=[pk]),
            reverse("admin:agreements_agreement_changelist"), reverse("admin:agreements_agreement_change", args=[pk]),
            reverse("admin:agreements_agreement_history", args=[pk]),
            reverse("admin:agreements_agreement_workflow", args=[pk, "withdraw"]),
            reverse("admin:agreements_agreement_tool", args=[pk, "nomor"]),
            reverse("admin:partners_partner_changelist"), reverse("admin:accounts_opd_changelist"),
            reverse("tracking", args=[agreement.tracking_token]),
        ],
    }


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"payload{i + 1}" for i in range(len(PAYLOADS))])
def test_payload_is_text_on_every_page_and_document(payload, opd_a, opd_a_staff, reviewer, drive, client_for):
    agreement = hostile_world(payload, opd_a, opd_a_staff, reviewer, drive)
    clients = {"staf_opd": client_for(opd_a_staff), "staf_ks": client_for(reviewer)}
    checked = 0
    for persona, urls in pages(agreement).items():
        for url in urls:
            response = clients[persona].get(url)
            assert response.status_code == 200, (url, response.status_code)
            body = response.content.decode()
            assert not LIVE.search(body), f"{url} as {persona} renders the payload as markup"
            assert "ksx" in body, f"{url} as {persona} does not show the hostile text at all"
            checked += 1
    # the documents: the DOCX holds it as escaped text, the PDF prints it as text
    docx = clients["staf_opd"].get(reverse("documents:draft", args=[agreement.pk, "docx"]))
    assert docx.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert not re.search(r"<(script|img|svg|a)[\s>]", xml) and "ksx" in xml  # text nodes, no injected elements
    pdf = clients["staf_opd"].get(reverse("documents:draft", args=[agreement.pk, "pdf"]))
    assert pdf.status_code == 200
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()
        assert "ksx" in text  # printed as text: an HTML payload in WeasyPrint's page would have vanished
    assert checked + 2 == 19
