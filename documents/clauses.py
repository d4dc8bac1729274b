"""Clause templates: a sandboxed template engine, the whitelist of placeholders, validation with
the line shown, and the turning of rendered text into ayat and lettered lists.

The sandbox has three walls:

1. The engine knows only ``{% if %}``, ``{% for %}`` and a handful of text filters
   (documents/clause_library.py): no ``{% load %}``, ``{% include %}``, ``{% debug %}``, ``{% url %}``.
2. Every placeholder is checked against :data:`SCHEMA` when the template is saved; anything else is
   refused with its line number.
3. Rendering is bounded: a {% for %} inside another goes at most ``MAX_LOOP_DEPTH`` deep, a text at
   most ``MAX_TEMPLATE_CHARS`` long, and validation renders the text for ``WORST_CASE_PARTIES``
   parties and refuses it when the output would pass ``MAX_OUTPUT_CHARS``; at print time an
   output over the limit raises :class:`RenderLimitExceeded` instead of filling memory.
4. The context it renders with holds only strings, numbers, booleans, lists and dicts built by
   documents/context.py — never a model instance, a queryset or settings — so even a placeholder
   that slipped through could not reach ``agreement.__class__`` or the database.
"""

import functools
import re

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import FilterExpression, Variable, VariableNode
from django.template.defaulttags import ForNode, IfNode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l


class ClauseEngine(Engine):
    default_builtins = []  # nothing from Django's default tags and filters unless listed below


ENGINE = ClauseEngine(
    debug=True, autoescape=False, libraries={}, builtins=["documents.clause_library"], loaders=[]
)

MAX_LOOP_DEPTH = 2
MAX_TEMPLATE_CHARS = 20_000
MAX_OUTPUT_CHARS = 200_000
WORST_CASE_PARTIES = 30


class RenderLimitExceeded(Exception):
    """A template's output passed MAX_OUTPUT_CHARS."""


# --- the whitelist ---------------------------------------------------------------------------------

SCALAR = None


class ListOf:
    def __init__(self, item):
        self.item = item


PARTY = {
    "nama": (SCALAR, _l("Pemerintah Kabupaten Boyolali")),
    "nama_kapital": (SCALAR, _l("PEMERINTAH KABUPATEN BOYOLALI")),
    "sebutan": (SCALAR, _l("PIHAK KEDUA")),
    "penandatangan": (SCALAR, _l("signatory's name")),
    "jabatan": (SCALAR, _l("signatory's title (jabatan)")),
    "nip": (SCALAR, _l("signatory's NIP")),
    "surat_kuasa": (SCALAR, _l("number of the power of attorney, if any")),
    "nomor": (SCALAR, _l("the document's number in this party's register")),
    "alamat": (SCALAR, _l("address")),
    "kedudukan": (SCALAR, _l("city")),
    "keterangan": (SCALAR, _l("what the party is (daerah otonom, badan usaha, …)")),
    "adalah_pemda": (SCALAR, _l("true for a regional government")),
    "adalah_asing": (SCALAR, _l("true for a foreign party")),
}
PARENT = {
    "jenis": (SCALAR, _l("Kesepakatan Bersama")),
    "judul": (SCALAR, _l("title of the parent document")),
    "nomor": (SCALAR, _l("numbers of the parent document")),
    "tanggal": (SCALAR, _l("date the parent was signed")),
}
FORLOOP = {name: (SCALAR, "") for name in ("counter", "counter0", "revcounter", "first", "last")}

SCHEMA = {
    "judul": (SCALAR, _l("subject (tentang …)")),
    "jenis_dokumen": (SCALAR, _l("Kesepakatan Bersama, Perjanjian Kerja Sama, …")),
    "jenis_kerja_sama": (SCALAR, _l("kind of cooperation")),
    "kode_jenis": (SCALAR, _l("ksdd_wajib, ksdd_sukarela, ksdpk, ksdpl, ksdll, sinergi, lainnya")),
    "pihak_kesatu": (PARTY, _l("the first party")),
    "pihak_kedua": (PARTY, _l("the second party")),
    "pihak_ketiga": (PARTY, _l("the third party (empty when there is none)")),
    "pihak_keempat": (PARTY, _l("the fourth party (empty when there is none)")),
    "pemda": (PARTY, _l("the home regional government's party")),
    "para_pihak": (ListOf(PARTY), _l("every party, in order")),
    "mitra": (ListOf(PARTY), _l("every party except the home regional government")),
    "sebutan_para_pihak": (SCALAR, _l("PIHAK KESATU dan PIHAK KEDUA")),
    "jumlah_pihak": (SCALAR, _l("number of parties")),
    "maksud": (SCALAR, _l("purpose and objectives")),
    "ruang_lingkup": (SCALAR, _l("object and scope")),
    "manfaat": (SCALAR, _l("benefits")),
    "lokasi": (SCALAR, _l("location")),
    "latar_belakang": (SCALAR, _l("background")),
    "urusan": (SCALAR, _l("government affairs")),
    "jangka_waktu": (SCALAR, _l("5 (lima) tahun")),
    "jangka_waktu_teks": (SCALAR, _l("the term as typed in the proposal (a note)")),
    "rezim": (SCALAR, _l("the sectoral regime reference (aset, investasi, infrastruktur, pengadaan)")),
    "sektoral": (SCALAR, _l("true for a KSDPK under a sectoral regime")),
    "tanggal_mulai": (SCALAR, _l("start date")),
    "tanggal_berakhir": (SCALAR, _l("end date")),
    "nilai": (SCALAR, _l("Rp… (… rupiah), empty when there is no value")),
    "sumber_dana": (SCALAR, _l("source of funding, in words")),
    "rangkap": (SCALAR, _l("2 (dua)")),
    "tempat": (SCALAR, _l("place of signing")),
    "kepala_daerah": (SCALAR, _l("title of the home head of region")),
    "induk": (PARENT, _l("the parent document (the KSB of a PKS, the document an addendum changes)")),
    "adendum_ke": (SCALAR, _l("PERTAMA, KEDUA, … for an addendum")),
}


