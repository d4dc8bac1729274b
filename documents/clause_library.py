"""The only tags and filters a clause template may use (documents/clauses.py builds its engine
with this library and nothing else: no {% load %}, {% include %}, {% debug %}, {% url %}, …)."""

from django.template import Library, defaultfilters, defaulttags

from . import words

register = Library()

register.tag("if", defaulttags.do_if)
register.tag("for", defaulttags.do_for)

for _name in ("upper", "lower", "capfirst", "title", "default"):
    register.filter(_name, getattr(defaultfilters, _name))


@register.filter
def terbilang(value):
    """{{ 12|terbilang }} → "dua belas"."""
    try:
        return words.terbilang(int(value))
    except (TypeError, ValueError):
        return ""


ALLOWED_TAGS = sorted(["if", "elif", "else", "endif", "for", "empty", "endfor"])
ALLOWED_FILTERS = sorted(register.filters)
