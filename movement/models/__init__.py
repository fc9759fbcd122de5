from movement.models.base import (
    NormalizedTextModel,
    ScopedQuerySet,
    fold_search,
    path_upper,
    unit_in_scope,
)
from movement.models.exports import ExportJob
from movement.models.imports import ColumnMapping, ImportJob
from movement.models.indicators import (
    Indicator,
    IndicatorValue,
    PeriodReport,
    ReportSection,
    ReportStatus,
    ValidationRule,
    check_rules,
)
from movement.models.profiles import SigningAuthority, SigningCapacity, UnitFacts
from movement.models.records import (
    Commendation,
    CoreForce,
    FestivalEvent,
    FestivalPhoto,
    GroupMember,
    MovementModel,
    PropagandaSession,
    SafetyRecognition,
    SelfManagementGroup,
)
from movement.models.units import REFORM_DATE, Unit, UnitLevel, UnitSuccession, scope_unit_of
from movement.models.users import Role, User
from movement.models.workflow import ReportEvent, ReportSchedule

__all__ = [
    "REFORM_DATE",
    "Commendation",
    "CoreForce",
    "FestivalEvent",
    "FestivalPhoto",
    "GroupMember",
    "ColumnMapping",
    "ExportJob",
    "ImportJob",
    "Indicator",
    "IndicatorValue",
    "MovementModel",
    "NormalizedTextModel",
    "PeriodReport",
    "PropagandaSession",
    "ReportEvent",
    "ReportSchedule",
    "ReportSection",
    "ReportStatus",
    "Role",
    "SafetyRecognition",
    "ScopedQuerySet",
    "SelfManagementGroup",
    "SigningAuthority",
    "SigningCapacity",
    "Unit",
    "UnitFacts",
    "UnitLevel",
    "UnitSuccession",
    "User",
    "ValidationRule",
    "check_rules",
    "path_upper",
    "fold_search",
    "scope_unit_of",
    "unit_in_scope",
]
