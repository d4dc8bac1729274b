"""Fixtures of the attack suite."""

import pytest
from django.test import Client


@pytest.fixture
def client_for(db):
    """client_for(user): a test client logged in as ``user``."""

    def _client(user):
        client = Client()
        client.force_login(user)
        return client

    return _client