def placeholder_help(whitelist=None):
    """(placeholder, description) pairs for the admin's help panel."""
    rows = []
    for name, (schema, description) in (whitelist or SCHEMA).items():
        if isinstance(schema, dict):
            rows += [(f"{name}.{field}", desc) for field, (_s, desc) in schema.items()]
        elif isinstance(schema, ListOf):
            rows.append((f"{{% for pihak in {name} %}}…{{{{ pihak.nama }}}}…{{% endfor %}}", description))
        else:
            rows.append((name, description))
    return rows


# --- validation ------------------------------------------------------------------------------------


class _Problems(list):
    def add(self, line, message):
        self.append((line or 0, message))


def _check_variable(var, scope, line, problems):
    if not isinstance(var, Variable) or var.lookups is None:  # a literal: "text" or 12
        return
    path = var.lookups
    name = path[0]
    if name not in scope:
        problems.add(line, _("unknown placeholder “%(name)s”") % {"name": ".".join(path)})
        return
    schema = scope[name][0]
    for part in path[1:]:
        if isinstance(schema, dict) and part in schema:
            schema = schema[part][0]
        else:
            problems.add(line, _("unknown placeholder “%(name)s”") % {"name": ".".join(path)})
            return
    if len(path) == 1 and isinstance(schema, dict) and scope is not None:
        # {{ pihak_kesatu }} alone prints a dict: almost certainly a mistake
        problems.add(line, _("“%(name)s” needs a field, e.g. %(name)s.nama") % {"name": name})


def _check_expression(expr, scope, line, problems, allow_object=False):
    if isinstance(expr, FilterExpression):
        var = expr.var
        if isinstance(var, Variable) and var.lookups is not None:
            path = var.lookups
            schema = scope.get(path[0], (SCALAR,))[0] if path[0] in scope else "missing"
            if schema == "missing":
                problems.add(line, _("unknown placeholder “%(name)s”") % {"name": ".".join(path)})
            elif allow_object and len(path) == 1:
                pass  # {% if pihak_ketiga %} tests presence
            else:
                _check_variable(var, scope, line, problems)
        for _func, args in expr.filters:
            for _lookup, arg in args:
                _check_variable(arg, scope, line, problems)
        return
    # smartif operators: TemplateLiteral(.value) or operator(.first, .second)
    if hasattr(expr, "value") and isinstance(expr.value, FilterExpression):
        _check_expression(expr.value, scope, line, problems, allow_object=True)
        return
    for attr in ("first", "second"):
        child = getattr(expr, attr, None)
        if child is not None:
            _check_expression(child, scope, line, problems, allow_object=True)


def _walk(nodelist, scope, problems, depth=0):
    for node in nodelist:
        line = getattr(getattr(node, "token", None), "lineno", None)
        if isinstance(node, VariableNode):
            _check_expression(node.filter_expression, scope, line, problems)
        elif isinstance(node, IfNode):
            for condition, nodes in node.conditions_nodelists:
                if condition is not None:
                    _check_expression(condition, scope, line, problems)
                _walk(nodes, scope, problems, depth)
        elif isinstance(node, ForNode):
            if depth >= MAX_LOOP_DEPTH:
                problems.add(line, _("{%% for %%} may be nested at most %(max)d deep") % {"max": MAX_LOOP_DEPTH})
                continue
            var = node.sequence.var
            schema = None
            if isinstance(var, Variable) and var.lookups and var.lookups[0] in scope and len(var.lookups) == 1:
                schema = scope[var.lookups[0]][0]
            if not isinstance(schema, ListOf):
                problems.add(line, _("{% for %} can only go through para_pihak or mitra"))
                continue
            if len(node.loopvars) != 1:
                problems.add(line, _("{% for %} takes one name, e.g. {% for pihak in para_pihak %}"))
                continue
            inner = dict(scope)
            inner[node.loopvars[0]] = (schema.item, "")
            inner["forloop"] = (FORLOOP, "")
            _walk(node.nodelist_loop, inner, problems, depth + 1)
            _walk(node.nodelist_empty, scope, problems, depth)
        elif hasattr(node, "nodelist") and node.nodelist:  # pragma: no cover - no other tags exist
            _walk(node.nodelist, scope, problems, depth)


