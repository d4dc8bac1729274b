"""The admin helpers serve the desk tests of the regulation too."""

from ..desk.conftest import client_for  # noqa: F401
