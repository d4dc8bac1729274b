"""The attack suite's matrix: every URL pattern of the site (admin included), its ids filled with
objects of OPD B, requested by GET and POST as each of eight personas.  Each cell must answer as
EXPECTED says, never 500, and nothing of OPD B (its marker text) may reach OPD A's staff or an
anonymous visitor.  A URL pattern without an expectation fails the test: a new view must be placed.

One world per module: the objects are built once; every request runs in a savepoint that is rolled
back, so a POST that succeeds (a reviewer verifying the proposal) does not change the next cell.
"""

import os
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from accounts import roles
from accounts.models import Opd
from agreements import pathing
from agreements.choices import Stage
from agreements.models import Agreement
from notifications.models import Notification
from tests.factories import AgreementFactory, OpdFactory, UserFactory

MARKER = "RAHASIA-OPD-B-Q7"
PERSONAS = ["anonim", "staf_a", "staf_b", "staf_ks", "kabag", "tkksd", "pimpinan", "superuser"]
OUTSIDERS = ("anonim", "staf_a")  # may never read OPD B's marker
# a URL whose secret token is the permission: the tracking link given to the partner shows the stage
CAPABILITY_URLS = {"tracking"}


def url_patterns(patterns=None, prefix="", namespace=""):
    """(route, name, converters) of every URL pattern, walked from the root resolver."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace + (pattern.name or ""), pattern


# --- expectations -------------------------------------------------------------------------------
# Outcomes: "ok" (2xx), "login" (redirect to sign in), "redirect" (another 3xx), "denied" (403),
# "missing" (404), "method" (405), "locked" (429), "bad" (400).  A cell lists what it may answer.

ANY_USER = {p: {"ok", "redirect"} for p in PERSONAS}
SIGNED_IN = {"anonim": {"login"}, **{p: {"ok", "redirect"} for p in PERSONAS[1:]}}
# B's object: B's staff and the registry's readers see it, A's staff gets 404
B_OBJECT = {"anonim": {"login"}, "staf_a": {"missing"}, **{p: {"ok", "redirect", "denied", "bad"} for p in PERSONAS[2:]}}
ADMIN_STAFF = {"staf_ks", "kabag", "superuser"}
EVERY_DESK = ADMIN_STAFF | {"tkksd", "pimpinan"}
HEAD = {"kabag", "superuser"}
ROOT = {"superuser"}


def admin_cell(allowed, absent=False, forwards=False):
    """An admin page: anonymous and non-staff are sent to the admin's sign-in; desk staff without the
    right get 403 (404 for an object they may not see).  ``absent``: the id filled in does not exist
    (the admin answers 404 or sends back to its index, to anyone); ``forwards``: an old-style object
    URL that only redirects to the change page, which then checks the right."""
    cell = {"anonim": {"login"}, "staf_a": {"login"}, "staf_b": {"login"}}
    for persona in PERSONAS[3:]:
        if forwards:
            cell[persona] = {"redirect", "missing"}
        elif persona in allowed:
            cell[persona] = {"missing", "redirect"} if absent else {"ok", "redirect", "bad"}
        else:
            cell[persona] = {"denied", "missing", "redirect"} if absent else {"denied", "missing"}
    return cell


PUBLIC = ANY_USER
EXPECTED = {
    "login": PUBLIC,
    "logout": {p: {"redirect", "login", "method", "ok"} for p in PERSONAS},
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    "documents:draft": B_OBJECT,
    "home": SIGNED_IN,
    "proposal_create": {**SIGNED_IN, **{p: {"ok", "redirect", "denied", "bad"} for p in PERSONAS[1:]}},
    "proposal_detail": B_OBJECT,
    "proposal_edit": B_OBJECT,
    "proposal_action": {**B_OBJECT, **{p: {"redirect", "denied", "method", "missing"} for p in PERSONAS[2:]}},
    "proposal_create_pks": {**B_OBJECT, **{p: {"redirect", "method", "denied"} for p in PERSONAS[2:]}},
    "attachment_upload": {**B_OBJECT, **{p: {"redirect", "method", "denied"} for p in PERSONAS[2:]}},
    "attachment_download": B_OBJECT,
    "region_search": SIGNED_IN,
    "notification_list": SIGNED_IN,
    "notification_open": {"anonim": {"login"}, **{p: {"missing", "redirect"} for p in PERSONAS[1:]}},
    "registry_list": SIGNED_IN,
    "registry_export": {**SIGNED_IN, **{p: {"ok", "denied", "missing"} for p in PERSONAS[1:]}},
    "registry_detail": B_OBJECT,
    "dashboard": SIGNED_IN,
    "public_list": PUBLIC,
    "public_download": PUBLIC,
    "tracking": PUBLIC,  # the link is a capability given to the partner; it shows the stage only
    # OPD B's agreement is not published: its public page is missing for everyone
    "public_detail": {p: {"missing"} for p in PERSONAS},
    "health": {p: {"ok", "503"} for p in PERSONAS},  # for the monitoring; says nothing of any agreement
    # letters around an agreement: the Bagian Kerja Sama's, a 404 to anyone else
    "documents:letter": {"anonim": {"login"}, **{p: {"missing"} for p in ("staf_a", "staf_b", "tkksd", "pimpinan")},
                         **{p: {"ok", "redirect", "bad"} for p in ADMIN_STAFF}},
    # a ZIP job belongs to the user who asked for it; the id filled in is nobody's job
    "documents:bundle": {"anonim": {"login"}, **{p: {"missing", "denied"} for p in PERSONAS[1:]}},
    "documents:bundle_download": {"anonim": {"login"}, **{p: {"missing", "denied"} for p in PERSONAS[1:]}},
}
# a large import's job belongs to its owner among those who may import; the id filled in is nobody's job
_IMPORT_JOB = admin_cell(set())
_IMPORT_JOB.update({p: {"missing"} for p in ADMIN_STAFF} | {p: {"denied"} for p in ("tkksd", "pimpinan")})
EXPECTED["admin:agreements_agreement_import_job"] = _IMPORT_JOB
for _name in ("confirm", "remap"):  # POST only
    EXPECTED[f"admin:agreements_agreement_import_job_{_name}"] = {
        p: allowed | ({"method"} if p in ADMIN_STAFF | {"tkksd", "pimpinan"} else set()) for p, allowed in _IMPORT_JOB.items()}
# Reports (reporting/): signed-in pages; each OPD sees and files only its own.
REPORT_PAGE = {"anonim": {"login"}, **{p: {"ok", "redirect", "denied", "bad"} for p in PERSONAS[1:]}}
REPORT_OF_B = {**B_OBJECT, "staf_a": {"missing"}}
for _name in ("index", "foreign_list", "mapping_list", "mapping_create", "recap", "register", "summary"):
    EXPECTED[f"reporting:{_name}"] = REPORT_PAGE
# an export button queues a report file (POST, then its job's page); a plain GET makes nothing
for _name in ("foreign_export", "mapping_export", "recap_export", "register_export", "summary_export"):
    EXPECTED[f"reporting:{_name}"] = {"get": {"anonim": {"login"}, **{p: {"method"} for p in PERSONAS[1:]}},
                                      "post": {"anonim": {"login"}, **{p: {"redirect"} for p in PERSONAS[1:]}}}
# a report file belongs to the user who asked for it; the id filled in is nobody's job
for _name in ("job", "job_download", "job_again"):
    EXPECTED[f"reporting:{_name}"] = {"anonim": {"login"}, **{p: {"missing", "method"} for p in PERSONAS[1:]}}
for _name in ("monev_file", "planning_link"):
    EXPECTED[f"reporting:{_name}"] = REPORT_OF_B
# OPD B's agreement is not foreign cooperation: it has no annual foreign report, for anyone
EXPECTED["reporting:foreign_edit"] = {"anonim": {"login"}, **{p: {"missing"} for p in PERSONAS[1:]}}
# the mapping entry id filled in is nobody's entry: missing, or refused
EXPECTED["reporting:mapping_edit"] = {"anonim": {"login"}, **{p: {"missing", "denied"} for p in PERSONAS[1:]}}
ADMIN_SITE = {
    "admin:index": admin_cell(ADMIN_STAFF | {"tkksd", "pimpinan"}),
    "admin:login": {p: {"ok", "redirect"} for p in PERSONAS},
    "admin:logout": {p: {"ok", "redirect", "login", "method"} for p in PERSONAS},
    "admin:password_change": {**admin_cell(ADMIN_STAFF | {"tkksd", "pimpinan"})},
    "admin:password_change_done": {**admin_cell(ADMIN_STAFF | {"tkksd", "pimpinan"})},
    "admin:jsi18n": {p: {"ok", "login"} for p in PERSONAS},
    "admin:autocomplete": {**admin_cell(EVERY_DESK), **{p: {"denied", "missing", "bad"} for p in EVERY_DESK}},
    "admin:view_on_site": admin_cell(EVERY_DESK, absent=True),  # content type 1 has no page of its own
    "admin:app_list": admin_cell(EVERY_DESK),
}


ADMIN_VIEWS = (
    "changelist", "add", "history", "delete", "change", "simple_history", "import", "process_import", "export",
    "import_template", "workflow", "tool", "attachment", "preview", "preview_pdf", "password_change",
)


def admin_model(route):
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    return f"{match.group(1)}.{match.group(2)}" if match else None


def expectation(name, route=""):
    if name in EXPECTED:
        return EXPECTED[name]
    if name in ADMIN_SITE:
        return ADMIN_SITE[name]
    if name == "admin:" and route == "admin/(?P<url>.*)$":
        return admin_cell(EVERY_DESK, absent=True)  # the admin's catch-all: 404 once signed in
    key = admin_model(route)
    if key not in ADMIN_MODELS:
        return None
    rights = ADMIN_MODELS[key]
    if name == "admin:":
        return admin_cell(rights["view"], forwards=True)
    match = re.match(r"admin:(\w+?)_(\w+?)_(" + "|".join(ADMIN_VIEWS) + ")$", name)
    if not match:
        return None
    view = match.group(3)
    needs = {"add": "add", "delete": "delete", "import": "change", "process_import": "change", "import_template": "change",
             "export": "view", "workflow": "change", "tool": "change", "preview": "change", "preview_pdf": "change",
             "password_change": "change"}.get(view, "view")
    absent = rights.get("absent", False) and view not in ("changelist", "add", "import", "process_import", "export",
                                                          "import_template", "preview")
    return {"get": admin_cell(rights[needs], absent), "post": admin_cell(rights["change" if needs == "view" and view ==
                                                                                 "change" else needs], absent)}


ADMIN_MODELS = {
    # model: who may view, add, change, delete (the superuser is everywhere)
    "agreements.agreement": {"view": EVERY_DESK, "add": ADMIN_STAFF, "change": ADMIN_STAFF, "delete": set()},
    "agreements.monitoringentry": {"view": EVERY_DESK, "add": ADMIN_STAFF, "change": ADMIN_STAFF, "delete": set(),
                                   "absent": True},
    "agreements.numbersequence": {"view": ADMIN_STAFF, "add": HEAD, "change": HEAD, "delete": set(), "absent": True},
    "agreements.urusan": {"view": EVERY_DESK, "add": ADMIN_STAFF, "change": ADMIN_STAFF, "delete": ROOT},
    "agreements.documenttype": {"view": EVERY_DESK, "add": ADMIN_STAFF, "change": ADMIN_STAFF, "delete": ROOT},
    "agreements.attachmenttype": {"view": EVERY_DESK, "add": ADMIN_STAFF, "change": ADMIN_STAFF, "delete": ROOT},
    "accounts.opd": {"view": EVERY_DESK, "add": HEAD, "change": HEAD, "delete": ROOT},
    "partners.partner": {"view": EVERY_DESK, "add": ADMIN_STAFF, "change": ADMIN_STAFF, "delete": ROOT},
    "partners.region": {"view": EVERY_DESK, "add": ROOT, "change": ROOT, "delete": ROOT},
    # clause and letter templates and English texts are the Bagian Kerja Sama's; the print log theirs to read
    "documents.clausetemplate": {"view": ADMIN_STAFF, "add": ADMIN_STAFF, "change": ADMIN_STAFF, "delete": ADMIN_STAFF},
    "documents.lettertemplate": {"view": ADMIN_STAFF, "add": ADMIN_STAFF, "change": ADMIN_STAFF, "delete": ADMIN_STAFF},
    "documents.englishtext": {"view": ADMIN_STAFF, "add": ADMIN_STAFF, "change": ADMIN_STAFF, "delete": ADMIN_STAFF,
                              "absent": True},
    "documents.draftrecord": {"view": ADMIN_STAFF, "add": set(), "change": set(), "delete": ROOT, "absent": True},
    # the legal calendar and the neighbours: the Bagian Kerja Sama keeps them, everyone at the desk reads
    "agreements.holiday": {"view": EVERY_DESK, "add": ADMIN_STAFF, "change": ADMIN_STAFF, "delete": ADMIN_STAFF,
                           "absent": True},
    "agreements.adjacentregion": {"view": EVERY_DESK, "add": ADMIN_STAFF, "change": ADMIN_STAFF,
                                  "delete": ADMIN_STAFF, "absent": True},
    # failed mail is read (and sent again) by the Bagian Kerja Sama; nobody edits a message
    "notifications.outboundmail": {"view": ADMIN_STAFF, "add": set(), "change": set(), "delete": ROOT, "absent": True},
    # the task queue's results: read-only, for the superuser
    "django_tasks_database.dbtaskresult": {"view": ROOT, "add": set(), "change": set(), "delete": set(), "absent": True},
    "auth.user": {"view": ROOT, "add": ROOT, "change": ROOT, "delete": ROOT},
    "auth.group": {"view": ROOT, "add": ROOT, "change": ROOT, "delete": ROOT},
    "axes.accessattempt": {"view": ROOT, "add": set(), "change": ROOT, "delete": ROOT, "absent": True},
    "axes.accessfailurelog": {"view": ROOT, "add": set(), "change": ROOT, "delete": ROOT, "absent": True},
    "axes.accesslog": {"view": ROOT, "add": set(), "change": ROOT, "delete": ROOT},
}
# reporting: the Bagian Kerja Sama validates and approves, the desk reads
for _model in ("potentialmapping", "foreignannualreport", "planningreference", "agreementplanning", "budgetline",
               "annualactivity", "partnerassessment"):
    ADMIN_MODELS[f"reporting.{_model}"] = {"view": EVERY_DESK, "add": ADMIN_STAFF, "change": ADMIN_STAFF,
                                           "delete": ROOT, "absent": True}


def outcome(response):
    code = response.status_code
    if 200 <= code < 300:
        return "ok"
    if code in (301, 302, 303):
        location = response.get("Location", "")
        return "login" if "login" in location or "masuk" in location else "redirect"
    return {400: "bad", 403: "denied", 404: "missing", 405: "method", 429: "locked"}.get(code, str(code))



# --- the world ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once per module inside one transaction that is rolled back at the end."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield {**build_world(), "media": media}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def build_world():
    opd_a = OpdFactory(code="DLH", name="Dinas Lingkungan Hidup")
    opd_b = OpdFactory(code="DINKES", name="Dinas Kesehatan")
    users = {
        "staf_a": UserFactory(username="staf_a", role=roles.OPD_STAFF, opd=opd_a),
        "staf_b": UserFactory(username="staf_b", role=roles.OPD_STAFF, opd=opd_b),
        "staf_ks": UserFactory(username="staf_ks", role=roles.KERJASAMA_STAFF),
        "kabag": UserFactory(username="kabag", role=roles.KERJASAMA_HEAD),
        "tkksd": UserFactory(username="tkksd", role=roles.TKKSD_MEMBER),
        "pimpinan": UserFactory(username="pimpinan", role=roles.PIMPINAN),
        "superuser": UserFactory(username="akar", is_superuser=True, is_staff=True),
    }
    agreement_a = AgreementFactory(opd_initiator=opd_a, created_by=users["staf_a"], title="Kerja sama milik OPD A")
    agreement_b = AgreementFactory(opd_initiator=opd_b, created_by=users["staf_b"], title=f"Kerja sama {MARKER}",
                                   purpose=f"Tujuan {MARKER}")
    pathing.drive_to(agreement_a, Stage.PENAWARAN, submitter=users["staf_a"], reviewer=users["staf_ks"], tkksd=users["tkksd"])
    pathing.drive_to(agreement_b, Stage.PENAWARAN, submitter=users["staf_b"], reviewer=users["staf_ks"], tkksd=users["tkksd"])
    attachment = agreement_b.attachments.first()
    notification = Notification.objects.create(user=users["staf_b"], agreement=agreement_b, message=f"Pesan {MARKER}")
    return {"users": users, "b": agreement_b, "a": agreement_a, "attachment": attachment, "notification": notification,
            "opd_b": opd_b}


def fill(route, name, world):
    """The route with its converters filled with OPD B's objects."""
    from django.apps import apps

    b = world["b"]
    key = admin_model(route)
    model_pk = model = None
    if key:
        try:
            model = apps.get_model(*key.split("."))
        except LookupError:
            model = None
        if model is Agreement:
            model_pk = b.pk
        elif model is Opd:
            model_pk = world["opd_b"].pk
        elif model is not None and model._meta.model_name == "user":
            model_pk = world["users"]["staf_b"].pk
        elif model is Group:
            model_pk = Group.objects.first().pk
        elif model is not None:
            first = model.objects.order_by("pk").first()
            model_pk = first.pk if first is not None else 999999
    history = b.history.first()
    if key and model is not None and hasattr(model, "history") and model_pk:
        history = model.history.filter(id=model_pk).first() or history
    values = {
        "pk": (model_pk or b.pk) if key else b.pk, "object_id": model_pk or b.pk, "attachment_pk": world["attachment"].pk,
        "attachment_id": world["attachment"].pk, "notification_pk": world["notification"].pk,
        "token": b.tracking_token if hasattr(b, "tracking_token") else "00000000-0000-0000-0000-000000000000",
        "fmt": "pdf" if "draft" in name or name.startswith("reporting:") else "csv", "year": 2026, "kind": "undangan", "action": "verify" if name == "proposal_action" else "advance",
        "tool": "nomor", "uidb64": "MQ", "token_reset": "set-password", "app_label": "agreements",
        "content_type_id": "1", "history_id": history.pk if history else 1, "url": "x", "id": model_pk or 1,
    }

    def converter(found):
        text = found.group(1)
        key = text.split(":")[-1]
        if name == "password_reset_confirm" and key == "token":
            key = "token_reset"
        return str(values.get(key, 1))

    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values.get(m.group(1), 1)), route)  # regex routes
    unnamed = iter([values["object_id"], values["history_id"]])
    route = re.sub(r"\(\[\^/\]\+\)", lambda m: str(next(unnamed, 1)), route)
    route = re.sub(r"<([^>]+)>", converter, route)
    return "/" + route.replace("^", "").replace("$", "").replace("\\", "")


