"""Structured logs: one JSON object per line on stdout, with who and what the record is about.

``RequestContextMiddleware`` gives every request an id (the ``X-Request-ID`` header from nginx when
present, else a new one), answers with it, and puts it and the user in a context variable;
``ContextFilter`` copies them (and an agreement id a task or view set with ``bind``) onto each record.
Tasks call ``bind(task=..., agreement_id=...)`` so a worker's lines carry the same fields.
"""

import contextvars
import json
import logging
import uuid

_context = contextvars.ContextVar("kerjasama_log_context", default=None)


def bind(**values):
    """Add fields to every log record of the current request or task; returns a token for ``reset``."""
    return _context.set({**(_context.get() or {}), **{k: v for k, v in values.items() if v is not None}})


def reset(token):
    _context.reset(token)


class ContextFilter(logging.Filter):
    def filter(self, record):
        context = _context.get() or {}
        record.request_id = context.get("request_id", "-")
        record.user = context.get("user", "-")
        record.context = context
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "context", {}),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = (request.headers.get("X-Request-ID") or uuid.uuid4().hex)[:64]
        user = getattr(request, "user", None)
        token = bind(
            request_id=request_id,
            user=user.get_username() if user is not None and user.is_authenticated else None,
            path=request.path,
        )
        try:
            response = self.get_response(request)
        finally:
            reset(token)
        response["X-Request-ID"] = request_id
        return response
