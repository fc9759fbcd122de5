"""The office staff's part of the home page: yearly reports ready to export and recent drafts."""

from __future__ import annotations

from typing import Any

from django.db.models import F

from movement.models import Role, User
from movement.selectors import reports as report_selectors
from reports.summary.models import SummaryReport


def staff_home(user: User) -> dict[str, Any]:
    if not user.has_role(Role.STAFF):
        return {}
    # Each approved yearly report with the báo cáo tổng kết of its unit and year, if any.
    summaries = SummaryReport.objects.for_user(user).filter(cluster__isnull=True)
    summary_of = {
        (unit_id, year): pk
        for unit_id, year, pk in summaries.filter(first_year=F("last_year")).values_list(
            "unit_id", "first_year", "pk"
        )
    }
    return {
        "exportable": [
            {"report": r, "summary": summary_of.get((r.unit_id, r.period_start.year))}
            for r in report_selectors.exportable_reports(user=user)
        ],
        "summaries": list(summaries.select_related("unit").order_by("-updated_at")[:5]),
    }
