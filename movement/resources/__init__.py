"""Every import/export resource, by key, in the order a full import must run (parents first)."""

from __future__ import annotations

from movement.resources.base import ScopedResource
from movement.resources.period import PeriodValueResource
from movement.resources.registries import (
    CommendationResource,
    FestivalEventResource,
    GroupMemberResource,
    MovementModelResource,
    PropagandaSessionResource,
    SafetyRecognitionResource,
    SelfManagementGroupResource,
    UnitResource,
)


def _all() -> dict[str, type[ScopedResource]]:
    from clusters.resources import (
        ClusterActivityResource,
        ClusterMemberResource,
        SafetyClusterResource,
    )

    ordered = [
        UnitResource,
        SafetyClusterResource,
        ClusterMemberResource,
        ClusterActivityResource,
        SelfManagementGroupResource,
        GroupMemberResource,
        MovementModelResource,
        FestivalEventResource,
        CommendationResource,
        PropagandaSessionResource,
        SafetyRecognitionResource,
        PeriodValueResource,
    ]
    return {r.key: r for r in ordered}


def resources() -> dict[str, type[ScopedResource]]:
    return _all()


def get_resource(key: str) -> type[ScopedResource]:
    try:
        return _all()[key]
    except KeyError:
        raise KeyError(f"Không có loại dữ liệu «{key}».") from None


def resource_for_model(model) -> type[ScopedResource] | None:
    """The resource that imports and exports ``model`` (period reports share the values' one)."""
    from movement.models import PeriodReport

    if model is PeriodReport:
        return PeriodValueResource
    for resource in _all().values():
        if resource._meta.model is model:
            return resource
    return None


def resource_choices() -> list[tuple[str, str]]:
    return [(key, r.title) for key, r in _all().items()]


__all__ = ["ScopedResource", "get_resource", "resource_choices", "resource_for_model", "resources"]
