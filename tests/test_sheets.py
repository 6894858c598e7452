"""Variant 0 is the sheets' own data: what the booklet states as given equals each oracle
module's SHEET, typed from the sheet (the oracles then start from that data)."""

from __future__ import annotations

import pytest
import sympy as sp

from checks.oracles import module_for
from checks.verify import equal, given_of
from tests.conftest import chosen_tasks

WITH_SHEET_DATA = [t.id for t in chosen_tasks() if getattr(module_for(t.id), "SHEET", None)]


@pytest.mark.per_task
@pytest.mark.parametrize("task_id", WITH_SHEET_DATA)
def test_given_data_is_the_sheets(booklet, task_id):
    given = given_of(booklet.ledger, task_id)
    for path, value in module_for(task_id).SHEET.items():
        assert equal(given[path], sp.sympify(value)), f"{task_id}.given.{path}"
