"""The idle timeout of a session without a database write on every request.

``SESSION_COOKIE_AGE`` (SESSION_IDLE_HOURS) is how long a session lives after it was last saved.
Instead of ``SESSION_SAVE_EVERY_REQUEST`` (one UPDATE per page), this middleware renews it when more
than ``SESSION_REFRESH_SECONDS`` have passed since the last renewal: a user idle for the configured
hours is signed out, give or take those few minutes.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in

SEEN_KEY = "_ks_renewed"


def mark_renewed(sender, request, user, **kwargs):
    """A sign-in saves the session with a fresh expiry anyway: count it as the last renewal."""
    if getattr(request, "session", None) is not None:
        request.session[SEEN_KEY] = int(time.time())


# connected when settings load (they import this module), before any sign-in, in every process
user_logged_in.connect(mark_renewed, dispatch_uid="kerjasama.sessions.mark_renewed")


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(SEEN_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[SEEN_KEY] = now  # modified: SessionMiddleware saves it with a fresh expiry
        return response
