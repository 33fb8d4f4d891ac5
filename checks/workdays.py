"""The Chinese working-day calendar (法定节假日与调休) behind the 20- and 3-working-day rules (docs/checks.md).

The State Council publishes each year's holidays and make-up working days (调休) the year before;
`chinese_calendar` carries them for the years it knows (2004–2026 in 1.11). For other years the
calendar falls back to Monday–Friday, corrected by the dates an office lists in
`docs.extra_holidays` / `docs.extra_workdays`; `basis()` says which rule a count rests on, so a
finding can show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Literal

import chinese_calendar

Basis = Literal["chinese_calendar", "config", "weekdays"]


@cache
def _official_data_for(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@dataclass(frozen=True)
class WorkdayCalendar:
    extra_holidays: frozenset[date] = frozenset()  # the office's own list wins over the library
    extra_workdays: frozenset[date] = frozenset()

    def is_workday(self, day: date) -> bool:
        if day in self.extra_workdays:
            return True
        if day in self.extra_holidays:
            return False
        if _official_data_for(day.year):
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5

    def working_days_after(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`: published on the 20th working day
        after 成文日期 gives 20. 0 when `end` is not after `start`."""
        return sum(self.is_workday(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))

    def basis(self, start: date, end: date) -> Basis:
        """What the count between two dates rests on: the official data for every year involved; the
        office's own dates for the years the library lacks; or plain Monday–Friday."""
        missing = [year for year in range(start.year, end.year + 1) if not _official_data_for(year)]
        if not missing:
            return "chinese_calendar"
        listed = {day.year for day in self.extra_holidays | self.extra_workdays}
        return "config" if set(missing) <= listed else "weekdays"
