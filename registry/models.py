"""The dashboard's pre-aggregated counts (the table was made by ``agreements``)."""

from django.db import models


class RegistryTally(models.Model):
    """The dashboard's counts, pre-aggregated per scope: ``scope`` 0 is the whole registry, any
    other value an OPD id (its own agreements and those it executes, as ``for_user``).
    ``dimension`` is ``ksy`` (key "kind|stage|year signed"), ``py`` (year proposed), ``opd``
    (initiating OPD id), ``urusan`` (urusan id) or ``end`` (end date of an agreement in force).
    On PostgreSQL, statement triggers on the agreements, their urusan and their executing OPDs keep
    it exact in the same transaction as every change (ORM saves, bulk writes, ``update()``, COPY);
    see ``registry.dashboard``."""

    scope = models.IntegerField(default=0)
    dimension = models.CharField(max_length=8)
    key = models.CharField(max_length=120)
    n = models.BigIntegerField(default=0)

    class Meta:
        db_table = "agreements_registrytally"  # made before the registry app; kept as it is
        constraints = [models.UniqueConstraint(fields=["scope", "dimension", "key"], name="registry_tally_key")]

    def __str__(self):
        return f"{self.scope} {self.dimension} {self.key}: {self.n}"
