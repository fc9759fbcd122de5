"""Remembered column mappings: a unit's choices on the mapping step, applied to its next file
with the same headers."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from movement.models import ColumnMapping
from movement.text import fold


def signature(headers: Sequence[str]) -> str:
    folded = "|".join(fold(h or "") for h in headers)
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def saved_mapping(*, user: Any, resource: str, headers: Sequence[str]) -> dict[str, str]:
    unit_id = getattr(user, "unit_id", None)
    found = (
        ColumnMapping.objects.filter(
            unit_id=unit_id, resource=resource, signature=signature(headers)
        )
        .values_list("mapping", flat=True)
        .first()
    )
    return dict(found or {})


def mapping_save(
    *, user: Any, resource: str, headers: Sequence[str], mapping: dict[str, str]
) -> ColumnMapping:
    """Remembers ``mapping`` (header → column key or indicator, "" for «bỏ qua») for the user's unit."""
    found, _ = ColumnMapping.objects.update_or_create(
        unit_id=getattr(user, "unit_id", None),
        resource=resource,
        signature=signature(headers),
        defaults={"headers": list(headers), "mapping": mapping, "updated_by": user},
    )
    return found
