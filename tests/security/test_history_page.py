"""Defects 7 and 10: the number register's history page works; the agreement's history page speaks
Indonesian: stage labels, real names, dates, "—" instead of "None"."""

import re

import pytest
from django.urls import reverse

from agreements import numbering
from agreements.choices import Stage
from agreements.models import NumberSequence

pytestmark = pytest.mark.django_db


def history_table(response):
    html = response.content.decode()
    table = re.search(r'<table id="change-history".*?</table>', html, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table))


def test_the_number_register_history_page_answers(proposal, reviewer, kabag, client_for):
    numbering.assign_home_number(proposal, reviewer)
    sequence = NumberSequence.objects.get()
    response = client_for(kabag).get(reverse("admin:agreements_numbersequence_history", args=[sequence.pk]))
    assert response.status_code == 200
    assert "Dibuat" in history_table(response)


def test_the_agreement_history_shows_labels_names_and_no_none(proposal, drive, reviewer, client_for, opd_a_staff):
    opd_a_staff.first_name, opd_a_staff.last_name = "Rina", "Kurniasih"
    opd_a_staff.save()
    client = client_for(opd_a_staff)
    response = client.post(reverse("proposal_action", args=[proposal.pk, "submit"]), {"expected_stage": Stage.PERSIAPAN})
    assert response.status_code == 302
    drive(proposal, Stage.PENAWARAN)
    table = history_table(client_for(reviewer).get(reverse("admin:agreements_agreement_history", args=[proposal.pk])))
    assert "Persiapan" in table and "Diajukan" in table  # stage labels, not codes
    assert " persiapan " not in table and " diajukan " not in table
    assert "Rina Kurniasih" in table  # the submitter by name, as "changed by" and as the new value
    assert "None" not in table and "Deleted" not in table and "Changes" not in table
    assert "Sistem" in table  # changes made by the system (no request) say so
    assert re.search(r"\d{1,2} Desember \d{4}|\d{1,2} \w+ \d{4}", table)
