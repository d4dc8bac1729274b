"""The legal calendar: working days with the holiday table, calendar months, and seeding the
national holidays and cuti bersama from the ``holidays`` package (Indonesia)."""

import calendar
import datetime

from .choices import HolidayKind


def add_months(day, months):
    """The same day ``months`` calendar months later (or earlier), clamped to the month's end:
    31 August + 6 months is 28 February (29 in a leap year)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def add_working_days(start, days, off=None):
    """``days`` working days after ``start``: Monday–Friday, not a national holiday nor a cuti
    bersama of the admin's holiday table.  ``start`` itself is not counted (the day of receipt).
    ``off``: the holiday dates, when the caller has read them already (``holidays_between``)."""
    # Generous window: 45 working days never span more than ~100 calendar days, even at Lebaran.
    if off is None:
        off = holidays_between(start, start + datetime.timedelta(days=days * 2 + 60))
    current = start
    while days > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5 and current not in off:
            days -= 1
    return current


def holidays_between(start, end):
    """The set of holiday dates from ``start`` to ``end`` (one query)."""
    from .models import Holiday

    return Holiday.objects.dates_between(start, end)


def working_days_between(start, end, off=None):
    """Working days after ``start`` up to and including ``end`` (same calendar as
    ``add_working_days``): how much of the DPRD's 45 days has run."""
    if end <= start:
        return 0
    if off is None:
        off = holidays_between(start, end)
    # Whole weeks have five working days each; then the few days left, less the holidays on a
    # weekday in the range (a clock years old costs no more than a fresh one).
    weeks, rest = divmod((end - start).days, 7)
    last_week = (start + datetime.timedelta(days=7 * weeks + offset) for offset in range(1, rest + 1))
    weekdays = weeks * 5 + sum(1 for day in last_week if day.weekday() < 5)
    return weekdays - sum(1 for day in off if start < day <= end and day.weekday() < 5)


def national_holidays(years):
    """(date, Indonesian name, kind) for the years given: public holidays and the cuti bersama the
    ``holidays`` package knows (the government category)."""
    import holidays

    rows = []
    for category, kind in (("public", HolidayKind.NASIONAL), ("government", HolidayKind.CUTI_BERSAMA)):
        for day, name in holidays.Indonesia(years=years, language="id", categories=(category,)).items():
            rows.append((day, name, kind))
    return sorted(rows)


def seed_holidays(Holiday, years):
    """Insert the holidays of ``years`` that are not in the table yet (matched by date), so rows
    the Bagian Kerja Sama edited or added stay as they are.  Returns the number created."""
    existing = set(Holiday.objects.filter(date__year__in=list(years)).values_list("date", flat=True))
    new = [Holiday(date=d, name=name[:200], kind=kind) for d, name, kind in national_holidays(list(years)) if d not in existing]
    # one row per date: two names on one day keep the first
    unique = list({h.date: h for h in reversed(new)}.values())
    Holiday.objects.bulk_create(unique, ignore_conflicts=True)
    return len(unique)


def years_in_use(today=None):
    """The years whose holidays the registry needs: last year to two years ahead."""
    year = (today or datetime.date.today()).year
    return range(year - 1, year + 3)
