"""The portal's URLs plus one deliberately unscoped page (test-only: the crawler must catch it)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as portal
from movement.models import PeriodReport


@login_required
def every_note(request):
    notes = PeriodReport.objects.exclude(review_comment="").values_list("review_comment", flat=True)
    return HttpResponse("\n".join(notes))


urlpatterns = [path("khong-gioi-han/", every_note, name="every_note_list"), *portal]
