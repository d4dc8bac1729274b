from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.groups import sync_groups
from agreements import legal_calendar, reference
from partners.choices import PartnerType
from partners.models import Partner, Region
from partners.reference import load_regions


class Command(BaseCommand):
    help = (
        "Load or refresh the reference data: regions (kode wilayah), the 32 urusan, document and attachment "
        "types, the role groups, the home pemda as a partner and the national holidays and cuti bersama of "
        "last year to two years ahead (from the holidays package; rows edited in the admin are kept). Idempotent."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        created, updated = load_regions(Region)
        rows = reference.load(
            apps.get_model("agreements", "Urusan"),
            apps.get_model("agreements", "DocumentType"),
            apps.get_model("agreements", "AttachmentType"),
        )
        sync_groups(Group, Permission)
        home = ensure_home_partner()
        holidays = legal_calendar.seed_holidays(apps.get_model("agreements", "Holiday"), legal_calendar.years_in_use())
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"reference data: {Region.objects.count()} regions ({created} new, {updated} updated), "
                f"{rows} new reference rows, {holidays} new holidays, home pemda: {home.name}"
            )


def ensure_home_partner():
    """The home pemda as a Partner, from settings.PEMDA."""
    pemda = settings.PEMDA
    region = Region.objects.filter(code=pemda["region_code"]).first()
    if region is None:
        raise CommandError(f"PEMDA_REGION_CODE {pemda['region_code']!r} is not a known region code.")
    home = Partner.objects.filter(is_home=True).first()
    if home is None:
        home = Partner.objects.filter(partner_type=PartnerType.PEMDA, region=region).first() or Partner(
            partner_type=PartnerType.PEMDA, region=region
        )
        home.is_home = True
    home.name = pemda["name"]
    home.leader_name = pemda["head_name"]
    home.leader_title = pemda["head_title"]
    home.city = pemda["city"]
    home.save()
    return home
