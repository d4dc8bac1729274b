"""Signing in and out, password reset by e-mail, and the failed-login lockout (django-axes)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_indonesian(client):
    page = client.get(reverse("login")).content.decode()
    assert "Nama pengguna" in page and "Kata sandi" in page and "Lupa kata sandi?" in page


def test_opd_staff_lands_on_usulan_saya(client, opd_a_staff):
    response = client.post(reverse("login"), {"username": opd_a_staff.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Usulan Saya" in response.content.decode()


def test_wrong_password_message(client, opd_a_staff):
    response = client.post(reverse("login"), {"username": opd_a_staff.username, "password": "salah"})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()


def test_logout_by_post(client, opd_a_staff):
    client.force_login(opd_a_staff)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_lockout_after_repeated_failures_in_indonesian(client, opd_a_staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": opd_a_staff.username, "password": "salah"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(reverse("login"), {"username": opd_a_staff.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Terlalu banyak percobaan masuk yang gagal" in page and "Bagian Kerja Sama" in page
    # Even the right password does not get in while locked.
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_sends_an_indonesian_mail_with_a_working_link(client, opd_a_staff):
    response = client.post(reverse("password_reset"), {"email": opd_a_staff.email}, follow=True)
    assert "Bila ada akun dengan alamat surel tersebut" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [opd_a_staff.email] and "Atur ulang kata sandi" in message.subject
    assert "Buka tautan berikut" in message.body
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    response = client.get(link, follow=True)
    assert "Buat kata sandi baru" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "Kerjasama-Baru-2026", "new_password2": "Kerjasama-Baru-2026"}, follow=True)
    assert "Silakan masuk" in response.content.decode()
    opd_a_staff.refresh_from_db()
    assert opd_a_staff.check_password("Kerjasama-Baru-2026")


def test_password_reset_does_not_reveal_unknown_addresses(client):
    response = client.post(reverse("password_reset"), {"email": "tidak-ada@example.go.id"}, follow=True)
    assert response.status_code == 200 and len(mail.outbox) == 0
