"""Registry list, agreement detail, dashboard, public transparency page and tracking link."""
