from __future__ import annotations

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("xuat/<slug:figure>.xlsx", views.export, name="export"),
    path("cum/<int:pk>/", views.cluster_detail, name="cluster"),
]
