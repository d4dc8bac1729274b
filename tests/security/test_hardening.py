"""Defects 9 and 10: login throttling per user and per address, the trusted proxy, sessions, the
Content-Security-Policy, the production headers, ``check --deploy`` and the Indonesian error pages."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory
from django.urls import reverse

from accounts import roles
from kerjasama.settings import client_ip
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
LOCKED = 429


def login(client, username, password="salah", ip="10.0.0.9", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def test_one_address_trying_many_users_is_locked(client, settings):
    users = [UserFactory(username=f"pengguna_{i}", role=roles.OPD_STAFF) for i in range(9)]
    statuses = [login(client, users[i % 9].username).status_code for i in range(settings.AXES_FAILURE_LIMIT)]
    assert LOCKED not in statuses[:-1] and statuses[-1] == LOCKED  # 5 users, one wrong password each
    # the address is now locked, for every user, even with the right password
    assert login(client, users[8].username, PASSWORD).status_code == LOCKED
    # another address is not
    assert login(client, users[8].username, PASSWORD, ip="10.0.0.77").status_code == 302


def test_one_user_attacked_from_many_addresses_is_locked(client, settings, opd_a_staff):
    for i in range(settings.AXES_FAILURE_LIMIT):
        login(client, opd_a_staff.username, ip=f"10.1.0.{i + 1}")
    assert login(client, opd_a_staff.username, PASSWORD, ip="10.1.0.200").status_code == LOCKED


def test_the_forwarded_address_counts_only_behind_a_trusted_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    settings.TRUSTED_PROXY_IPS = []
    import kerjasama.settings as project_settings

    project_settings.TRUSTED_PROXY_IPS = []
    assert client_ip(request) == "10.9.9.9"  # not trusted: the header is ignored (anyone can send it)
    project_settings.TRUSTED_PROXY_IPS = ["10.9.9.9"]
    try:
        assert client_ip(request) == "203.0.113.7"  # the hop the proxy saw; "1.2.3.4" was client-supplied
    finally:
        project_settings.TRUSTED_PROXY_IPS = []


def test_behind_the_trusted_proxy_users_do_not_share_one_lock(client, settings, opd_a_staff):
    import kerjasama.settings as project_settings

    project_settings.TRUSTED_PROXY_IPS = ["10.9.9.9"]
    try:
        others = [UserFactory(username=f"lain_{i}", role=roles.OPD_STAFF) for i in range(settings.AXES_FAILURE_LIMIT)]
        for user in others:
            login(client, user.username, ip="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.1")
        # the attacker's address is locked; a colleague behind the same proxy is not
        assert login(client, others[0].username, PASSWORD, ip="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == LOCKED
        assert login(client, opd_a_staff.username, PASSWORD, ip="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302
    finally:
        project_settings.TRUSTED_PROXY_IPS = []


def test_sessions_last_eight_idle_hours_and_end_with_the_browser(client, opd_a_staff, monkeypatch):
    from django.contrib.sessions.models import Session

    from kerjasama import sessions

    assert django_settings.SESSION_COOKIE_AGE == 8 * 3600 and django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    clock = [1_000_000.0]
    monkeypatch.setattr(sessions, "time", type("Clock", (), {"time": staticmethod(lambda: clock[0])}))
    response = client.post(reverse("login"), {"username": opd_a_staff.username, "password": PASSWORD})
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    key = cookie.value
    client.get(reverse("home"))
    first = Session.objects.get(session_key=key).expire_date
    clock[0] += 60  # a minute later: no write
    client.get(reverse("home"))
    assert Session.objects.get(session_key=key).expire_date == first
    clock[0] += django_settings.SESSION_REFRESH_SECONDS  # later: the idle expiry moves on
    client.get(reverse("home"))
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > first
    from django.utils import timezone

    assert (renewed - timezone.now()).total_seconds() == pytest.approx(8 * 3600, abs=120)


def test_pages_carry_a_csp_and_inline_scripts_carry_its_nonce(client_for, reviewer):
    client = client_for(reviewer)
    response = client.get(reverse("dashboard"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    page = response.content.decode()
    import re

    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    executable = [attrs for attrs in inline if "application/json" not in attrs]  # json_script holds data only
    assert executable and all(f'nonce="{nonce}"' in attrs for attrs in executable)


def test_no_template_has_an_inline_script_without_nonce_or_an_inline_handler():
    import re

    offenders = []
    for folder in ("templates", "desk/templates", "portal/templates", "registry/templates", "documents/templates",
                   "reporting/templates", "notifications/templates", "accounts/templates", "transfer/templates"):
        for path in (ROOT / folder).rglob("*.html"):
            text = path.read_text()
            for attrs in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", text):
                if "nonce=" not in attrs and "application/json" not in attrs:
                    offenders.append(f"{path.relative_to(ROOT)}: inline <script>")
            if re.search(r"<[a-z][^>]*\son(click|change|submit|load|input)=", text):
                offenders.append(f"{path.relative_to(ROOT)}: inline event handler")
    assert offenders == []


def test_error_pages_are_indonesian_in_the_sites_style(client_for, opd_b_staff, proposal):
    client = client_for(opd_b_staff)
    missing = client.get(reverse("proposal_detail", args=[proposal.pk]))  # another OPD's proposal
    assert missing.status_code == 404
    page = missing.content.decode()
    assert "Halaman tidak ditemukan" in page and "navbar" in page and "Not Found" not in page
    denied = client.get(reverse("admin:agreements_numbersequence_changelist"))
    assert denied.status_code in (302, 403)
    from django.template.loader import render_to_string

    forbidden = render_to_string("403.html", {})
    assert "Akses ditolak" in forbidden
    broken = render_to_string("500.html")  # Django renders it without a request or context
    assert "Terjadi kesalahan" in broken and "bootstrap.min.css" in broken


PRODUCTION_ENV = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "DJANGO_PRODUCTION": "1",
    "SECRET_KEY": "k8#z!q2v7@w3x9$y4u1t6s5r0p-production-like-secret-for-the-test-0123456789",
    "ALLOWED_HOSTS": "kerjasama.klatenkab.go.id",
    "CSRF_TRUSTED_ORIGINS": "https://kerjasama.klatenkab.go.id",
    "BEHIND_TLS_PROXY": "1",
    # a real pemda confirms its own archive classification code (the default is warned about)
    "NUMBER_CLASSIFICATION_CODE": "100.3.3",
}


def _run(args, tmp_path, code=None):
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path}/prod.db", "STATIC_ROOT": str(tmp_path / "static")}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=180)


def test_check_deploy_is_clean(tmp_path):
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings
# the manifest without whitenoise's compression (30 s of brotli over every admin file): headers are the point
manifest = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
with override_settings(STORAGES=manifest):
    call_command("collectstatic", interactive=False, verbosity=0)
    response = Client().get("/akun/masuk/", secure=True, HTTP_HOST="kerjasama.klatenkab.go.id")
print(json.dumps({"status": response.status_code, **{k: v for k, v in response.headers.items()}}))
"""


def test_production_sends_csp_hsts_frame_and_referrer_headers(tmp_path):
    env_probe = PROBE.replace("/akun/masuk/", reverse("login"))
    result = _run(["-c", "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kerjasama.settings')\n" + env_probe], tmp_path)
    assert result.returncode == 0, result.stderr
    headers = json.loads(result.stdout.strip().splitlines()[-1])
    assert headers["status"] == 200
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
