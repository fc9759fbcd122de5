from __future__ import annotations

from django.urls import path

from movement.views import reports

app_name = "movement"

urlpatterns = [
    path("bao-cao/", reports.report_list, name="report_list"),
    path("bao-cao/lap/", reports.report_create, name="report_create"),
    path("bao-cao/<int:pk>/", reports.report_detail, name="report_detail"),
    path("bao-cao/<int:pk>/duyet/", reports.report_review, name="report_review"),
    path("bao-cao/<int:pk>/mo-lai/", reports.report_reopen, name="report_reopen"),
    path("tien-do/", reports.completeness, name="completeness"),
    path("tien-do/duyet-nhieu/", reports.bulk_approve, name="bulk_approve"),
]
