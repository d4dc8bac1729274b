"""Helpers for the Bagian Kerja Sama admin tests."""

import pytest
from django.contrib.messages import constants as message_levels
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from agreements.demo_files import minimal_pdf


@pytest.fixture
def client_for(db):
    """client_for(user): a test client logged in as ``user``."""

    def _client(user):
        client = Client()
        client.force_login(user)
        return client

    return _client


def pdf(name="berkas.pdf", text="Dokumen uji"):
    return SimpleUploadedFile(name, minimal_pdf(text), content_type="application/pdf")


def step_url(agreement, action):
    return reverse("admin:agreements_agreement_workflow", args=[agreement.pk, action])


def tool_url(agreement, tool):
    return reverse("admin:agreements_agreement_tool", args=[agreement.pk, tool])


def change_url(agreement):
    return reverse("admin:agreements_agreement_change", args=[agreement.pk])


def errors(response):
    return [str(m) for m in response.context["messages"] if m.level == message_levels.ERROR] if response.context else []
