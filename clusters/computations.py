"""The clusters' indicators computed from records, registered with the movement's computations."""

from __future__ import annotations

from django.db.models import Sum

from clusters.models import ClusterActivity
from movement.computations import Computation, register_computation


def register() -> None:
    register_computation(
        "cluster_activity.participants",
        Computation(
            "Lượt người tham gia hoạt động cụm",
            ClusterActivity.objects.all,
            "held_on",
            lambda: Sum("participants"),
        ),
    )
