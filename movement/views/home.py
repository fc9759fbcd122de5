"""The home page: what each role has to do today."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import F
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
        from reports.models import SummaryReport

        # Each approved yearly report with the báo cáo tổng kết of its unit and year, if any.
        summaries = SummaryReport.objects.for_user(user).filter(cluster__isnull=True)
        summary_of = {
            (unit_id, year): pk
            for unit_id, year, pk in summaries.filter(first_year=F("last_year")).values_list(
                "unit_id", "first_year", "pk"
            )
        }
        context["exportable"] = [
            {"report": r, "summary": summary_of.get((r.unit_id, r.period_start.year))}
            for r in selectors.exportable_reports(user=user)
        ]
        context["summaries"] = list(summaries.select_related("unit").order_by("-updated_at")[:5])
    return render(request, "movement/home.html", context)
