"""Timestamps of the audit format: RFC 3339, UTC, ``Z``, whole seconds or milliseconds.

Times are compared as instants (integer milliseconds since the epoch), so
``...:00Z`` and ``...:00.000Z`` are the same time.
"""

from __future__ import annotations

import calendar
import re

_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3})?Z", re.ASCII)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_CACHE_SIZE = 1 << 12
# A record names each of its instants several times (transitions, manifests), and the
# records of one export share their minutes: both are remembered, in bounded dicts.
_INSTANTS: dict[str, int | None] = {}
_MINUTES: dict[str, int | None] = {}


def parse_ms(text: object) -> int | None:
    """Milliseconds since the epoch, or None when ``text`` is not an allowed timestamp."""
    if type(text) is not str:
        return None
    try:
        return _INSTANTS[text]
    except KeyError:
        pass
    return _remember(_INSTANTS, text, _parse(text))


def _remember(cache: dict[str, int | None], key: str, value: int | None) -> int | None:
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[key] = value
    return value


def clear_caches() -> None:
    _INSTANTS.clear()
    _MINUTES.clear()


def _parse(text: str) -> int | None:
    if len(text) > 24 or _TIMESTAMP.fullmatch(text) is None:
        return None
    # The pattern fixed every position: YYYY-MM-DDTHH:MM:SS[.mmm]Z.
    prefix = text[:16]
    try:
        minute = _MINUTES[prefix]
    except KeyError:
        minute = _remember(_MINUTES, prefix, _minute_ms(prefix))
    second = int(text[17:19])
    if minute is None or second > 59:
        return None
    return minute + second * 1000 + (int(text[20:23]) if len(text) == 24 else 0)


def _minute_ms(prefix: str) -> int | None:
    """``YYYY-MM-DDTHH:MM`` (digits already checked) as ms since the epoch, None if no such."""
    year, month, day = int(prefix[:4]), int(prefix[5:7]), int(prefix[8:10])
    hour, minute = int(prefix[11:13]), int(prefix[14:16])
    if not (1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]):
        return None
    if (month == 2 and day == 29 and not calendar.isleap(year)) or hour > 23 or minute > 59:
        return None
    return _days_from_civil(year, month, day) * 86_400_000 + (hour * 60 + minute) * 60_000


def _days_from_civil(year: int, month: int, day: int) -> int:
    # Howard Hinnant's algorithm: proleptic Gregorian date to days since 1970-01-01.
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def show(instant: int | None) -> str:
    """An instant back as a timestamp (milliseconds shown), ``open`` for None."""
    if instant is None:
        return "open"
    seconds, millis = divmod(instant, 1000)
    days, rest = divmod(seconds, 86400)
    hour, rest = divmod(rest, 3600)
    minute, second = divmod(rest, 60)
    year, month, day = _civil_from_days(days)
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}.{millis:03d}Z"


def _civil_from_days(days: int) -> tuple[int, int, int]:
    days += 719468
    era = days // 146097
    doe = days - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day
