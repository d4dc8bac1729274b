"""The roles' permissions, applied by a data migration and by ``load_reference_data``.

OPD staff never use the admin (their permissions are checked by the portal's views); the
Bagian Kerja Sama works in the admin; the TKKSD records recommendations; Pimpinan only reads."""

from . import roles

READ_MODELS = [
    ("agreements", "agreement"),
    ("agreements", "agreementparty"),
    ("agreements", "attachment"),
    ("agreements", "contactperson"),
    ("agreements", "stageevent"),
    ("agreements", "monitoringentry"),
    ("agreements", "urusan"),
    ("agreements", "documenttype"),
    ("agreements", "attachmenttype"),
    ("partners", "partner"),
    ("partners", "region"),
    ("accounts", "opd"),
]
KERJASAMA_MANAGED = [
    ("agreements", "agreement"),
    ("agreements", "agreementparty"),
    ("agreements", "attachment"),
    ("agreements", "contactperson"),
    ("agreements", "monitoringentry"),
    ("agreements", "urusan"),
    ("agreements", "documenttype"),
    ("agreements", "attachmenttype"),
    ("partners", "partner"),
]


def _codenames(models, actions):
    return [(app, f"{action}_{model}") for app, model in models for action in actions]


# The home pemda's numbering register: staff read it (numbers are taken through "Beri nomor");
# the Kepala Bagian may correct it (e.g. the first number of a year carried over from paper).
NUMBER_REGISTER = [("agreements", "numbersequence")]

# Clause and letter templates and the English texts of agreements are the Bagian Kerja Sama's to
# edit; the print log (who printed which draft or letter) is theirs to read (documents app).
DOCUMENT_TEMPLATES = [
    ("documents", "clausetemplate"),
    ("documents", "clause"),
    ("documents", "lettertemplate"),
    ("documents", "englishtext"),
]
PRINT_LOG = [("documents", "draftrecord"), ("documents", "clausetemplateversion")]

# Reporting (reporting/): the Bagian Kerja Sama validates mappings, approves annual reports and keeps
# planning references, planning links, budget lines and rencana kegiatan tahunan; others read them.
REPORTING_MODELS = [
    ("reporting", "potentialmapping"),
    ("reporting", "foreignannualreport"),
    ("reporting", "planningreference"),
    ("reporting", "agreementplanning"),
    ("reporting", "budgetline"),
    ("reporting", "annualactivity"),
    ("reporting", "partnerassessment"),
]
READ_MODELS = READ_MODELS + REPORTING_MODELS
KERJASAMA_MANAGED = KERJASAMA_MANAGED + REPORTING_MODELS

GROUP_PERMISSIONS = {
    roles.OPD_STAFF: [],
    roles.KERJASAMA_STAFF: _codenames(READ_MODELS + NUMBER_REGISTER, ["view"])
    + _codenames(KERJASAMA_MANAGED, ["add", "change"])
    + _codenames(DOCUMENT_TEMPLATES, ["add", "change", "view", "delete"])
    + _codenames(PRINT_LOG, ["view"]),
    # Plus the final decisions enforced by the stage engine (agreements/workflow.py ACTIONS: terminate).
    roles.KERJASAMA_HEAD: _codenames(READ_MODELS + NUMBER_REGISTER, ["view"])
    + _codenames(KERJASAMA_MANAGED + NUMBER_REGISTER, ["add", "change"])
    + _codenames([("accounts", "opd"), ("accounts", "opdmembership")], ["add", "change", "view"])
    + _codenames(DOCUMENT_TEMPLATES, ["add", "change", "view", "delete"])
    + _codenames(PRINT_LOG, ["view"]),
    # Reads the registry; records recommendations through the stage engine (ACTIONS "tkksd") only.
    roles.TKKSD_MEMBER: _codenames(READ_MODELS, ["view"]),
    roles.PIMPINAN: _codenames(READ_MODELS, ["view"]),
}
# The legal calendar and the map of neighbours (issue 13): the Bagian Kerja Sama keeps them,
# including deleting a cuti bersama that a revised SKB cancelled.
CALENDAR = [("agreements", "holiday"), ("agreements", "adjacentregion")]
for _role in (roles.KERJASAMA_STAFF, roles.KERJASAMA_HEAD):
    GROUP_PERMISSIONS[_role] = GROUP_PERMISSIONS[_role] + _codenames(CALENDAR, ["view", "add", "change", "delete"])
for _role in (roles.TKKSD_MEMBER, roles.PIMPINAN):
    GROUP_PERMISSIONS[_role] = GROUP_PERMISSIONS[_role] + _codenames(CALENDAR, ["view"])

# Roles that work in the admin get is_staff (set where users are created).
ADMIN_ROLES = {roles.KERJASAMA_STAFF, roles.KERJASAMA_HEAD, roles.TKKSD_MEMBER, roles.PIMPINAN}


def sync_groups(Group, Permission):
    for name, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for app_label, codename in perms:
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)


def sync_groups_migration(apps, schema_editor):
    """RunPython body for the data migrations that (re)apply the role permissions."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; create them now so groups can get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))
