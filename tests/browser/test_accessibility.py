"""axe-core (vendored from npm: tests/browser/vendor/axe.min.js, axe-core 4.14.1, MPL-2.0) on the main
pages of every persona: no serious or critical violation."""

import json
from pathlib import Path

from django.urls import reverse

from agreements.choices import Stage
from agreements.models import Agreement
from tests.factories import PASSWORD, AgreementFactory, home_partner

from .chromium import MARKS, launch

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
pytestmark = MARKS


def violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_main_pages_have_no_serious_or_critical_violation(live_server, opd_a, opd_a_staff, reviewer, drive):
    from playwright.sync_api import sync_playwright

    home_partner()
    signed = AgreementFactory(opd_initiator=opd_a, created_by=opd_a_staff, title="Pengelolaan Sampah Regional Terpadu")
    drive(signed, Stage.PELAKSANAAN)
    Agreement.objects.filter(pk=signed.pk).update(is_published=True)
    draft = AgreementFactory(opd_initiator=opd_a, created_by=opd_a_staff)
    pages = {
        None: [reverse("public_list"), reverse("public_detail", args=[signed.pk]), reverse("login")],
        opd_a_staff: [reverse("home"), reverse("proposal_create"), reverse("proposal_detail", args=[draft.pk]),
                      reverse("proposal_edit", args=[draft.pk]), reverse("notification_list")],
        reviewer: [reverse("registry_list"), reverse("dashboard"), reverse("registry_detail", args=[signed.pk]),
                   reverse("admin:index"), reverse("admin:agreements_agreement_changelist"),
                   reverse("admin:agreements_agreement_change", args=[signed.pk])],
    }
    found = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for user, paths in pages.items():
            context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID", bypass_csp=True)  # axe is injected inline
            page = context.new_page()
            if user is not None:
                page.goto(f"{live_server.url}{reverse('login')}")
                page.fill("#id_username", user.username)
                page.fill("#id_password", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state()
            for path in paths:
                response = page.goto(live_server.url + path)
                assert response.status == 200, path
                bad = violations(page)
                if bad:
                    found[path] = bad
            context.close()
        browser.close()
    assert found == {}, json.dumps(found, indent=1)
