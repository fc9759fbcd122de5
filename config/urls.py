from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.urls import include, path

from movement import urls as movement_urls
from movement.views.home import home
from movement.views.media import protected_media
from reports import urls as reports_urls


def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def server_error(request: HttpRequest) -> HttpResponse:
    """The Vietnamese 500 page with the menu; a plain one when even that fails (database down)."""
    try:
        body = loader.render_to_string(
            "500.html", {"request_id": getattr(request, "request_id", "")}, request
        )
    except Exception:  # the menu needs the session and the user: the database may be the fault
        body = loader.render_to_string("500_plain.html")
    return HttpResponseServerError(body)


handler500 = server_error

admin.site.site_header = "Phong trào Toàn dân bảo vệ an ninh Tổ quốc"
admin.site.site_title = "Cổng ANTQ"
admin.site.index_title = "Quản trị dữ liệu"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(settings.MEDIA_URL.strip("/") + "/<path:name>", protected_media, name="media"),
    path("admin/", admin.site.urls),
    path("so-theo-doi/", include(movement_urls.records_urls)),
    path("bang-dieu-khien/", include("reports.urls")),
    path("bao-cao-tong-ket/", include(reports_urls.summary_urls)),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", home, name="home"),
    path("", include("movement.urls")),
]
