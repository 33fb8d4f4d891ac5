"""checks/workdays.py: working days on the Chinese calendar, with 调休, and its fallback past 2026."""

from __future__ import annotations

from datetime import date

import pytest

from checks.workdays import WorkdayCalendar

OFFICIAL = WorkdayCalendar()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 10, 5), False),  # Monday in the National Day week
        (date(2026, 10, 10), True),  # Saturday worked (调休)
        (date(2026, 9, 20), True),  # Sunday worked (调休)
        (date(2026, 9, 25), False),  # Friday, 中秋节
        (date(2026, 10, 12), True),  # an ordinary Monday
        (date(2026, 10, 11), False),  # an ordinary Sunday
    ],
)
def test_official_holidays_and_make_up_days(day: date, expected: bool) -> None:
    assert OFFICIAL.is_workday(day) is expected


@pytest.mark.parametrize(("end", "count"), [(date(2026, 10, 20), 20), (date(2026, 10, 21), 21)])
def test_counting_across_national_day_2026(end: date, count: int) -> None:
    # Wed 09-16: 09-17..18, Sun 09-20, 09-21..24, 09-28..30, 10-08..10 (Sat worked), 10-12..16, 10-19..
    assert OFFICIAL.working_days_after(date(2026, 9, 16), end) == count


def test_a_real_boundary_across_new_year_2019() -> None:
    # 国办发〔2018〕118号: 成文 2018-12-05, 发布 2019-01-03. Saturday 12-29 worked, 12-31 and 01-01 off:
    # the 20th working day exactly. Monday to Friday alone would count 21.
    assert OFFICIAL.working_days_after(date(2018, 12, 5), date(2019, 1, 3)) == 20
    assert OFFICIAL.basis(date(2018, 12, 5), date(2019, 1, 3)) == "chinese_calendar"


@pytest.mark.parametrize("end", [date(2026, 9, 16), date(2026, 9, 1)])
def test_nothing_to_count_when_the_end_is_not_later(end: date) -> None:
    assert OFFICIAL.working_days_after(date(2026, 9, 16), end) == 0


def test_a_holiday_is_not_counted_on_the_day_after_start() -> None:
    assert OFFICIAL.working_days_after(date(2026, 9, 30), date(2026, 10, 7)) == 0
    assert OFFICIAL.working_days_after(date(2026, 9, 30), date(2026, 10, 8)) == 1


def test_years_without_data_fall_back_to_monday_to_friday() -> None:
    assert OFFICIAL.is_workday(date(2027, 1, 1))  # a Friday, New Year's Day: unknown without data
    assert not OFFICIAL.is_workday(date(2027, 1, 2))
    assert OFFICIAL.working_days_after(date(2027, 1, 4), date(2027, 1, 11)) == 5
    assert OFFICIAL.basis(date(2027, 1, 4), date(2027, 1, 11)) == "weekdays"
    assert OFFICIAL.basis(date(2026, 12, 20), date(2027, 1, 11)) == "weekdays"
    assert OFFICIAL.basis(date(1981, 5, 23), date(1981, 6, 30)) == "weekdays"


def test_the_office_can_list_the_days_of_a_year_without_data() -> None:
    calendar = WorkdayCalendar(extra_holidays=frozenset({date(2027, 1, 1)}),
                               extra_workdays=frozenset({date(2027, 1, 9)}))  # a Saturday
    assert not calendar.is_workday(date(2027, 1, 1))
    assert calendar.is_workday(date(2027, 1, 9))
    assert calendar.working_days_after(date(2026, 12, 31), date(2027, 1, 11)) == 7
    assert calendar.basis(date(2026, 12, 31), date(2027, 1, 11)) == "config"
    assert calendar.basis(date(2026, 12, 31), date(2028, 1, 11)) == "weekdays"  # 2028 not listed


def test_the_office_list_wins_over_the_library() -> None:
    calendar = WorkdayCalendar(extra_holidays=frozenset({date(2026, 10, 12)}))
    assert not calendar.is_workday(date(2026, 10, 12))
    assert calendar.basis(date(2026, 10, 1), date(2026, 10, 30)) == "chinese_calendar"
