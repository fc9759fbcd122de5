"""Sổ theo dõi: list, create, edit and delete pages of the five registries."""

from __future__ import annotations

from django.urls import path

from movement.views import records

app_name = "records"

SLUGS = {
    "propaganda": "tuyen-truyen",
    "festival": "ngay-hoi",
    "group": "to-tu-quan",
    "model": "mo-hinh",
    "recognition": "an-toan-antt",
}

urlpatterns = [path("", records.records_index, name="index")]
for kind, slug in SLUGS.items():
    urlpatterns += [
        path(f"{slug}/", records.record_list, {"kind": kind}, name=f"{kind}_list"),
        path(f"{slug}/them/", records.record_create, {"kind": kind}, name=f"{kind}_create"),
        path(f"{slug}/<int:pk>/sua/", records.record_update, {"kind": kind}, name=f"{kind}_update"),
        path(f"{slug}/<int:pk>/xoa/", records.record_delete, {"kind": kind}, name=f"{kind}_delete"),
    ]
