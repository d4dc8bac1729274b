"""The house stays standing: the domain imports no app above it, and no two apps import each other.

Every module of every project app (migrations and management commands included) is read with
``ast``; an import anywhere in a module (top level or inside a function) counts."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Bottom to top.  An app may import the apps on its own floor or below it, never above.
FLOORS = [
    ["accounts", "partners"],
    ["agreements"],
    ["documents", "notifications", "registry", "transfer"],
    ["reporting", "portal", "desk"],
]
APPS = [app for floor in FLOORS for app in floor]
FLOOR_OF = {app: level for level, floor in enumerate(FLOORS) for app in floor}
DOMAIN_MAY_IMPORT = {"accounts", "partners", "agreements"}


def modules(app):
    return sorted(p for p in (ROOT / app).rglob("*.py") if "__pycache__" not in p.parts)


def imported_apps(path):
    """The project apps a module imports (relative imports resolve to its own app)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & set(APPS)
    return found


def graph():
    edges = {}
    for app in APPS:
        for path in modules(app):
            for other in imported_apps(path) - {app}:
                edges.setdefault((app, other), []).append(str(path.relative_to(ROOT)))
    return edges


def test_every_app_is_on_a_floor():
    apps_on_disk = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps_on_disk == set(APPS), "put a new app on a floor in FLOORS (and in the README's house)"


def test_the_domain_imports_no_app_above_it():
    offending = {
        (app, other): where for (app, other), where in graph().items() if app == "agreements" and other not in DOMAIN_MAY_IMPORT
    }
    assert offending == {}


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_an_app_above_its_floor(app):
    upward = {other: where for (src, other), where in graph().items() if src == app and FLOOR_OF[other] > FLOOR_OF[app]}
    assert upward == {}


def test_no_two_apps_import_each_other():
    edges = graph()
    circles = sorted({tuple(sorted(pair)) for pair in edges if (pair[1], pair[0]) in edges})
    assert circles == [], {pair: (edges[pair], edges[pair[::-1]]) for pair in circles}


def test_the_checker_sees_an_upward_import(tmp_path):
    """The walk really reads imports inside functions and dotted names (so the tests above can fail)."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from portal.views import home\n    import desk.admin\n")
    assert imported_apps(module) == {"portal", "desk"}
