"""The portal's URLs plus one view that fails, to see the 500 page (test-only URLconf)."""

from django.urls import path

from config.urls import handler500, urlpatterns  # noqa: F401  (handler500 is read from here)


def broken(request):
    raise RuntimeError("lỗi thử")


urlpatterns = [path("loi-thu/", broken), *urlpatterns]
