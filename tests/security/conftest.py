"""Fixtures of the attack suite."""

from tests.desk.conftest import client_for  # noqa: F401 - the same logged-in client as the desk's tests
