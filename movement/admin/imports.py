"""Import and export in the admin: one mixin for every model admin, and the import jobs' admin.

An upload becomes an ImportJob holding the file in the database; the preview
(a dry run) and the confirmation may therefore land on different processes,
and big files run in the background worker (``manage.py db_worker``).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from movement.admin.base import ScopedAdminMixin
from movement.export_jobs import is_big
from movement.exports import export_filename, export_response
from movement.imports.engine import can_export, can_import
from movement.imports.jobs import (
    MAX_UPLOAD,
    failed_rows_xlsx,
    import_job_create,
    import_jobs_expire,
)
from movement.imports.mappings import mapping_save
from movement.imports.wide import period_choices
from movement.models import ImportJob
from movement.resources import (
    get_resource,
    resource_choices,
    resource_for_model,
    resource_title,
)
from movement.tasks import export_job_start, import_job_start
from movement.templates_xlsx import build_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportExportMixin:
    """Adds «Nhập từ tệp», «Xuất xlsx/csv» and «Tải tệp mẫu» to a model admin's change list."""

    change_list_template = "admin/movement/change_list_import_export.html"

    @property
    def resource_key(self) -> str:
        resource = resource_for_model(self.model)
        return resource.key if resource else ""

    def has_import_permission(self, request: HttpRequest) -> bool:
        return bool(self.resource_key) and can_import(request.user, self.resource_key)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return bool(self.resource_key) and can_export(request.user, self.resource_key)

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "xuat/<str:file_format>/",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
            path(
                "tep-mau/",
                self.admin_site.admin_view(self.template_view),
                name="{}_{}_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        info = self.model._meta.app_label, self.model._meta.model_name
        context = {
            "can_import": self.has_import_permission(request),
            "can_export": self.has_export_permission(request),
            "import_url": reverse("admin:movement_importjob_add")
            + f"?resource={self.resource_key}",
            "export_xlsx_url": reverse("admin:{}_{}_export".format(*info), args=["xlsx"]),
            "export_csv_url": reverse("admin:{}_{}_export".format(*info), args=["csv"]),
            "template_url": reverse("admin:{}_{}_template".format(*info)),
        }
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def export_view(self, request: HttpRequest, file_format: str) -> HttpResponse:
        if file_format not in ("xlsx", "csv"):
            raise Http404
        if not self.has_export_permission(request):
            raise PermissionDenied
        resource = get_resource(self.resource_key)(user=request.user)
        if not is_big(resource.export_queryset()):
            return export_response(resource, file_format)
        # Thousands of rows: the worker writes the file, the page shows it being made.
        unit = getattr(request.user, "unit", None)
        info = self.model._meta.app_label, self.model._meta.model_name
        job = export_job_start(
            user=request.user,
            kind="resource",
            title=f"{resource.title}, {unit.name if unit else 'toàn quốc'}",
            fmt=file_format,
            file_name=export_filename(resource, file_format),
            params={
                "resource": resource.key,
                "back": reverse("admin:{}_{}_changelist".format(*info)),
            },
        )
        return HttpResponseRedirect(reverse("movement:export_job", args=[job.pk]))

    def template_view(self, request: HttpRequest) -> HttpResponse:
        if not (self.has_import_permission(request) or self.has_export_permission(request)):
            raise PermissionDenied
        resource = get_resource(self.resource_key)
        response = HttpResponse(build_template(resource), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="mau-{resource.key}.xlsx"'
        return response


class UploadForm(forms.Form):
    resource = forms.ChoiceField(
        label=_("Loại dữ liệu"),
        required=False,
        help_text=_("Để trống: nhận ra từ tên sheet hoặc tiêu đề cột."),
    )
    file = forms.FileField(
        label=_("Tệp .xlsx hoặc .csv"),
        help_text=_("Tối đa 50 MB. Dùng tệp mẫu để có đúng tiêu đề cột."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["resource"].choices = [("", "— Tự nhận ra —")] + [
            (key, title) for key, title in resource_choices() if can_import(user, key)
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Tệp lớn hơn 50 MB: hãy chia nhỏ tệp."))
        if upload.size == 0:
            raise forms.ValidationError(_("Tệp rỗng: không có dữ liệu để nhập."))
        return upload


SKIP_CHOICE = "-"


class MappingForm(forms.Form):
    """The mapping step: the sheet, the wide table's period, and what each unmatched column is."""

    def __init__(self, *args, job: ImportJob, **kwargs):
        super().__init__(*args, **kwargs)
        details, options = job.details or {}, job.options or {}
        chosen = options.get("mapping") or {}
        self.headers = details.get("headers") or []
        sheets = details.get("sheets") or []
        if len(sheets) > 1:
            self.fields["sheet"] = forms.ChoiceField(
                label=_("Sheet"),
                choices=[(s, s) for s in sheets],
                initial=details.get("sheet") or sheets[0],
            )
        if details.get("layout") == "wide":
            choices = period_choices(timezone.localdate())
            current = options.get("period") or details.get("period") or ""
            if current and current not in dict(choices):
                choices.insert(0, (current, current))
            found = bool(details.get("period"))
            self.fields["period"] = forms.ChoiceField(
                label=_("Kỳ báo cáo"),
                choices=[("", _("— Theo tiêu đề của biểu —") if found else _("— Chọn kỳ —"))]
                + choices,
                initial=options.get("period", ""),
                required=not found,
                help_text=_("Kỳ đang dùng: %(period)s (đọc từ tiêu đề của biểu, hoặc đã chọn).")
                % {"period": details.get("period") or _("chưa có")},
            )
        mappable = set(details.get("unmapped") or []) | set(chosen)
        if details.get("layout") != "wide":
            mappable |= set(details.get("ignored_columns") or [])
        # Nothing is skipped by default: an undecided column must be given a target or «bỏ qua».
        targets = [
            (SKIP_CHOICE if key == "" else key, label)
            for key, label in details.get("targets") or []
        ]
        self.columns: list[str] = []
        for index, header in enumerate(self.headers):
            if header not in mappable:
                continue
            name = f"col_{index}"
            decided = header in chosen or details.get("layout") != "wide"
            initial = (chosen.get(header) or SKIP_CHOICE) if decided else ""
            self.fields[name] = forms.ChoiceField(
                label=header,
                choices=[("", _("— Chọn chỉ tiêu hoặc bỏ qua —"))] + targets,
                initial=initial,
                error_messages={"required": _("Hãy chọn chỉ tiêu cho cột này, hoặc «bỏ qua».")},
            )
            self.columns.append(name)

    def column_fields(self):
        return [self[name] for name in self.columns]

    def options(self) -> dict:
        mapping = {
            self.fields[name].label: ""
            if self.cleaned_data[name] == SKIP_CHOICE
            else self.cleaned_data[name]
            for name in self.columns
        }
        result = {"mapping": mapping}
        if "sheet" in self.fields:
            result["sheet"] = self.cleaned_data["sheet"]
        if self.cleaned_data.get("period"):
            result["period"] = self.cleaned_data["period"]
        return result


@admin.register(ImportJob)
class ImportJobAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("file_name", "resource_label", "status", "progress", "created_at", "user")
    list_filter = ("status",)
    list_select_related = ("user",)
    change_form_template = "admin/movement/importjob/job.html"
    show_full_result_count = False

    def get_queryset(self, request):
        # The file itself (up to 50 MB) is read only where it is used, never for the list.
        qs = super().get_queryset(request).defer("content")
        return qs if request.user.is_superuser else qs.filter(user=request.user)

    def has_module_permission(self, request) -> bool:
        return request.user.has_perm("movement.import_data")

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("movement.import_data")

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm("movement.import_data")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("movement.import_data") and (
            obj is None or obj.user_id == request.user.pk or request.user.is_superuser
        )

    @admin.display(description=_("loại dữ liệu"))
    def resource_label(self, obj: ImportJob) -> str:
        return resource_title(obj.resource)

    @admin.display(description=_("tiến độ"))
    def progress(self, obj: ImportJob) -> str:
        return format_html(
            '<progress max="100" value="{}">{}%</progress> {}/{}',
            obj.progress_percent,
            obj.progress_percent,
            obj.processed_rows,
            obj.total_rows,
        )

    def get_urls(self):
        return [
            path(
                "<int:job_id>/xac-nhan/",
                self.admin_site.admin_view(self.confirm_view),
                name="movement_importjob_confirm",
            ),
            path(
                "<int:job_id>/ghep-cot/",
                self.admin_site.admin_view(self.mapping_view),
                name="movement_importjob_mapping",
            ),
            path(
                "<int:job_id>/dong-loi/",
                self.admin_site.admin_view(self.failed_rows_view),
                name="movement_importjob_failed_rows",
            ),
            *super().get_urls(),
        ]

    def _job(self, request, job_id: int) -> ImportJob:
        return get_object_or_404(self.get_queryset(request), pk=job_id)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(
            request.POST or None,
            request.FILES or None,
            user=request.user,
            initial={"resource": request.GET.get("resource", "")},
        )
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            key = form.cleaned_data["resource"] or None
            job = import_job_create(
                user=request.user, content=upload.read(), file_name=upload.name, resource=key
            )
            if job.resource and not can_import(request.user, job.resource):
                job.delete()
                raise PermissionDenied
            import_job_start(job=job, dry_run=True)
            return HttpResponseRedirect(reverse("admin:movement_importjob_change", args=[job.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Nhập dữ liệu từ tệp"),
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/movement/importjob/upload.html", context)

    def changelist_view(self, request, extra_context=None):
        import_jobs_expire()
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        import_jobs_expire()
        job = self._job(request, int(object_id)) if str(object_id).isdigit() else None
        if job is None:
            raise Http404
        return self._job_page(request, job)

    def _job_page(self, request, job: ImportJob, mapping_form: MappingForm | None = None):
        errors = job.errors[:1000]
        details = job.details or {}
        finished = job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED)
        if mapping_form is None and finished and job.dry_run:
            mapping_form = MappingForm(job=job)
        show_mapping = mapping_form is not None and bool(
            mapping_form.fields and can_import(request.user, job.resource)
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"{resource_title(job.resource)}: {job.file_name}",
            "job": job,
            "resource_title": resource_title(job.resource),
            "opts": self.model._meta,
            "errors": errors,
            "more_errors": max(len(job.errors) - len(errors), 0),
            "running": job.status in (ImportJob.Status.PENDING, ImportJob.Status.RUNNING),
            "can_confirm": job.dry_run
            and job.status == ImportJob.Status.DONE
            and can_import(request.user, job.resource),
            "details": details,
            "mapping_form": mapping_form if show_mapping else None,
        }
        return TemplateResponse(request, self.change_form_template, context)

    def mapping_view(self, request, job_id: int) -> HttpResponse:
        """The mapping step: remembers the choices for the user's unit, then checks the file again."""
        job = self._job(request, job_id)
        if not can_import(request.user, job.resource) or job.user_id != request.user.pk:
            raise PermissionDenied
        if request.method != "POST" or not job.dry_run:
            return HttpResponseRedirect(reverse("admin:movement_importjob_change", args=[job.pk]))
        form = MappingForm(request.POST, job=job)
        if not form.is_valid():
            return self._job_page(request, job, form)
        options = form.options()
        if options["mapping"]:
            mapping_save(
                user=request.user,
                resource=job.resource,
                headers=form.headers,
                mapping=options["mapping"],
            )
        job.options = options
        job.save(update_fields=["options"])
        import_job_start(job=job, dry_run=True)
        return HttpResponseRedirect(reverse("admin:movement_importjob_change", args=[job.pk]))

    def confirm_view(self, request, job_id: int) -> HttpResponse:
        job = self._job(request, job_id)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:movement_importjob_change", args=[job.pk]))
        if not can_import(request.user, job.resource) or job.user_id != request.user.pk:
            raise PermissionDenied
        if not (job.dry_run and job.status == ImportJob.Status.DONE):
            messages.error(request, _("Chỉ xác nhận được một lần kiểm tra thử không có lỗi."))
        else:
            job = import_job_start(job=job, dry_run=False)
            if job.status == ImportJob.Status.DONE:
                messages.success(request, job.message)
            elif job.status == ImportJob.Status.FAILED:
                messages.error(request, job.message)
            else:
                messages.info(
                    request, _("Tệp lớn: đang nhập trong nền, trang tự cập nhật tiến độ.")
                )
        return HttpResponseRedirect(reverse("admin:movement_importjob_change", args=[job.pk]))

    def failed_rows_view(self, request, job_id: int) -> HttpResponse:
        job = self._job(request, job_id)
        response = HttpResponse(failed_rows_xlsx(job), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="dong-loi-{job.pk}.xlsx"'
        return response
