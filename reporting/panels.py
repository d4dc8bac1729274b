"""Tiles reporting adds to the registry's dashboard (``settings.REGISTRY_DASHBOARD_PANELS``).

The registry sits below reporting and never imports it: it loads each panel by its dotted path
and includes the template the panel names.  A panel takes the request and returns
``{"template": ..., "context": {...}}`` (or None to show nothing), within the viewer's scope and in
a fixed number of queries."""

from accounts import roles

from . import services


def mapping_funnel(request):
    """Mapping → proposals → signed, per urusan: what was planned, what became an agreement.
    The viewer's scope, as the rest of the dashboard: an OPD's own entries and the proposals it may
    see, everything for the Bagian Kerja Sama, TKKSD and Pimpinan.  One query."""
    user = request.user
    rows = services.mapping_progress_for(user)
    totals = {key: sum(row[key] for _name, row in rows) for key in ("mapped", "proposed", "signed")}
    return {
        "template": "reporting/panels/mapping_funnel.html",
        "context": {"rows": rows, "totals": totals, "scope_all": roles.sees_everything(user)},
    }
