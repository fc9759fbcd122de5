"""The báo cáo tổng kết as a document: data → context (frozen dataclasses) → HTML → PDF / DOCX /
XLSX.

``build_document`` reads every figure from ``reports.selectors`` (the dashboard's source), puts
it next to the text staff wrote on the ``SummaryReport``, and returns a ``ReportDocument`` that
the template ``reports/summary/_document.html`` only formats. The same document is shown as the
HTML preview, printed by ``reports.summary.pdf``, written as Word by ``reports.summary.word`` and
tabulated by ``reports.summary.annex``.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils import timezone

from movement.models import Indicator, ReportSection, Unit
from reports import selectors
from reports.dashboard import charts
from reports.selectors import AnnexFigure, Span, SummaryFigures
from reports.summary import figures as honest
from reports.summary import header, markup, narrative
from reports.summary.details import Details, report_details
from reports.summary.models import SummaryReport
from reports.summary.outlook import Outlook

ROMAN = ["I", "II", "III", "IV", "V"]
PDF_FONT = "Liberation Serif"
SECTION_TITLES = {
    ReportSection.LEADERSHIP: "Công tác lãnh đạo, chỉ đạo",
    ReportSection.PROPAGANDA: "Công tác tuyên truyền, vận động quần chúng",
    ReportSection.MODELS: "Xây dựng, nhân rộng mô hình, điển hình tiên tiến",
    ReportSection.CRIME: (
        "Tin báo, phòng ngừa, đấu tranh tội phạm; hòa giải, cảm hóa giáo dục; thu hồi vũ khí"
    ),
    ReportSection.SELF_MANAGEMENT: "Tổ tự quản, tổ bảo vệ an ninh, trật tự",
    ReportSection.CLUSTERS: "Xây dựng cụm địa bàn an toàn - đơn vị an toàn",
    ReportSection.SAFETY: "Xây dựng khu dân cư, xã, cơ quan, doanh nghiệp, nhà trường “An toàn về ANTT”",
    ReportSection.FESTIVALS: "Ngày hội toàn dân bảo vệ an ninh Tổ quốc",
    ReportSection.COMMENDATIONS: "Công tác khen thưởng",
}


@dataclass(frozen=True)
class Subsection:
    number: int
    key: str
    title: str
    blocks: tuple[markup.Block, ...]


@dataclass(frozen=True)
class Section:
    number: str  # I … V, fixed: a section without text keeps its number and says so
    title: str
    blocks: tuple[markup.Block, ...]
    subsections: tuple[Subsection, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.blocks and not self.subsections


@dataclass(frozen=True)
class AnnexGroup:
    letter: str  # A, B, C …
    title: str
    rows: tuple[tuple[int, AnnexFigure], ...]  # (STT running through the whole table, figure)


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str
    rows: tuple[tuple[str, str], ...]  # the chart's numbers, for the table beside it

    @property
    def data_uri(self) -> str:
        """The SVG as a ``data:`` URL: the only kind of image the PDF renderer may load."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


@dataclass(frozen=True)
class ReportDocument:
    report: SummaryReport
    span: Span
    subject: narrative.Subject
    place_date: str
    sections: tuple[Section, ...]
    annex: tuple[AnnexGroup, ...]
    year_columns: tuple[int, ...]  # the per-year annex table of a multi-year report…
    year_annex: tuple[AnnexGroup, ...]  # …whose amounts of money are in millions of đồng
    unit_table: honest.UnitRows | None
    charts: tuple[Chart, ...]
    recipients: tuple[str, ...]
    missing: tuple[str, ...]  # what keeps the document a draft ("Họ tên người ký", …)
    years_without_data: tuple[int, ...] = ()  # of the span (and the span before): printed "–"
    annex_reference: str = ""

    @property
    def draft(self) -> bool:
        """A document with something missing carries the "DỰ THẢO" mark."""
        return bool(self.missing)

    @property
    def years_without_data_text(self) -> str:
        return honest.years_text(self.years_without_data)

    @property
    def annex_number(self) -> str:
        return "Biểu 3" if self.year_columns else "Biểu 2"

    @property
    def figure_headings(self) -> tuple[str, ...]:
        """The columns of Biểu 1 (this span, the one before, the change), in every format."""
        return (
            "STT",
            "Chỉ tiêu",
            "Đơn vị tính",
            self.span.label.capitalize(),
            self.span.previous().label.capitalize(),
            "Tăng, giảm (%)",
        )


# --- Subject --------------------------------------------------------------------------------------


def report_units(report: SummaryReport) -> tuple[Unit, ...]:
    """The disjoint subtrees the report totals: the unit and its predecessors, or a cluster's
    communes."""
    if report.cluster_id:
        return tuple(report.cluster.communes.select_related("level").order_by("path"))
    return selectors.coverage(report.unit)


