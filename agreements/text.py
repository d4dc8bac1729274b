"""Text that enters the registry is cleaned of control characters, whatever the way in.

A title pasted from Word may carry U+000B (Word's manual line break) or other C0/C1 control
characters; XML-based writers (XLSX, DOCX) cannot hold them and answered 500 for everyone.  Every
entry point (the portal's forms, the desk's step forms and admin forms, the importer) passes its text
through ``clean_text``: line and page breaks become a newline in a multi-line field (a space in a
one-line field), tabs a space in a one-line field, and the other control characters and the
invisible direction overrides (U+202A–U+202E, U+2066–U+2069, used to disguise text) are removed.
"""

import re

from django import forms

# Word's line break, form feed, the Unicode line and paragraph separators, NEL
_BREAKS = re.compile("[\x0b\x0c\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]")
_ONE_LINE = re.compile("[\t\r\n]+")


def clean_text(value, multiline=True):
    """``value`` without control characters (see the module's docstring); non-strings pass through."""
    if not isinstance(value, str):
        return value
    value = _BREAKS.sub("\n", value)
    value = _CONTROL.sub("", value)
    if multiline:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return _ONE_LINE.sub(" ", value)


def has_control_characters(value):
    return isinstance(value, str) and clean_text(value, multiline=True) != value.replace("\r\n", "\n").replace("\r", "\n")


def _is_multiline(field):
    return isinstance(getattr(field, "widget", None), forms.Textarea)


class CleanTextMixin:
    """A form mixin: every text value of ``cleaned_data`` leaves ``clean()`` without control characters
    (before a ModelForm copies it onto its instance)."""

    def clean(self):
        data = super().clean()
        return clean_form_data(self, self.cleaned_data if data is None else data)


def clean_form_data(form, data):
    """Clean every text value of a form's ``cleaned_data`` in place; returns it."""
    for name, value in list(data.items()):
        if isinstance(value, str):
            data[name] = clean_text(value, multiline=_is_multiline(form.fields.get(name)))
    return data


def with_clean_text(form_class):
    """``form_class`` with ``CleanTextMixin`` in front (for forms made by the admin's factories)."""
    if issubclass(form_class, CleanTextMixin):
        return form_class
    return type(form_class.__name__, (CleanTextMixin, form_class), {"__module__": form_class.__module__})
