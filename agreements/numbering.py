"""The home pemda's number for a cooperation document (domain.md §5.3).

Each party numbers a document in its own register; this module keeps the home pemda's register:
one sequence per document type and year (``NumberSequence``, unique per type and year), formatted
with ``settings.KERJASAMA["NUMBER_PATTERN"]``, e.g. ``{kode_klasifikasi}/{urut}/{kode_unit}/{tahun}``.
Placeholders: ``kode_klasifikasi``, ``urut`` (an int, so ``{urut:03d}`` pads it), ``kode_unit``,
``kode_dokumen`` (the document type's code), ``tahun``, ``bulan`` and ``bulan_romawi``.

Two users numbering at once never get the same number: the sequence row is locked
(``select_for_update``) and a concurrent first number of the year hits the unique constraint and
is retried.  A number typed by hand is kept with its reason in the party's audit history.

The register itself is the home party's number: ``AgreementParty.register_year`` is set on the home
party's row whenever it carries a number (0 when the pattern holds ``{tahun}``, since the text then
carries its year; else the year the number belongs to), and a partial unique constraint on
(number, register year) makes a number, once issued or typed, unique per pemda — across document
types too, whatever the pattern.  A typed number is thereby reserved: the sequence skips it.  A clash
is refused with ``NumberClash`` (an Indonesian ValidationError), never a database error.
"""

import string

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Agreement, AgreementParty, NumberSequence

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
PLACEHOLDERS = {"kode_klasifikasi", "urut", "kode_unit", "kode_dokumen", "tahun", "bulan", "bulan_romawi"}
RETRIES = 5
SKIP_LIMIT = 200  # numbers of the sequence already taken by typed numbers, skipped in one go


class NumberClash(ValidationError):
    """The number is already in the home pemda's register for another document."""


def pattern_has_year(pattern=None):
    pattern = pattern or settings.KERJASAMA["NUMBER_PATTERN"]
    return any(name == "tahun" for _text, name, _spec, _conv in string.Formatter().parse(pattern))


def register_year_for(party, year=None):
    """The register year of the home party's number: 0 when the pattern carries the year."""
    if pattern_has_year():
        return 0
    if year:
        return year
    agreement = party.agreement
    return agreement.signing_date.year if agreement.signing_date else timezone.localdate().year


def _clash(number):
    return NumberClash(_("The number %(number)s is already used by another document.") % {"number": number})


def register_party_number(party, save):
    """Called by ``AgreementParty.save``: enter the home party's number in the register, refusing a
    clash; ``save`` performs the actual write."""
    number = (party.document_number or "").strip()
    if not number or not party.partner.is_home:
        party.register_year = None
        result = save()
    elif getattr(party, "_loaded_number", None) == number and party.register_year is not None:
        result = save()
    else:
        party.register_year = register_year_for(party, getattr(party, "_register_year_hint", None))
        if number_in_use(number, exclude_party=party, register_year=party.register_year):
            raise _clash(number)
        try:
            with transaction.atomic():
                result = save()
        except IntegrityError as exc:
            if "home_number_unique_in_register" in str(exc) or "document_number" in str(exc):
                raise _clash(number) from exc
            raise
    party._loaded_number = number
    return result


def check_pattern(pattern):
    """Raise ImproperlyConfigured when the pattern uses an unknown placeholder or lacks ``{urut}``."""
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None}
    except ValueError as exc:
        raise ImproperlyConfigured(f"NUMBER_PATTERN {pattern!r} is not a valid pattern: {exc}")
    unknown = names - PLACEHOLDERS
    if unknown:
        raise ImproperlyConfigured(f"NUMBER_PATTERN uses unknown placeholders: {', '.join(sorted(unknown))}")
    if "urut" not in names:
        raise ImproperlyConfigured("NUMBER_PATTERN must contain {urut}")


