"""The light rule, as a table: one row per situation the rule distinguishes."""

from datetime import date

import pytest

from luoshi.plans.progress.lights import Light, Situation, compute_light, expected_progress, worst

START, DEADLINE = date(2025, 1, 1), date(2025, 12, 31)
MID = date(2025, 7, 2)  # half the year gone: ~50% expected


@pytest.mark.parametrize(
    "today, progress, deadline, returns, expected",
    [
        (MID, 50, DEADLINE, 0, Light.GREEN),  # on schedule
        (MID, 45, DEADLINE, 0, Light.GREEN),  # behind by under 10 points
        (MID, 35, DEADLINE, 0, Light.YELLOW),  # behind by more than 10
        (MID, 15, DEADLINE, 0, Light.RED),  # behind by more than 30
        (MID, 60, DEADLINE, 1, Light.YELLOW),  # returned once
        (MID, 60, DEADLINE, 2, Light.RED),  # returned twice in a row
        (date(2025, 12, 27), 99, DEADLINE, 0, Light.YELLOW),  # due within 7 days, unfinished
        (date(2026, 1, 1), 99, DEADLINE, 0, Light.RED),  # overdue, unfinished
        (date(2026, 1, 1), 100, DEADLINE, 2, Light.GREEN),  # finished is green whatever else
        (date(2030, 1, 1), 0, None, 0, Light.GREEN),  # no deadline: never red from time
        (date(2030, 1, 1), 0, None, 1, Light.YELLOW),  # ...only returns colour it
        (date(2030, 1, 1), 0, None, 2, Light.RED),
        (date(2024, 12, 1), 0, DEADLINE, 0, Light.GREEN),  # before the plan starts
    ],
)
def test_it_lights_each_situation(today, progress, deadline, returns, expected):
    situation = Situation(
        today=today, progress=progress, starts_on=START, deadline=deadline, returned_in_a_row=returns
    )
    assert compute_light(situation) == expected


def test_no_deadline_has_no_expected_progress():
    assert expected_progress(date(2030, 1, 1), START, None) is None


def test_expected_progress_without_start_jumps_at_the_deadline():
    assert expected_progress(date(2025, 6, 1), None, DEADLINE) == 0.0
    assert expected_progress(date(2026, 1, 1), None, DEADLINE) == 100.0


def test_worst_picks_the_most_severe():
    assert worst([]) == Light.GREEN
    assert worst(["green", "yellow"]) == Light.YELLOW
    assert worst(["yellow", "red", "green"]) == Light.RED