def check_text(text, schema=None, worst_case=None):
    """The problems of a template text as (line, message) pairs; empty when it is valid.
    ``schema`` is the whitelist (clause templates' by default); ``worst_case`` a context with the
    most parties a document may have, to refuse a text whose output would be too large."""
    problems = _Problems()
    text = text or ""
    if len(text) > MAX_TEMPLATE_CHARS:
        problems.add(1, _("the text is longer than %(max)d characters") % {"max": MAX_TEMPLATE_CHARS})
        return problems
    try:
        template = ENGINE.from_string(text)
    except TemplateSyntaxError as exc:
        info = getattr(exc, "template_debug", None) or {}
        line = info.get("line") or _line_from_message(str(exc))
        problems.add(line, _translate_syntax_error(str(exc)))
        return problems
    _walk(template.nodelist, schema or SCHEMA, problems)
    if not problems and "{%" in text:
        try:
            render_text(text, worst_case if worst_case is not None else _worst_case_context())
        except RenderLimitExceeded:
            problems.add(
                1,
                _("with %(parties)d parties the text would be longer than %(max)d characters")
                % {"parties": WORST_CASE_PARTIES, "max": MAX_OUTPUT_CHARS},
            )
    return problems


@functools.lru_cache(maxsize=1)
def _worst_case_context():
    from .context import clause_context, demo_facts

    return clause_context(demo_facts(parties=WORST_CASE_PARTIES))


def validate_text(text, schema=None):
    """Raise ValidationError listing each problem with its line: “Baris 3: placeholder … ”."""
    problems = check_text(text, schema)
    if problems:
        raise ValidationError(
            [_("Line %(line)s: %(problem)s") % {"line": line or "?", "problem": msg} for line, msg in problems]
        )


def _line_from_message(message):
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _translate_syntax_error(message):
    if "Invalid block tag" in message:
        tag = re.search(r"'([^']+)'", message)
        return _("the tag “%(tag)s” is not allowed (allowed: if, for)") % {"tag": tag.group(1) if tag else "?"}
    if "Invalid filter" in message:
        name = re.search(r"'([^']+)'", message)
        return _("the filter “%(name)s” is not allowed (allowed: %(allowed)s)") % {
            "name": name.group(1) if name else "?",
            "allowed": ", ".join(_allowed_filters()),
        }
    if "Unclosed tag" in message:
        tag = re.search(r"'([^']+)'", message)
        return _("“{%% %(tag)s %%}” is not closed") % {"tag": tag.group(1) if tag else "?"}
    if "may not begin with underscores" in message:
        return _("names may not begin with an underscore")
    return _("broken template syntax (%(detail)s)") % {"detail": message}


def _allowed_filters():
    from .clause_library import ALLOWED_FILTERS

    return ALLOWED_FILTERS


# --- rendering ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _compiled(text):
    return ENGINE.from_string(text)


def render_text(text, context):
    """Render one clause text with the whitelisted context (plain data only); raise
    RenderLimitExceeded when the output passes MAX_OUTPUT_CHARS."""
    output = _compiled(text or "").render(Context(context, autoescape=False))
    if len(output) > MAX_OUTPUT_CHARS:
        raise RenderLimitExceeded(len(output))
    return output


def paragraphs(text):
    """Split rendered text into paragraphs (blank-line separated); lines starting with "- " become
    list items.  Returns [{"text": str, "items": [str]}], leaving out empty paragraphs."""
    result = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        body, items = [], []
        for line in lines:
            if line.startswith("- "):
                items.append(line[2:].strip())
            elif items:
                items[-1] += " " + line
            else:
                body.append(line)
        if not body and result and not result[-1]["items"]:
            result[-1]["items"] = items  # a list standing after its sentence belongs to it
            continue
        result.append({"text": " ".join(body), "items": items})
    return result


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _ayat(text, context):
    body = paragraphs(render_text(text, context))
    return [
        {
            "label": f"({index})" if len(body) > 1 else "",
            "text": para["text"],
            "items": [(f"{LETTERS[i % 26]}.", item) for i, item in enumerate(para["items"])],
        }
        for index, para in enumerate(body, start=1)
    ]


def build_pasal(clauses, context, context_en=None):
    """Render the clause list into numbered Pasal with ayat (1), (2), … and lettered items.
    A clause whose text renders empty is left out and the numbering closes up.  With
    ``context_en`` each Pasal also carries its English text (``"en"``: heading and ayat)."""
    result = []
    for clause in clauses:
        ayat = _ayat(clause["body"], context)
        if not ayat:
            continue
        heading = " ".join(render_text(clause["heading"], context).split()).upper()
        pasal = {"number": len(result) + 1, "heading": heading, "ayat": ayat}
        if context_en is not None:
            pasal["en"] = {
                "heading": " ".join(render_text(clause.get("heading_en") or "", context_en).split()).upper(),
                "ayat": _ayat(clause.get("body_en") or "", context_en),
            }
        result.append(pasal)
    return result
