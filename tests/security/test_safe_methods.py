"""Defect 11: a GET never changes the registry; the print log of a draft is the one documented
exception (an audit record of who printed what), and opening a notification marks it read only by POST."""

import pytest
from django.urls import reverse

from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_opening_a_notification_marks_it_read_only_by_post(proposal, opd_a_staff, client_for):
    note = Notification.objects.create(user=opd_a_staff, agreement=proposal, message="Usulan dikembalikan")
    client = client_for(opd_a_staff)
    url = reverse("notification_open", args=[note.pk])
    assert client.get(url).url == reverse("proposal_detail", args=[proposal.pk])
    note.refresh_from_db()
    assert note.read_at is None  # a GET (a link opened by a prefetcher, a crawler) leaves it unread
    page = client.get(reverse("notification_list")).content.decode()
    assert f'<form method="post" action="{url}">' in page
    assert client.post(url).url == reverse("proposal_detail", args=[proposal.pk])
    note.refresh_from_db()
    assert note.read_at is not None
