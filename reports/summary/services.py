"""Writes of the báo cáo tổng kết: create (with the drafted section II), edit, re-draft, export
to a stored file, and the batch "for every unit below" (DESIGN §6).

Each function checks that the user may do it (``ReportRefused`` → 403 in the pages, a
Vietnamese message) and that the unit is in the user's scope; an edit made from a form older
than the report is refused with ``StaleSummary`` and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from movement.models import PeriodReport, ReportStatus, Unit, User, path_upper, unit_in_scope
from movement.periods import PeriodKind
from reports.selectors import Span
from reports.summary import builder
from reports.summary.models import GeneratedFile, ReportBatch, SummaryReport

EDITABLE_FIELDS = [*SummaryReport.HEADER_FIELDS, *SummaryReport.NARRATIVE_FIELDS, "results"]


class ReportRefused(PermissionDenied):
    """The user may not do this with this report (the message says why)."""


class StaleSummary(Exception):
    """The report was saved by someone else since the form was opened: nothing was written."""


def can_edit(*, user: User, report: SummaryReport) -> bool:
    return user.has_perm("reports.change_summaryreport") and unit_in_scope(user, report.unit)


def can_export(*, user: User, report: SummaryReport) -> bool:
    return user.has_perm("reports.export_summaryreport") and unit_in_scope(user, report.unit)


def check_years(first_year: int, last_year: int) -> None:
    if last_year < first_year:
        raise ValidationError({"last_year": "«Đến năm» không được trước «Từ năm»."})
    if first_year < 2000 or last_year > 2100:
        raise ValidationError({"first_year": "Năm báo cáo phải từ 2000 đến 2100."})


def _draft(report: SummaryReport) -> None:
    """Section II drafted again from the data; sections I, III, IV and V only where empty (staff
    may have written them)."""
    reading = builder.read(report)
    report.results = reading.drafter.results()
    outlook = builder.outlook(report, reading)
    for name, draft in [
        ("situation", outlook.situation),
        ("assessment", outlook.assessment),
        ("directions", outlook.directions),
        ("proposals", outlook.proposals),
    ]:
        if not getattr(report, name).strip():
            setattr(report, name, draft())
    report.drafted_at = timezone.now()


def _fill(report: SummaryReport, *, span: Span) -> None:
    """The header a new report starts with (the signer from the unit's signing authority), and
    the five sections drafted from the data."""
    header = builder.default_header(unit=report.unit, span=span, cluster=report.cluster)
    for name, value in header.items():
        setattr(report, name, value)
    _draft(report)


def summary_report_draft(
    *, unit: Unit, span: Span, cluster=None, user: User | None = None
) -> SummaryReport:
    """A new, unsaved report: header filled in, sections I and II drafted from the data."""
    report = SummaryReport(
        unit=cluster.host_unit if cluster is not None else unit,
        cluster=cluster,
        first_year=span.first_year,
        last_year=span.last_year,
        created_by=user,
    )
    _fill(report, span=span)
    return report


def summary_report_create(
    *, user: User, unit: Unit | None, first_year: int, last_year: int, cluster=None
) -> SummaryReport:
    """A new report with its header filled in and section II drafted from the data."""
    if cluster is not None:
        unit = cluster.host_unit
    if not user.has_perm("reports.add_summaryreport"):
        raise ReportRefused("Bạn không có quyền lập báo cáo tổng kết.")
    if not unit_in_scope(user, unit):
        raise ReportRefused("Đơn vị này không thuộc phạm vi của bạn.")
    check_years(first_year, last_year)
    span = Span(first_year, last_year)
    if cluster is None and unit.valid_from and unit.valid_from > span.end:
        raise ValidationError(
            {"unit": f"{unit.name} chỉ tồn tại từ {unit.valid_from:%d/%m/%Y}, sau {span.label}."}
        )
    report = SummaryReport(
        unit=unit, cluster=cluster, first_year=first_year, last_year=last_year, created_by=user
    )
    report.validate_constraints()  # one report per unit (or cluster) and years: before drafting
    _fill(report, span=span)
    report._history_user = user
    report.save()
    return report


def summary_report_for_unit(*, user: User, unit: Unit, span: Span) -> SummaryReport:
    """The unit's report for ``span``: the one staff edited, or a new drafted one."""
    existing = SummaryReport.objects.filter(
        unit=unit, cluster__isnull=True, first_year=span.first_year, last_year=span.last_year
    ).first()
    if existing is not None:
        return existing
    return summary_report_create(
        user=user, unit=unit, first_year=span.first_year, last_year=span.last_year
    )


def _locked(report: SummaryReport, user: User, version: int) -> SummaryReport:
    locked = SummaryReport.objects.select_for_update().get(pk=report.pk)
    if not can_edit(user=user, report=locked):
        raise ReportRefused("Bạn không có quyền sửa báo cáo tổng kết này.")
    if locked.version != version:
        raise StaleSummary
    return locked


def summary_report_update(
    *, report: SummaryReport, user: User, data: Mapping[str, object], version: int
) -> SummaryReport:
    """Save what staff typed (header and narrative); refuses a form older than the report."""
    with transaction.atomic():
        locked = _locked(report, user, version)
        for name in EDITABLE_FIELDS:
            if name in data:
                setattr(locked, name, data[name])
        locked.version += 1
        locked._history_user = user
        locked.save()
    return locked


def summary_report_redraft(*, report: SummaryReport, user: User, version: int) -> SummaryReport:
    """Draft section II again from the data as it is now (the old text stays in the history)."""
    with transaction.atomic():
        locked = _locked(report, user, version)
        _draft(locked)
        locked.version += 1
        locked._history_user = user
        locked.save()
    return locked


def years_without_report(
    *, unit: Unit | None, cluster, first_year: int, last_year: int
) -> list[int]:
    """The years of the span with no approved yearly report in the unit's (or the cluster's)
    subtrees: their figures will be blank in the report, not zero."""
    span = Span(first_year, last_year)
    report = SummaryReport(
        unit=cluster.host_unit if cluster is not None else unit,
        cluster=cluster,
        first_year=first_year,
        last_year=last_year,
    )
    units = builder.report_units(report)
    approved = set(
        PeriodReport.objects.filter(
            status=ReportStatus.APPROVED,
            period_kind=PeriodKind.YEAR,
            period_start__gte=span.start,
            period_start__lte=span.end,
        )
        .filter(within_any(units))
        .values_list("period_start__year", flat=True)
    )
    return [y for y in span.years if y not in approved]


def within_any(units) -> Q:
    condition = Q(pk__in=[])
    for unit in units:
        condition |= Q(unit__path__gte=unit.path, unit__path__lt=path_upper(unit.path))
    return condition


def file_name(report: SummaryReport, fmt: str) -> str:
    span = report.span
    years = str(span.first_year) if not span.is_range else f"{span.first_year}-{span.last_year}"
    return f"bao-cao-tong-ket-{slugify(report.subject_name) or 'don-vi'}-{years}.{fmt}"


def render(
    report: SummaryReport, fmt: str, *, today: dt.date | None = None
) -> tuple[bytes, int | None]:
    """The file's bytes and, for a PDF, its number of pages."""
    doc = builder.build_document(report, today=today)
    if fmt == GeneratedFile.Format.PDF:
        from reports.summary import pdf

        rendered = pdf.render_document(doc)
        return rendered.content, rendered.pages
    if fmt == GeneratedFile.Format.DOCX:
        from reports.summary import word

        return word.render_docx(doc), None
    from reports.summary import annex

    return annex.annex_xlsx(doc), None


def check_export(*, user: User, report: SummaryReport, fmt: str) -> None:
    """Refuses a file of ``report`` that ``user`` may not make, or of an unknown format: when
    the file is asked for and again when the worker makes it."""
    if not can_export(user=user, report=report):
        raise ReportRefused("Bạn không có quyền xuất báo cáo tổng kết này.")
    if fmt not in GeneratedFile.Format.values:
        raise ValidationError({"format": "Định dạng tệp không hợp lệ."})


def report_file_generate(
    *,
    report: SummaryReport,
    user: User,
    fmt: str,
    batch: ReportBatch | None = None,
    today: dt.date | None = None,
) -> GeneratedFile:
    """Render the report and keep the file with who made it, when, and its SHA-256."""
    check_export(user=user, report=report, fmt=fmt)
    content, pages = render(report, fmt, today=today)
    return GeneratedFile.objects.create(
        report=report,
        batch=batch,
        format=fmt,
        file_name=file_name(report, fmt),
        content=content,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        report_version=report.version,
        pages=pages,
        generated_by=user,
    )


def report_batch_step(*, batch: ReportBatch, unit: Unit) -> GeneratedFile | None:
    """One unit of a batch: its report (edited or newly drafted) rendered and stored.

    A failure is recorded on the batch with the unit's name and does not stop the others."""
    user = batch.created_by
    try:
        with transaction.atomic():
            report = summary_report_for_unit(
                user=user, unit=unit, span=Span(batch.first_year, batch.last_year)
            )
            return report_file_generate(report=report, user=user, fmt=batch.format, batch=batch)
    except (PermissionDenied, ValidationError) as error:
        message = "; ".join(getattr(error, "messages", None) or [str(error)])
        with transaction.atomic():
            locked = ReportBatch.objects.select_for_update().get(pk=batch.pk)
            locked.errors = [*locked.errors, {"unit": unit.name, "message": message}]
            locked.save(update_fields=["errors"])
        return None