def report_subject(report: SummaryReport, units: Sequence[Unit]) -> narrative.Subject:
    if report.cluster_id:
        return narrative.Subject.of_cluster(report.cluster.name)
    end = report.span.end
    kinds = (
        Unit.objects.subtree(report.unit)
        .filter(level__code="commune")
        .active_on(end)
        .values_list("kind", flat=True)
        .distinct()
    )
    return narrative.Subject.of_unit(report.unit, list(kinds))


@dataclass(frozen=True)
class Reading:
    """Everything read from the database for one report (once per document)."""

    units: tuple[Unit, ...]
    figures: SummaryFigures  # with the gaps: None where there is no data
    data_years: frozenset[int]
    registries: object
    details: Details
    drafter: narrative.Drafter


def read(report: SummaryReport) -> Reading:
    units = report_units(report)
    span = report.span
    details = report_details(
        units, span, unit=None if report.cluster_id else report.unit, cluster=report.cluster
    )
    figures, data_years = honest.with_gaps(
        selectors.summary_figures(units, span), details.report_years
    )
    registries = selectors.summary_registries(units, span, cluster=report.cluster)
    drafter = narrative.Drafter(report_subject(report, units), span, figures, registries, details)
    return Reading(units, figures, data_years, registries, details, drafter)


def drafter(report: SummaryReport) -> narrative.Drafter:
    return read(report).drafter


def outlook(report: SummaryReport, reading: Reading | None = None) -> Outlook:
    reading = reading or read(report)
    superior = (
        header.cluster_director(report.cluster.host_unit)
        if report.cluster_id
        else header.superior_committee(report.unit)
    )
    return Outlook(reading.drafter, superior=superior)


# --- Header ---------------------------------------------------------------------------------------


def document_date(place: str, day: dt.date | None, year: int) -> str:
    """``Móng Cái, ngày 05 tháng 01 năm 2024`` (Nghị định 30/2020: days under 10 and the months
    1 and 2 take a leading zero); without a date, blanks to fill in by hand in ``year``."""
    if day is None:
        blank = "\u00a0" * 6
        return f"{place}, ngày{blank}tháng{blank}năm {year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def default_header(*, unit: Unit, span: Span, cluster=None) -> dict[str, str]:
    return header.default_header(unit=unit, span=span, cluster=cluster)


def recipient_lines(text: str) -> tuple[str, ...]:
    """Each recipient as ``- …;`` and ``- Lưu: VT.`` last (added when missing)."""
    lines = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("-–•").strip()
        if not line or line.lower().startswith("lưu"):
            continue
        lines.append(f"- {line}")
    lines.append("- Lưu: VT.")
    return tuple(lines)


# --- Document -------------------------------------------------------------------------------------


def _annex(figures: SummaryFigures) -> tuple[AnnexGroup, ...]:
    """Indicators grouped by section, without those that have no data in either span."""
    groups = []
    by_section = figures.by_section()
    counter = 0
    for key in ReportSection.values:
        rows = []
        for f in by_section.get(key, []):
            if _has_data(f.value, f.source) or _has_data(f.previous, f.source):
                counter += 1
                rows.append((counter, f))
        if rows:
            letter = chr(ord("A") + len(groups))
            groups.append(AnnexGroup(letter, SECTION_TITLES[ReportSection(key)], tuple(rows)))
    return tuple(groups)


MILLION = Decimal(1_000_000)


def in_millions(groups: tuple[AnnexGroup, ...]) -> tuple[AnnexGroup, ...]:
    """The same groups with amounts in đồng shown in triệu đồng (the per-year table is narrow)."""

    def scale(value: Decimal | None) -> Decimal | None:
        return None if value is None else (value / MILLION).quantize(Decimal("0.1"))

    out = []
    for group in groups:
        rows = []
        for stt, f in group.rows:
            if f.unit_label == "đồng":
                f = replace(
                    f,
                    unit_label="triệu đồng",
                    decimal_places=1,
                    value=scale(f.value),
                    previous=scale(f.previous),
                    by_year=tuple((y, scale(v)) for y, v in f.by_year),
                )
            rows.append((stt, f))
        out.append(replace(group, rows=tuple(rows)))
    return tuple(out)


def _has_data(value, source: str) -> bool:
    """An approved figure counts even when it is 0; a total of no records does not."""
    return value is not None and (bool(value) or source == Indicator.Source.ENTERED)