def persona_clients(world):
    clients = {"anonim": Client()}
    for persona, user in world["users"].items():
        clients[persona] = Client()
        clients[persona].force_login(user)
    return clients


@pytest.mark.django_db
def test_every_url_pattern_has_an_expectation():
    missing = sorted({f"{route} ({name})" for route, name, _p in url_patterns() if expectation(name, route) is None})
    assert missing == [], "place each new URL in tests/security/test_authz_matrix.py"


# --- defect 11: no GET writes, but one ---------------------------------------------------------------
# Checked on every GET cell of the matrix below (one crawl serves both).
# The one intentional exception: printing a draft (documents:draft) appends a DraftRecord, the audit
# record of who printed which version when; it is a log, never a change of the registry.  Sessions are
# saved on every request (the idle timeout) and are no data of the registry either.
GET_WRITES_ALLOWED = {"documents:draft": {"documents_draftrecord"}}
INFRASTRUCTURE_TABLES = {"django_session"}
WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def get_writes(queries, name):
    """Tables a GET wrote to, other than the allowed log and the session."""
    tables = (m.group(2) for m in (WRITE.match(q["sql"]) for q in queries.captured_queries) if m is not None)
    return [t for t in tables if t not in INFRASTRUCTURE_TABLES and t not in GET_WRITES_ALLOWED.get(name, ())]


