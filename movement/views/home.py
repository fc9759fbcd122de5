"""The home page: what each role has to do today."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from movement import selectors
from movement.models import Role
from movement.selectors_records import recent_records


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    context: dict = {"today": today}
    if user.has_role(Role.OFFICER):
        context["officer"] = selectors.officer_home(user=user, today=today)
        context["recent"] = recent_records(user=user, limit=5)
    if user.unit is not None and (user.has_role(Role.COMMITTEE) or user.is_superuser):
        periods = selectors.suggested_periods(unit=user.unit, today=today)
        context["to_review"] = selectors.reports_to_review(user=user)
        if periods:
            context["board"] = selectors.completeness_board(
                user=user, unit=user.unit, period=periods[0], today=today
            )
    if user.has_role(Role.STAFF):
        context["exportable"] = selectors.exportable_reports(user=user)
    return render(request, "movement/home.html", context)
