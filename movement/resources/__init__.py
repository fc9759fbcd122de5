"""Every import/export resource, by key, in the order a full import must run (parents first).

The movement's resources are listed here; apps built on the movement add theirs with
:func:`register_resources` from their ``AppConfig.ready()`` (clusters after the units).
"""

from __future__ import annotations

from movement.models import PeriodReport
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

_ORDERED: list[type[ScopedResource]] = [
    UnitResource,
    SelfManagementGroupResource,
    GroupMemberResource,
    MovementModelResource,
    FestivalEventResource,
    CommendationResource,
    PropagandaSessionResource,
    SafetyRecognitionResource,
    PeriodValueResource,
]


def register_resources(*added: type[ScopedResource], after: str) -> None:
    """Inserts ``added`` (in their order) after the resource keyed ``after``; idempotent."""
    position = [r.key for r in _ORDERED].index(after) + 1
    for resource in added:
        if resource in _ORDERED:
            continue
        _ORDERED.insert(position, resource)
        position += 1


def _all() -> dict[str, type[ScopedResource]]:
    return {r.key: r for r in _ORDERED}


def resources() -> dict[str, type[ScopedResource]]:
    return _all()


def get_resource(key: str) -> type[ScopedResource]:
    try:
        return _all()[key]
    except KeyError:
        raise KeyError(f"Không có loại dữ liệu «{key}».") from None


def resource_for_model(model) -> type[ScopedResource] | None:
    """The resource that imports and exports ``model`` (period reports share the values' one)."""
    if model is PeriodReport:
        return PeriodValueResource
    for resource in _all().values():
        if resource._meta.model is model:
            return resource
    return None


def resource_title(key: str) -> str:
    """The Vietnamese name of the resource keyed ``key`` (the key itself if none is)."""
    resource = _all().get(key)
    return resource.title if resource else key


def resource_choices() -> list[tuple[str, str]]:
    return [(key, r.title) for key, r in _all().items()]


__all__ = [
    "ScopedResource",
    "get_resource",
    "register_resources",
    "resource_choices",
    "resource_for_model",
    "resource_title",
    "resources",
]
