"""The movement app's pages: period reports and their workflow (namespace ``movement``) and the
sổ theo dõi of the five registries (namespace ``records``, under /so-theo-doi/)."""

from __future__ import annotations

from django.urls import path

from movement.views import audit, exports, records, reports

app_name = "movement"

urlpatterns = [
    path("bao-cao/", reports.report_list, name="report_list"),
    path("bao-cao/lap/", reports.report_create, name="report_create"),
    path("bao-cao/<int:pk>/", reports.report_detail, name="report_detail"),
    path("bao-cao/<int:pk>/duyet/", reports.report_review, name="report_review"),
    path("bao-cao/<int:pk>/mo-lai/", reports.report_reopen, name="report_reopen"),
    path("tien-do/", reports.completeness, name="completeness"),
    path("tien-do/duyet-nhieu/", reports.bulk_approve, name="bulk_approve"),
    path("nhat-ky/", audit.audit_log, name="audit"),
    path("nhat-ky/xuat.xlsx", audit.audit_export, name="audit_export"),
    path("tep-xuat/", exports.export_job_list, name="export_jobs"),
    path("tep-xuat/<int:pk>/", exports.export_job_detail, name="export_job"),
    path("tep-xuat/<int:pk>/tai/", exports.export_job_download, name="export_download"),
]

RECORD_SLUGS = {
    "propaganda": "tuyen-truyen",
    "festival": "ngay-hoi",
    "group": "to-tu-quan",
    "model": "mo-hinh",
    "recognition": "an-toan-antt",
}

record_urlpatterns = [path("", records.records_index, name="index")]
for kind, slug in RECORD_SLUGS.items():
    record_urlpatterns += [
        path(f"{slug}/", records.record_list, {"kind": kind}, name=f"{kind}_list"),
        path(f"{slug}/them/", records.record_create, {"kind": kind}, name=f"{kind}_create"),
        path(f"{slug}/<int:pk>/sua/", records.record_update, {"kind": kind}, name=f"{kind}_update"),
        path(f"{slug}/<int:pk>/xoa/", records.record_delete, {"kind": kind}, name=f"{kind}_delete"),
    ]
records_urls = (record_urlpatterns, "records")
