"""The registry of scenarios, in the order `make bench` runs them. A module adds its scenario here."""

from __future__ import annotations

from ..measure import Scenario
from . import (
    attendance_import,
    attendance_recap,
    attendance_rush,
    deadlines_compliance,
    directory_import,
    employee_list_api,
    letters_esurat,
    planning_round,
)

SCENARIOS: dict[str, Scenario] = {
    scenario.name: scenario
    for scenario in (
        directory_import.SCENARIO,
        employee_list_api.SCENARIO,
        deadlines_compliance.SCENARIO,
        letters_esurat.SCENARIO,
        attendance_rush.SCENARIO,
        attendance_import.SCENARIO,
        attendance_recap.SCENARIO,
        planning_round.SCENARIO,
    )
}
