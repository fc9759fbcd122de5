"""Records pages: officers enter and correct their commune's registries (DESIGN §3)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods

from movement.forms.records import (
    CommendationFormSetFactory,
    FestivalForm,
    GroupForm,
    MemberFormSetFactory,
    MovementModelForm,
    PropagandaForm,
    RecognitionForm,
)
from movement.models import Unit, unit_in_scope
from movement.params import id_param
from movement.selectors.records import (
    REGISTRIES,
    ListFilters,
    Registry,
    recent_records,
    record_page,
    registry_counts,
    selected_unit,
    unit_base,
    unit_drill,
)

FORMS = {
    "propaganda": PropagandaForm,
    "festival": FestivalForm,
    "group": GroupForm,
    "model": MovementModelForm,
    "recognition": RecognitionForm,
}
FORMSETS = {
    "festival": (
        CommendationFormSetFactory,
        "khen_thuong",
        "Khen thưởng nhân dịp ngày hội",
        "Khen thưởng",
    ),
    "group": (MemberFormSetFactory, "thanh_vien", "Thành viên tổ", "Thành viên"),
}
NOT_FOUND = "Không tìm thấy bản ghi hoặc bạn không có quyền xem."
TOKENS_KEPT = 50


def registry_for(kind: str) -> Registry:
    try:
        return REGISTRIES[kind]
    except KeyError:
        raise Http404(NOT_FOUND) from None


def can_write(user: Any, registry: Registry, action: str = "change") -> bool:
    """Officers and administrators write (role permissions); committees and office staff only read."""
    return user.has_perm(f"movement.{action}_{registry.model._meta.model_name}")


def get_record_for_user(request: HttpRequest, registry: Registry, pk: int) -> Model:
    """The record if it lies in the user's units, else 404 (never 403: its existence stays hidden)."""
    obj = (
        registry.model.objects.for_user(request.user)
        .select_related(*registry.select_related)
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        raise Http404(NOT_FOUND)
    return obj


def edit_base(user: Any, obj: Model | None, chosen: str | None = None) -> Unit | None:
    """Units offered in the form: the user's unit (or the unit chosen in the list's
    drill-down) and those directly below it; for a record already on a lower unit,
    that unit's parent when the user may see it."""
    base = unit_base(user)
    if id_param(chosen) and (obj is None or obj.pk is None):
        base = selected_unit(user, id_param(chosen)) or base
    if obj is not None and obj.pk and obj.unit.parent_id:
        parent = obj.unit.parent
        if unit_in_scope(user, parent) and parent.pk != getattr(base, "pk", None):
            return parent
    return base


@login_required
def records_index(request: HttpRequest) -> HttpResponse:
    counts = registry_counts(user=request.user)
    registries = [(r, counts[key]) for key, r in REGISTRIES.items()]
    return render(
        request,
        "movement/records/index.html",
        {"registries": registries, "recent": recent_records(user=request.user, limit=10)},
    )


@login_required
def record_list(request: HttpRequest, kind: str) -> HttpResponse:
    registry = registry_for(kind)
    filters = ListFilters.from_query(request.GET, registry)
    unit = selected_unit(request.user, filters.unit_id)
    page = record_page(
        registry=registry,
        user=request.user,
        filters=filters,
        unit=unit,
        page=request.GET.get("trang"),
    )
    query = request.GET.copy()
    query.pop("trang", None)
    without_dates = query.copy()
    for name in ("tu", "den"):
        without_dates.pop(name, None)
    return render(
        request,
        f"movement/records/{kind}_list.html",
        {
            "registry": registry,
            "page": page,
            "filters": filters,
            "drill": unit_drill(request.user, unit),
            "query": query.urlencode(),
            "query_without_dates": without_dates.urlencode(),
            "can_add": can_write(request.user, registry, "add"),
            "years": range(timezone.localdate().year + 1, 1999, -1),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest, kind: str) -> HttpResponse:
    registry = registry_for(kind)
    if not can_write(request.user, registry, "add"):
        raise PermissionDenied("Bạn chỉ có quyền xem sổ theo dõi này.")
    return edit_page(request, registry, registry.model())


@login_required
@require_http_methods(["GET", "POST"])
def record_update(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    registry = registry_for(kind)
    return edit_page(request, registry, get_record_for_user(request, registry, pk))


@login_required
@require_http_methods(["GET", "POST"])
def record_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    registry = registry_for(kind)
    obj = get_record_for_user(request, registry, pk)
    if not can_write(request.user, registry, "delete"):
        raise PermissionDenied("Bạn chỉ có quyền xem sổ theo dõi này.")
    if request.method == "POST":
        label = str(obj)
        with transaction.atomic():
            if kind == "festival":
                # Commendations entered on the festival's page go with it.
                for commendation in obj.commendations.all():
                    commendation.delete()
            obj.delete()
        messages.success(request, f"Đã xóa {registry.singular} «{label}».")
        return redirect(registry.url("list"))
    related = obj.commendations.count() if kind == "festival" else None
    if kind == "group":
        related = obj.members.count()
    return render(
        request,
        "movement/records/confirm_delete.html",
        {"registry": registry, "object": obj, "related": related},
    )


def edit_page(request: HttpRequest, registry: Registry, obj: Model) -> HttpResponse:
    kind = registry.key
    creating = obj.pk is None
    writable = can_write(request.user, registry, "add" if creating else "change")
    form_class = FORMS[kind]
    formset_factory, prefix, formset_title, row_label = FORMSETS.get(kind, (None, "", "", ""))
    base = edit_base(request.user, obj, request.GET.get("don_vi"))
    data = request.POST if request.method == "POST" else None
    if data is not None and not writable:
        raise PermissionDenied("Bạn chỉ có quyền xem bản ghi này.")

    if data is not None and creating:
        done = already_created(request, registry, data.get("form_token", ""))
        if done is not None:
            return done

    form = form_class(data, instance=obj, base=base)
    formset = formset_factory(data, instance=obj, prefix=prefix) if formset_factory else None
    if data is not None:
        valid = form.is_valid()
        if formset is not None:
            if hasattr(formset, "set_unit"):
                formset.set_unit(form.instance.unit if form.instance.unit_id else None)
            valid = formset.is_valid() and valid
        if valid:
            saved = save_record(request, registry, form, formset, creating)
            if saved is not None:
                verb = "Đã thêm" if creating else "Đã lưu"
                messages.success(request, f"{verb} {registry.singular} «{saved}».")
                return redirect(registry.url("list"))
        else:
            messages.error(request, "Chưa lưu: vui lòng sửa các mục được đánh dấu bên dưới.")
    if not writable:
        for field in form.fields.values():
            field.disabled = True
        if formset is not None:
            for sub in formset.forms:
                for field in sub.fields.values():
                    field.disabled = True
    return render(
        request,
        "movement/records/form.html",
        {
            "registry": registry,
            "object": obj,
            "creating": creating,
            "writable": writable,
            "form": form,
            "formset": formset,
            "formset_title": formset_title,
            "row_label": row_label,
            "can_delete": not creating and can_write(request.user, registry, "delete"),
        },
    )


def already_created(request: HttpRequest, registry: Registry, token: str) -> HttpResponse | None:
    """A second POST of the same creation form (double click, back and resend) creates nothing."""
    pk = request.session.get("record_form_tokens", {}).get(token) if token else None
    if pk is None:
        return None
    messages.info(
        request,
        f"{registry.singular[:1].upper()}{registry.singular[1:]} này đã được lưu ở lần gửi trước; không tạo thêm bản ghi.",
    )
    if registry.model.objects.for_user(request.user).filter(pk=pk).exists():
        return redirect(registry.url("update", pk=pk))
    return redirect(registry.url("list"))


def remember_token(request: HttpRequest, token: str, pk: int) -> None:
    tokens = dict(request.session.get("record_form_tokens", {}))
    tokens[token] = pk
    request.session["record_form_tokens"] = dict(list(tokens.items())[-TOKENS_KEPT:])


def post_fingerprint(request: HttpRequest) -> str:
    items = sorted(
        (key, value)
        for key, values in request.POST.lists()
        if key != "csrfmiddlewaretoken"
        for value in values
    )
    return hashlib.sha256(repr(items).encode()).hexdigest()


def is_replay(request: HttpRequest, registry: Registry, pk: int) -> bool:
    """The very same edit POSTed again (double click, resend): it is already saved."""
    saved = request.session.get("record_last_edit", {})
    return saved.get(f"{registry.key}:{pk}") == post_fingerprint(request)


def remember_edit(request: HttpRequest, registry: Registry, pk: int) -> None:
    request.session["record_last_edit"] = {f"{registry.key}:{pk}": post_fingerprint(request)}


def stale_message(changed_at: Any) -> str:
    when = date_format(timezone.localtime(changed_at), "H:i d/m/Y")
    return (
        f"Bản ghi này đã được sửa lúc {when}, sau khi bạn mở trang. Thay đổi của bạn CHƯA được lưu "
        "để không ghi đè lên bản mới hơn. Nội dung bạn nhập vẫn còn dưới đây: hãy mở bản mới nhất "
        "(liên kết bên dưới) trong thẻ khác, đối chiếu rồi nhập lại."
    )


def save_record(
    request: HttpRequest,
    registry: Registry,
    form: BaseForm,
    formset: Any,
    creating: bool,
) -> Model | None:
    """Save the record and its rows in one transaction; refuse a save over a newer version."""
    token = form.cleaned_data.get("form_token") or ""
    try:
        with transaction.atomic():
            if not creating:
                current = (
                    registry.model.objects.select_for_update()
                    .filter(pk=form.instance.pk)
                    .values_list("updated_at", flat=True)
                    .first()
                )
                if current is None:
                    raise Http404(NOT_FOUND)
                if form.cleaned_data.get("version") != current.isoformat():
                    if is_replay(request, registry, form.instance.pk):
                        return registry.model.objects.get(pk=form.instance.pk)
                    form.add_error(None, stale_message(current))
                    return None
            saved = form.save()
            if formset is not None:
                formset.instance = saved
                formset.save()
                if registry.key == "group":
                    saved.sync_member_count()
                if registry.key == "festival":
                    for commendation in saved.commendations.exclude(unit_id=saved.unit_id):
                        commendation.unit = saved.unit
                        commendation.save()
    except IntegrityError:
        form.add_error(
            None,
            "Không lưu được vì dữ liệu trùng hoặc trái quy định (ví dụ hai Tổ trưởng, "
            "đối tượng đã đăng ký trong năm). Vui lòng kiểm tra lại; chưa có gì được lưu.",
        )
        return None
    if creating and token:
        remember_token(request, token, saved.pk)
    elif not creating:
        remember_edit(request, registry, saved.pk)
    return saved
