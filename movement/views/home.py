"""The home page: what each role has to do today."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from movement.models import Role, User
from movement.selectors import reports as report_selectors
from movement.selectors.records import recent_records
from movement.selectors.units import succession_of

# Parts of the home page that apps built on the movement add from their ``ready()`` (the
# reports app: the staff's yearly reports to export); each returns context for the template.
_SECTIONS: list[Callable[[User], dict[str, Any]]] = []


def register_home_section(section: Callable[[User], dict[str, Any]]) -> None:
    if section not in _SECTIONS:
        _SECTIONS.append(section)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    context: dict = {"today": today}
    if user.unit is not None and user.unit.valid_to and user.unit.valid_to <= today:
        # A unit that ceased in a reform: say so and name its successors, and do not flag
        # periods it can no longer report on as overdue.
        context["ceased"] = succession_of(user.unit)
    if user.has_role(Role.OFFICER):
        context["officer"] = report_selectors.officer_home(user=user, today=today)
        context["recent"] = recent_records(user=user, limit=5)
    if user.unit is not None and (user.has_role(Role.COMMITTEE) or user.is_superuser):
        periods = report_selectors.suggested_periods(unit=user.unit, today=today)
        context["to_review"] = report_selectors.reports_to_review(user=user)
        if periods:
            board = report_selectors.completeness_board(
                user=user,
                unit=user.unit,
                period=report_selectors.period_to_chase(periods=periods, today=today),
                today=today,
            )
            if board.rows:
                context["board"] = board
            elif "officer" not in context:
                # A commune's committee has no unit below it in the catalogue: it follows its
                # own commune's reports, which the province's committee reviews.
                context["own"] = report_selectors.officer_home(user=user, today=today).latest
    for section in _SECTIONS:
        context.update(section(user))
    return render(request, "movement/home.html", context)
