"""The báo cáo tổng kết as a document: data → context (frozen dataclasses) → HTML → PDF / XLSX.

``build_document`` reads every figure from ``reports.selectors`` (the dashboard's source), puts
it next to the text staff wrote on the ``SummaryReport``, and returns a ``ReportDocument`` that
the template ``reports/summary/_document.html`` only formats. The same document is shown as the
HTML preview, printed by ``reports.summary.pdf`` and tabulated by ``reports.summary.annex``.
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
from reports.selectors import AnnexFigure, Span, SummaryFigures, UnitTable
from reports.summary import narrative
from reports.summary.models import SummaryReport

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
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    number: str  # I … V
    title: str
    paragraphs: tuple[str, ...]
    subsections: tuple[Subsection, ...] = ()


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
    unit_table: UnitTable | None
    charts: tuple[Chart, ...]
    recipients: tuple[str, ...]
    missing: tuple[str, ...]  # "IV. Phương hướng, nhiệm vụ": no text yet, left out of the PDF


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


def drafter(report: SummaryReport) -> narrative.Drafter:
    units = report_units(report)
    span = report.span
    return narrative.Drafter(
        report_subject(report, units),
        span,
        selectors.summary_figures(units, span),
        selectors.summary_registries(units, span, cluster=report.cluster),
    )


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
    """What a new report's header says before staff change it."""
    phrase = narrative.unit_phrase(unit)
    parent = unit.parent
    if cluster is not None:
        issuing = cluster.name.upper()
        director = narrative.unit_phrase(parent) if parent is not None else phrase
        parent_body = f"BAN CHỈ ĐẠO XÂY DỰNG CỤM ĐỊA BÀN AN TOÀN {director.upper()}"
        title = f"Tổng kết hoạt động {narrative.lower_first(cluster.name)} {span.label}"
        signer_body, signer_title = "CỤM", "CỤM TRƯỞNG"
    else:
        issuing = "BAN CHỈ ĐẠO 138"
        parent_body = f"UBND {phrase.upper()}"
        title = f"Tổng kết phong trào Toàn dân bảo vệ an ninh Tổ quốc {span.label}"
        signer_body, signer_title = "BAN CHỈ ĐẠO", "TRƯỞNG BAN"
    recipients = []
    if parent is not None and parent.level.code != "country":
        recipients.append(f"Ban Chỉ đạo 138 {narrative.unit_phrase(parent)} (để báo cáo);")
    recipients += [f"Thường trực Đảng ủy, UBND {phrase};", "Các thành viên Ban Chỉ đạo;"]
    return {
        "parent_body": parent_body,
        "issuing_body": issuing,
        "symbol": "BC-BCĐ",
        "place": narrative.place_name(unit),
        "title": title,
        "signer_capacity": SummaryReport.Capacity.ON_BEHALF,
        "signer_body": signer_body,
        "signer_title": signer_title,
        "recipients": "\n".join(recipients),
    }


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


def paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


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


def _in_millions(groups: tuple[AnnexGroup, ...]) -> tuple[AnnexGroup, ...]:
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


def _charts(report: SummaryReport, units: Sequence[Unit], registries) -> tuple[Chart, ...]:
    out = []
    span = report.span
    if not report.cluster_id:
        first = span.first_year if span.is_range else span.last_year - 4
        trend = selectors.yearly_trend(report.unit, first, span.last_year, [])
        series = [(s.label, s.points) for s in trend.series if any(v for _, v in s.points)]
        if series:
            spec = charts.line_chart(
                f"Diễn biến qua các năm, {first} - {span.last_year}",
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


def report_sections(report: SummaryReport) -> tuple[tuple[Section, ...], tuple[str, ...]]:
    """Sections I–V as staff wrote them, and the titles of those with no text yet.

    A section with no text is left out (the next ones are renumbered); the edit page lists it."""
    results = report.results or {}
    subsections = []
    for key in ReportSection.values:
        text = paragraphs(results.get(key, ""))
        if text:
            subsections.append(
                Subsection(len(subsections) + 1, key, SECTION_TITLES[ReportSection(key)], text)
            )
    written = [
        ("ĐẶC ĐIỂM TÌNH HÌNH", paragraphs(report.situation), ()),
        ("KẾT QUẢ THỰC HIỆN", (), tuple(subsections)),
        ("ĐÁNH GIÁ CHUNG", paragraphs(report.assessment), ()),
        ("PHƯƠNG HƯỚNG, NHIỆM VỤ", paragraphs(report.directions), ()),
        ("ĐỀ XUẤT, KIẾN NGHỊ", paragraphs(report.proposals), ()),
    ]
    sections = tuple(
        Section(ROMAN[i], title, text, subs)
        for i, (title, text, subs) in enumerate((t, p, s) for t, p, s in written if p or s)
    )
    missing = tuple(
        f"{ROMAN[i]}. {title.capitalize()}"
        for i, (title, text, subs) in enumerate(written)
        if not text and not subs
    )
    return sections, missing


def build_document(report: SummaryReport, *, today: dt.date | None = None) -> ReportDocument:
    today = today or timezone.localdate()
    units = report_units(report)
    span = report.span
    subject = report_subject(report, units)
    registries = selectors.summary_registries(units, span, cluster=report.cluster)
    figures = selectors.summary_figures(units, span)
    sections, missing = report_sections(report)
    table = None
    if not report.cluster_id and report.unit.level.code not in ("commune", "residential"):
        table = selectors.unit_table(report.unit, span)
        if not table.rows:
            table = None
    annex = _annex(figures)
    return ReportDocument(
        report=report,
        span=span,
        subject=subject,
        # Undated, a report is signed in its last year or early in the next one.
        place_date=document_date(
            report.place, report.issued_on, min(today.year, span.last_year + 1)
        ),
        sections=sections,
        annex=annex,
        year_columns=tuple(span.years) if span.is_range else (),
        year_annex=_in_millions(annex) if span.is_range else (),
        unit_table=table,
        charts=_charts(report, units, registries),
        recipients=recipient_lines(report.recipients),
        missing=missing,
    )
