from __future__ import annotations

from django.urls import path

from reports import summary_views as views

app_name = "summary"

urlpatterns = [
    path("", views.summary_list, name="list"),
    path("tao/", views.summary_create, name="create"),
    path("<int:pk>/", views.summary_edit, name="edit"),
    path("<int:pk>/soan-lai/", views.summary_redraft, name="redraft"),
    path("<int:pk>/xem/", views.summary_preview, name="preview"),
    path("<int:pk>/xuat/<str:fmt>/", views.summary_export, name="export"),
    path("tep/<int:pk>/", views.file_download, name="file"),
    path("doi-chieu/", views.verify, name="verify"),
    path("hang-loat/", views.batch_start, name="batch_start"),
    path("hang-loat/<int:pk>/", views.batch_detail, name="batch"),
]
