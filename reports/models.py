"""The app's models, where Django looks for them; each is defined in the room of its capability."""

from __future__ import annotations

from reports.rollups.models import (
    OwnPeriodValue,
    OwnRecordValue,
    RecordRollupBase,
    RecordSource,
    RollupBase,
    SubtreePeriodValue,
    SubtreeRecordValue,
)
from reports.summary.models import (
    GeneratedFile,
    ReportBatch,
    SummaryReport,
)

__all__ = [
    "GeneratedFile",
    "OwnPeriodValue",
    "OwnRecordValue",
    "RecordRollupBase",
    "RecordSource",
    "ReportBatch",
    "RollupBase",
    "SubtreePeriodValue",
    "SubtreeRecordValue",
    "SummaryReport",
]
