"""Clause templates: validation with the line shown, the sandbox, versions, the admin editor."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents import clauses, context
from documents.models import Clause, ClauseTemplate

pytestmark = pytest.mark.django_db


def messages_of(text):
    with pytest.raises(ValidationError) as exc:
        clauses.validate_text(text)
    return exc.value.messages


def test_unknown_placeholder_is_refused_with_its_line():
    (message,) = messages_of("Pasal ini berlaku.\n\nDibayar oleh {{ pihak_kesatu.gaji }}.")
    assert "3" in message and "pihak_kesatu.gaji" in message


def test_broken_syntax_is_refused_with_its_line():
    (message,) = messages_of("baris satu\n{% if nilai %}tanpa penutup")
    assert "2" in message


@pytest.mark.parametrize(
    "text",
    [
        "{{ agreement.__class__ }}",
        "{{ pihak_kesatu.__class__.__mro__ }}",
        "{{ settings.SECRET_KEY }}",
        "{{ pihak_kesatu.items }}",
        "{% debug %}",
        "{% load static %}",
        '{% include "base.html" %}',
        "{% url 'admin:index' %}",
        "{{ judul|safe }}",
        "{% for x in judul %}{% endfor %}",
        "{% if agreement.parties.all %}x{% endif %}",
    ],
)
def test_template_cannot_reach_objects_settings_or_tags_outside_the_whitelist(text):
    assert messages_of(text)


def test_allowed_constructs_pass():
    clauses.validate_text(
        "{% for pihak in para_pihak %}{{ forloop.counter }}. {{ pihak.nama|upper }}{% endfor %}"
        '{% if pihak_ketiga %}{{ pihak_ketiga.nama }}{% endif %}{% if kode_jenis == "ksdpk" %}sanksi{% endif %}'
        "{{ jumlah_pihak|terbilang }} {{ ruang_lingkup|default:judul }}"
    )


def test_clause_context_holds_only_plain_data(proposal):
    """Wall 3: even a placeholder that slipped through could not reach a model or the database."""

    def plain(value):
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return isinstance(value, (str, int, bool)) or value is None

    assert plain(context.clause_context(context.facts(proposal)))


def test_rendering_does_not_touch_the_database(proposal, django_assert_num_queries):
    facts = context.facts(proposal)
    template = ClauseTemplate.objects.get(document_flow="ksb", kind="")
    content = template.current_version().content
    with django_assert_num_queries(0):
        draft = context.compose(facts, content)
    assert draft["pasal"]


def test_default_templates_are_loaded_and_valid():
    assert set(ClauseTemplate.objects.values_list("document_flow", flat=True)) >= {"ksb", "pks", "nota", "adendum", "naskah"}
    for template in ClauseTemplate.objects.all():
        template.full_clean()
        for clause in template.clauses.all():
            clause.full_clean()
        assert template.versions.filter(number=1).exists()


def test_saving_a_changed_template_makes_a_new_version():
    template = ClauseTemplate.objects.get(document_flow="ksb", kind="")
    first = template.current_version()
    assert template.record_version() == first  # nothing changed
    Clause.objects.create(template=template, order=999, heading="KERAHASIAAN", body="Data dijaga kerahasiaannya.")
    second = template.record_version()
    assert second.number == first.number + 1
    assert second.content["clauses"][-1]["heading"] == "KERAHASIAAN"
    template.refresh_from_db()
    assert template.version == second.number


def _admin_post_data(template, **overrides):
    data = {
        "name": template.name,
        "document_flow": template.document_flow,
        "kind": template.kind,
        "title": template.title,
        "connector": template.connector,
        "recitals": template.recitals,
        "formula": template.formula,
        "is_active": "on",
        "clauses-TOTAL_FORMS": "1",
        "clauses-INITIAL_FORMS": "0",
        "clauses-MIN_NUM_FORMS": "0",
        "clauses-MAX_NUM_FORMS": "1000",
        "clauses-0-order": "1",
        "clauses-0-heading": "KERAHASIAAN",
        "clauses-0-body": "PARA PIHAK menjaga kerahasiaan data.",
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("admin_dok", "admin@example.go.id", "rahasia-uji-123")


def test_admin_refuses_a_clause_with_an_unknown_placeholder_and_shows_the_line(client, admin_user):
    client.force_login(admin_user)
    template = ClauseTemplate.objects.get(document_flow="ksb", kind="")
    before = template.versions.count()
    url = reverse("admin:documents_clausetemplate_change", args=[template.pk])
    data = _admin_post_data(template, **{"clauses-0-body": "Baris satu.\nDibayar {{ pihak_kesatu.gaji }}."})
    response = client.post(url, data)
    assert response.status_code == 200  # form shown again with the error
    assert "pihak_kesatu.gaji" in response.content.decode()
    assert "Baris 2" in response.content.decode()
    assert template.versions.count() == before
    assert not template.clauses.filter(heading="KERAHASIAAN").exists()


def test_admin_save_records_a_version(client, admin_user):
    client.force_login(admin_user)
    template = ClauseTemplate.objects.get(document_flow="nota", kind="")
    before = template.current_version().number
    url = reverse("admin:documents_clausetemplate_change", args=[template.pk])
    response = client.post(url, _admin_post_data(template))
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.version == before + 1


def test_admin_preview_renders_unsaved_text_with_demo_data(client, admin_user):
    client.force_login(admin_user)
    template = ClauseTemplate.objects.get(document_flow="ksb", kind="")
    data = _admin_post_data(template, **{"clauses-0-body": "Nilai kerja sama {{ nilai }}."})
    response = client.post(reverse("admin:documents_clausetemplate_preview"), data)
    html = response.content.decode()
    assert "KERAHASIAAN" in html and "Rp1.250.000.000,00 (satu miliar dua ratus lima puluh juta rupiah)" in html
    bad = client.post(reverse("admin:documents_clausetemplate_preview"), _admin_post_data(template, **{"clauses-0-body": "{% debug %}"}))
    assert "debug" in bad.content.decode()


def test_admin_preview_pdf_of_saved_version(client, admin_user):
    client.force_login(admin_user)
    template = ClauseTemplate.objects.get(document_flow="pks", kind="")
    response = client.get(reverse("admin:documents_clausetemplate_preview_pdf", args=[template.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_change_form_shows_the_preview_panel(client, admin_user):
    client.force_login(admin_user)
    template = ClauseTemplate.objects.get(document_flow="ksb", kind="")
    response = client.get(reverse("admin:documents_clausetemplate_change", args=[template.pk]))
    html = response.content.decode()
    assert 'name="clause-preview"' in html and "pihak_kesatu.nama" in html


def test_opd_staff_cannot_use_the_preview(client, opd_a_staff):
    client.force_login(opd_a_staff)
    response = client.post(reverse("admin:documents_clausetemplate_preview"), {})
    assert response.status_code == 302  # to the admin login
