"""The one source of every total (DESIGN §8): the dashboard, the PDF and the XLSX annex read these.

Every selector takes the unit and the period explicitly and returns frozen dataclasses.

* Period values (indicators entered in period reports) come from the roll-ups of
  **approved** reports (``reports.rollups`` documents which report of a unit counts when it
  sent several kinds for the same year). ``direct_report_values`` computes the same figures
  from the reports themselves (used to check the roll-ups and as the benchmark's reference).
* Records (sessions, festivals, groups...) are totalled in the database from the registries,
  with the date rules of ``movement.computations``; stocks (groups active) as of the last day.
* Succession: a unit's totals include every unit it succeeded (``Unit.lineage()``); the
  predecessors whose subtree already lies inside another covered subtree are dropped, so the
  subtrees added are disjoint and nothing is counted twice.

The package: ``core`` (scope, the compile-once SQL runner, totals from roll-ups or registries),
``dashboard`` (the dashboard's figures) and ``summary`` (the báo cáo tổng kết's); everything is
imported from ``reports.selectors``.
"""

from __future__ import annotations

from reports.selectors.core import (
    RECORD_KEYS,
    RECORD_UNITS,
    ROLLUP_METRICS,
    ZERO,
    Figure,
    Metric,
    RecordTotals,
    RollupMetric,
    children_in,
    coverage,
    direct_record_totals,
    direct_report_values,
    indicator_catalogue,
    record_computation,
    record_metrics,
    record_totals,
    report_totals,
    report_values,
    unit_for_user,
)
from reports.selectors.dashboard import (
    CHILD_INDICATORS,
    CHILD_RECORD_KEYS,
    NOT_STARTED,
    STATUS_LABELS,
    STATUS_ORDER,
    TREND_RECORD_KEYS,
    Breakdown,
    BreakdownRow,
    ChildRow,
    ChildTable,
    ClusterView,
    Completeness,
    Headline,
    Series,
    Trend,
    ancestors,
    breakdowns,
    child_table,
    cluster_view,
    clusters_within,
    completeness,
    direct_record_series,
    headline,
    monthly_trend,
    yearly_trend,
)
from reports.selectors.summary import (
    UNIT_TABLE_CODES,
    UNIT_TABLE_KEYS,
    AnnexFigure,
    ClusterSummary,
    NamedModel,
    Span,
    SummaryFigures,
    SummaryRegistries,
    UnitTable,
    summary_figures,
    summary_registries,
    unit_table,
)

__all__ = [
    "ZERO",
    "coverage",
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
