"""Fixtures of the portal tests."""

import pytest

from tests.factories import home_partner


@pytest.fixture
def client_a(client, opd_a_staff):
    """A client signed in as OPD A's staff, with the home pemda as a partner."""
    home_partner()
    client.force_login(opd_a_staff)
    return client
