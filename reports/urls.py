"""The reports app's pages: the dashboard (namespace ``reports``, under /bang-dieu-khien/) and the
báo cáo tổng kết (namespace ``summary``, under /bao-cao-tong-ket/)."""

from __future__ import annotations

from django.urls import path

from reports.dashboard import views as dashboard
from reports.summary import views as summary

app_name = "reports"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("xuat/<slug:figure>.xlsx", dashboard.export, name="export"),
    path("cum/<int:pk>/", dashboard.cluster_detail, name="cluster"),
    path("bieu-do/<str:key>.svg", dashboard.chart, name="chart"),
]

summary_urls = (
    [
        path("", summary.summary_list, name="list"),
        path("tao/", summary.summary_create, name="create"),
        path("<int:pk>/", summary.summary_edit, name="edit"),
        path("<int:pk>/soan-lai/", summary.summary_redraft, name="redraft"),
        path("<int:pk>/xem/", summary.summary_preview, name="preview"),
        path("<int:pk>/xuat/<str:fmt>/", summary.summary_export, name="export"),
        path("tep/<int:pk>/", summary.file_download, name="file"),
        path("doi-chieu/", summary.verify, name="verify"),
        path("hang-loat/", summary.batch_start, name="batch_start"),
        path("hang-loat/<int:pk>/", summary.batch_detail, name="batch"),
    ],
    "summary",
)