def format_number(sequence, *, date, document_type=None, pattern=None, classification=None, unit=None):
    """The number text for sequence ``sequence`` issued on ``date``."""
    config = settings.KERJASAMA
    pattern = pattern or config["NUMBER_PATTERN"]
    check_pattern(pattern)
    return pattern.format(
        kode_klasifikasi=classification if classification is not None else config["NUMBER_CLASSIFICATION_CODE"],
        urut=int(sequence),
        kode_unit=unit if unit is not None else config["NUMBER_UNIT_CODE"],
        kode_dokumen=document_type.code if document_type is not None else "",
        tahun=date.year,
        bulan=date.month,
        bulan_romawi=ROMAN_MONTHS[date.month - 1],
    )


def next_sequence(document_type, year):
    """Take the next number of ``document_type`` in ``year`` from the register; safe under concurrency."""
    for _attempt in range(RETRIES):
        try:
            with transaction.atomic():
                row = NumberSequence.objects.select_for_update().filter(document_type=document_type, year=year).first()
                if row is None:
                    # Two first numbers of the year at once: the unique constraint refuses one; retry.
                    row = NumberSequence.objects.create(document_type=document_type, year=year, last_number=1)
                else:
                    row.last_number += 1
                    row.save(update_fields=["last_number"])
                return row.last_number
        except IntegrityError:
            continue
    raise ValidationError(_("The number register is busy; try again."))


@transaction.atomic
def assign_home_number(agreement, user, today=None):
    """Give the home pemda's party of ``agreement`` the next number; returns the party."""
    locked = Agreement.objects.select_for_update().select_related("document_type").get(pk=agreement.pk)
    if locked.is_signed:
        raise ValidationError(_("A signed agreement keeps its numbers; change it through an addendum."))
    party = AgreementParty.objects.select_related("partner").filter(agreement=locked, partner__is_home=True).first()
    if party is None:
        raise ValidationError(_("The home region is not a party to this agreement yet; add it first."))
    if party.document_number:
        raise ValidationError(
            _("The home region's number is already %(number)s; change it by hand with a reason.")
            % {"number": party.document_number}
        )
    today = today or timezone.localdate()
    party._change_reason = None
    party._history_user = user
    party._register_year_hint = today.year
    for _attempt in range(SKIP_LIMIT):
        sequence = next_sequence(locked.document_type, today.year)
        number = format_number(sequence, date=today, document_type=locked.document_type)
        if number_in_use(number, register_year=register_year_for(party, today.year)):
            continue  # typed by hand earlier (or another type's number): reserved, take the next
        party.document_number = number
        party._change_reason = _("Number %(number)s taken from the register.") % {"number": number}
        try:
            party.save(update_fields=["document_number"])
        except NumberClash:
            continue  # taken at the same moment by another document type: take the next
        return party
    raise ValidationError(_("The number register is busy; try again."))


def number_in_use(number, exclude_party=None, register_year=None):
    """Whether another document already carries ``number`` in the home pemda's register (in
    ``register_year`` of the register when given)."""
    qs = AgreementParty.objects.filter(partner__is_home=True, document_number=number)
    if register_year is not None:
        qs = qs.filter(Q(register_year=register_year) | Q(register_year__isnull=True))
    if exclude_party is not None:
        qs = qs.exclude(pk=exclude_party.pk)
    return qs.exists()


@transaction.atomic
def set_number(party, number, user, reason=""):
    """Type a party's number by hand.  Changing the home pemda's number, or replacing any number,
    needs a reason, which is kept in the party's history."""
    party = AgreementParty.objects.select_for_update().select_related("partner", "agreement").get(pk=party.pk)
    number = (number or "").strip()
    reason = (reason or "").strip()
    if party.agreement.is_signed:
        raise ValidationError(_("A signed agreement keeps its numbers; change it through an addendum."))
    if number == party.document_number:
        return party
    if (party.partner.is_home or party.document_number) and not reason:
        raise ValidationError(
            _("Give the reason for changing the number of %(party)s.") % {"party": party.partner.name}
        )
    if number and party.partner.is_home and number_in_use(
        number, exclude_party=party, register_year=register_year_for(party)
    ):
        raise _clash(number)
    party.document_number = number
    party._change_reason = reason or _("Number entered.")
    party._history_user = user
    party.save(update_fields=["document_number"])
    return party
