"""The plumbing every reminder shares: when it is morning in a time zone (daylight saving
included), and what an unknown zone counts as. The selections built on it are tested with the
reminders that use them (tests/careermaps, tests/succession)."""

from __future__ import annotations

from datetime import date, datetime

from apps.notifications.scheduling import local_mornings, utc

# --------------------------------------------------------------------------- the morning


def _zones_in_the_morning(now: datetime, *zones: str) -> set[str]:
    return {day.name for day in local_mornings(now, zones)}


def test_it_is_morning_from_8_to_11_local_time() -> None:
    zones = ("UTC", "Asia/Tokyo", "America/Los_Angeles", "Asia/Kolkata")
    # 07:59 UTC: 16:59 Tokyo, 23:59 LA (PST, -8), 13:29 Kolkata: nobody's morning.
    assert _zones_in_the_morning(utc(2026, 1, 5, 7, 59), *zones) == set()
    assert _zones_in_the_morning(utc(2026, 1, 5, 8), *zones) == {"UTC"}
    assert _zones_in_the_morning(utc(2026, 1, 5, 11, 59), *zones) == {"UTC"}
    assert _zones_in_the_morning(utc(2026, 1, 5, 23), *zones) == {"Asia/Tokyo"}  # 08:00 JST
    assert _zones_in_the_morning(utc(2026, 1, 5, 16), *zones) == {"America/Los_Angeles"}
    # 03:00 UTC: 08:30 in Kolkata (+05:30), 12:00 in Tokyo.
    assert _zones_in_the_morning(utc(2026, 1, 5, 3), *zones) == {"Asia/Kolkata"}


def test_the_morning_follows_daylight_saving_in_spring() -> None:
    # London moves to BST (UTC+1) at 01:00 UTC on Sunday 29 March 2026.
    assert _zones_in_the_morning(utc(2026, 3, 28, 7, 30), "Europe/London") == set()  # 07:30 GMT
    assert _zones_in_the_morning(utc(2026, 3, 29, 7, 30), "Europe/London") == {"Europe/London"}
    # New York moves to EDT (UTC-4) on Sunday 8 March 2026.
    assert _zones_in_the_morning(utc(2026, 3, 7, 12, 30), "America/New_York") == set()  # 07:30
    assert _zones_in_the_morning(utc(2026, 3, 8, 12, 30), "America/New_York") == {
        "America/New_York"
    }  # 08:30 EDT


def test_the_morning_follows_daylight_saving_in_autumn() -> None:
    # London returns to GMT at 01:00 UTC on Sunday 25 October 2026.
    assert _zones_in_the_morning(utc(2026, 10, 24, 11, 30), "Europe/London") == set()  # 12:30
    assert _zones_in_the_morning(utc(2026, 10, 25, 11, 30), "Europe/London") == {
        "Europe/London"
    }  # 11:30 GMT


def test_an_unknown_time_zone_counts_as_utc() -> None:
    (day,) = local_mornings(utc(2026, 1, 5, 9), ["Mars/Olympus_Mons"])
    assert (day.name, day.sql_zone, day.today) == ("Mars/Olympus_Mons", "UTC", date(2026, 1, 5))
