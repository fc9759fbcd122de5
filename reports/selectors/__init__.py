"""The one source of every total (DESIGN §8): the dashboard, the PDF and the XLSX annex read these.

Every selector takes the unit and the period explicitly and returns frozen dataclasses.

* Period values (indicators entered in period reports) come from the roll-ups of
  **approved** reports (``reports.rollups.periods`` documents which report of a unit counts when it
  sent several kinds for the same year). ``direct_report_values`` computes the same figures
  from the reports themselves (used to check the roll-ups and as the benchmark's reference).
* Records (sessions, festivals, groups...) are totalled in the database from the registries,
  with the date rules of ``movement.computations``; stocks (groups active) as of the last day.
* Succession: a unit's totals include every unit it succeeded (``Unit.lineage()``); the
  predecessors whose subtree already lies inside another covered subtree are dropped, so the
  subtrees added are disjoint and nothing is counted twice.

The package: ``compiled`` (the compile-once SQL runner every hot query goes through), ``scope``
(coverage, subtrees, units one level down), ``core`` (record metrics and totals, period values),
``dashboard``, ``trends`` and ``breakdowns`` (the dashboard's figures) and ``summary`` (the báo
cáo tổng kết's); everything public is imported from ``reports.selectors``.
"""

from __future__ import annotations

from movement.periods import (
    Span,
)
from reports.selectors.breakdowns import (
    Breakdown,
    BreakdownRow,
    breakdowns,
)
from reports.selectors.core import (
    RECORD_KEYS,
    RECORD_UNITS,
    ROLLUP_METRICS,
    ZERO,
    Figure,
    Metric,
    RecordTotals,
    RollupMetric,
    direct_record_totals,
    direct_report_values,
    indicator_catalogue,
    record_computation,
    record_metrics,
    record_totals,
    report_totals,
    report_values,
    report_values_of_kinds,
)
from reports.selectors.dashboard import (
    CHILD_INDICATORS,
    CHILD_RECORD_KEYS,
    NOT_STARTED,
    STATUS_LABELS,
    STATUS_ORDER,
    ChildRow,
    ChildTable,
    ClusterView,
    Completeness,
    Headline,
    ancestors,
    child_table,
    cluster_view,
    clusters_within,
    completeness,
    headline,
    headline_periods,
)
from reports.selectors.scope import (
    children_in,
    coverage,
    unit_for_user,
)
from reports.selectors.summary import (
    UNIT_TABLE_CODES,
    UNIT_TABLE_KEYS,
    AnnexFigure,
    ClusterSummary,
    NamedModel,
    SummaryFigures,
    SummaryRegistries,
    UnitTable,
    summary_figures,
    summary_registries,
    unit_table,
)
from reports.selectors.trends import (
    TREND_RECORD_KEYS,
    Series,
    Trend,
    direct_record_series,
    monthly_trend,
    trend_periods,
    trends,
    yearly_trend,
)

__all__ = [
    "ZERO",
    "coverage",
    "trends",
    "trend_periods",
    "headline_periods",
    "report_values_of_kinds",
    "indicator_catalogue",
    "unit_for_user",
    "ancestors",
    "clusters_within",
    "children_in",
    "Metric",
    "RECORD_KEYS",
    "RECORD_UNITS",
    "record_computation",
    "record_metrics",
    "direct_record_totals",
    "RollupMetric",
    "ROLLUP_METRICS",
    "RecordTotals",
    "record_totals",
    "report_totals",
    "Figure",
    "report_values",
    "direct_report_values",
    "Headline",
    "headline",
    "ChildRow",
    "ChildTable",
    "CHILD_RECORD_KEYS",
    "CHILD_INDICATORS",
    "child_table",
    "Series",
    "Trend",
    "TREND_RECORD_KEYS",
    "direct_record_series",
    "yearly_trend",
    "monthly_trend",
    "BreakdownRow",
    "Breakdown",
    "breakdowns",
    "NOT_STARTED",
    "STATUS_LABELS",
    "STATUS_ORDER",
    "Completeness",
    "completeness",
    "ClusterView",
    "cluster_view",
    "Span",
    "AnnexFigure",
    "SummaryFigures",
    "summary_figures",
    "UNIT_TABLE_KEYS",
    "UNIT_TABLE_CODES",
    "UnitTable",
    "unit_table",
    "NamedModel",
    "ClusterSummary",
    "SummaryRegistries",
    "summary_registries",
]