def _charts(report: SummaryReport, reading: Reading) -> tuple[Chart, ...]:
    out = []
    span = report.span
    registries = reading.registries
    if not report.cluster_id:
        first = span.first_year if span.is_range else span.last_year - 4
        trend = selectors.yearly_trend(report.unit, first, span.last_year, [])
        series = honest.drop_gaps_from_trend(
            [(s.label, s.points) for s in trend.series], reading.data_years
        )
        if series:
            years = sorted({int(str(step)[:4]) for _, points in series for step, _ in points})
            spec = charts.line_chart(
                f"Diễn biến qua các năm có số liệu, {years[0]} - {years[-1]}",
                series,
                x_title="Năm",
                width=460,
            )
            rows = tuple(
                (f"{label} – {step}", narrative.number(value))
                for label, points in series
                for step, value in points
            )
            out.append(Chart(spec["title"], charts.render_svg(spec, font=PDF_FONT), rows))
    for title, items, value_title in [
        (
            "Tuyên truyền theo hình thức",
            [(label, n) for label, n, _ in registries.propaganda_by_channel],
            "Số buổi, đợt",
        ),
        (
            "Tổ tự quản đang hoạt động theo loại",
            [(label, n) for label, n, _ in registries.groups_by_kind],
            "Số tổ",
        ),
    ]:
        if len(items) > 1:
            spec = charts.bar_chart(
                f"{title} ({span.label})", items, value_title=value_title, width=300
            )
            rows = tuple((label, narrative.number(n)) for label, n in items)
            out.append(Chart(spec["title"], charts.render_svg(spec, font=PDF_FONT), rows))
    return tuple(out)


SECTION_NAMES = [
    "ĐẶC ĐIỂM TÌNH HÌNH",
    "KẾT QUẢ THỰC HIỆN",
    "ĐÁNH GIÁ CHUNG",
    "PHƯƠNG HƯỚNG, NHIỆM VỤ",
    "ĐỀ XUẤT, KIẾN NGHỊ",
]


def report_sections(report: SummaryReport) -> tuple[tuple[Section, ...], tuple[str, ...]]:
    """Sections I–V, always five and always numbered I–V, and what keeps the report a draft:
    a section with no text, a blank of the scaffold left in "[…]", no signer's name."""
    results = report.results or {}
    subsections = []
    for key in ReportSection.values:
        text = markup.blocks(results.get(key, ""))
        if text:
            subsections.append(
                Subsection(len(subsections) + 1, key, SECTION_TITLES[ReportSection(key)], text)
            )
    texts = [report.situation, "", report.assessment, report.directions, report.proposals]
    sections = tuple(
        Section(ROMAN[i], title, markup.blocks(texts[i]), tuple(subsections) if i == 1 else ())
        for i, title in enumerate(SECTION_NAMES)
    )
    missing = []
    for section, text in zip(sections, texts, strict=True):
        label = f"{section.number}. {section.title.capitalize()}"
        if section.empty:
            missing.append(f"{label}: chưa có nội dung")
        elif blanks := markup.blanks(text):
            missing.append(f"{label}: còn {len(blanks)} chỗ trong ngoặc vuông […] cần viết")
    for key, text in results.items():
        if markup.blanks(text):
            title = SECTION_TITLES.get(key, key)
            missing.append(f"II. {title}: còn chỗ trong ngoặc vuông […] cần viết")
    if not report.signer_name.strip():
        missing.append("Họ tên người ký")
    if not report.signer_title.strip():
        missing.append("Chức vụ người ký")
    return sections, tuple(missing)


def build_document(report: SummaryReport, *, today: dt.date | None = None) -> ReportDocument:
    today = today or timezone.localdate()
    reading = read(report)
    span = report.span
    sections, missing = report_sections(report)
    table = None
    if not report.cluster_id and report.unit.level.code not in ("commune", "residential"):
        raw = selectors.unit_table(report.unit, span)
        if raw.rows:
            table = honest.unit_rows(raw, reading.figures, report.unit)
    annex = _annex(reading.figures)
    relevant = [*span.previous().years, *span.years] if span.is_range else span.years
    return ReportDocument(
        report=report,
        span=span,
        subject=reading.drafter.subject,
        # Undated, a report is signed in its last year or early in the next one.
        place_date=document_date(
            report.place, report.issued_on, min(today.year, span.last_year + 1)
        ),
        sections=sections,
        annex=annex,
        year_columns=tuple(span.years) if span.is_range else (),
        year_annex=in_millions(annex) if span.is_range else (),
        unit_table=table,
        charts=_charts(report, reading),
        recipients=recipient_lines(report.recipients),
        missing=missing,
        years_without_data=tuple(y for y in relevant if y not in reading.data_years),
        annex_reference=header.annex_reference(report),
    )