@pytest.mark.django_db
def test_every_url_as_every_persona(world, settings):
    settings.MEDIA_ROOT = world["media"]
    clients = persona_clients(world)
    failures, writes, cells, table = [], [], 0, []
    for route, name, _pattern in url_patterns():
        expected = expectation(name, route)
        by_method = expected if set(expected) == {"get", "post"} else {"get": expected, "post": expected}
        url = fill(route, name, world)
        for persona in PERSONAS:
            for method in ("get", "post"):
                client = clients[persona]
                cookies = {key: morsel.value for key, morsel in client.cookies.items()}
                with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                    response = getattr(client, method)(url)
                    transaction.set_rollback(True)
                if method == "get":
                    writes += [f"GET {url} ({name}) as {persona} writes {t}" for t in get_writes(queries, name)]
                for key, value in cookies.items():  # a logout (rolled back) must not end the persona's session
                    client.cookies[key] = value
                cells += 1
                got = outcome(response)
                body = b"".join(response.streaming_content) if response.streaming else response.content
                table.append((name, persona, method, got))
                allowed = by_method[method][persona]
                if got == "method":
                    pass  # a view refusing a method it does not serve is always right
                elif got not in allowed:
                    failures.append(f"{method.upper()} {url} ({name}) as {persona}: {got}, expected {sorted(allowed)}")
                if persona in OUTSIDERS and name not in CAPABILITY_URLS and MARKER.encode() in body:
                    failures.append(f"{method.upper()} {url} ({name}) as {persona}: OPD B's text leaked")
    if os.environ.get("AUTHZ_MATRIX_PRINT"):
        for row in table:
            print(*row)
    print(f"authz matrix: {cells} cells")
    if os.environ.get("AUTHZ_MATRIX_PRINT"):
        print("FAILURES", *failures, sep="\n")
    assert failures == []
    assert sorted(set(writes)) == [], "no GET writes, but the print log"


