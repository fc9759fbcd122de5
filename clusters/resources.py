"""Import/export resources of safety clusters, their member units and their activities."""

from __future__ import annotations

from clusters.models import ClusterActivity, ClusterMember, SafetyCluster
from movement.imports import cells
from movement.resources.base import (
    ScopedResource,
    choice_col,
    column_col,
    count_col,
    day_col,
    flag_col,
    long_text_col,
    related_lookup,
    text_col,
    unit_col,
)
from movement.resources.registries import DATE_HELP, UNIT_HELP
from movement.resources.widgets import RelatedWidget, UnitListWidget

HOST = "Đơn vị chủ trì"


def _cluster_lookup():
    return related_lookup(SafetyCluster, HOST, "host_unit", "name", cells.line)


class SafetyClusterResource(ScopedResource):
    key = "clusters"
    title = "Cụm địa bàn an toàn"
    natural_key = ("host_unit", "name")
    required = ("host_unit", "name")
    help = {
        "host_unit": UNIT_HELP,
        "name": "Tên cụm; cùng đơn vị chủ trì và cùng tên là cùng một cụm.",
        "communes": "Các xã, phường trong cụm (mã hoặc tên), cách nhau bởi dấu «;».",
        "established_on": DATE_HELP,
        "dissolved_on": DATE_HELP,
    }

    host_unit = unit_col("host_unit", HOST)
    name = text_col("name", "Tên cụm", 255)
    communes = column_col("communes", "Xã, phường trong cụm", UnitListWidget())
    established_on = day_col("established_on", "Ngày thành lập")
    dissolved_on = day_col("dissolved_on", "Ngày giải thể")
    note = long_text_col("note", "Ghi chú")

    class Meta:
        model = SafetyCluster
        fields = ("host_unit", "name", "communes", "established_on", "dissolved_on", "note")
        import_id_fields = ("host_unit", "name")
        clean_model_instances = True
        skip_diff = True  # ScopedResource keeps what a row may change: unchanged rows skipped

    def export_queryset(self):
        return (
            self.get_queryset()
            .select_related("host_unit__parent")
            .prefetch_related("communes__parent")
            .order_by("host_unit__path", "name", "pk")
        )


class ClusterMemberResource(ScopedResource):
    key = "cluster_members"
    title = "Đơn vị thành viên cụm"
    natural_key = ("cluster", "name")
    required = ("host_unit", "cluster", "name", "kind")
    help = {
        "host_unit": "Đơn vị chủ trì của cụm. " + UNIT_HELP,
        "cluster": "Tên cụm (đã có trong danh sách cụm của đơn vị chủ trì).",
        "kind": "Chọn trong danh sách.",
        "is_military": "Có / Không. Đồn biên phòng luôn là đơn vị quân đội.",
        "joined_on": DATE_HELP,
        "left_on": DATE_HELP,
    }

    host_unit = unit_col("cluster__host_unit", HOST, readonly=True)
    cluster = column_col("cluster", "Tên cụm", RelatedWidget(_cluster_lookup(), lambda c: c.name))
    name = text_col("name", "Tên đơn vị thành viên", 255)
    kind = choice_col("kind", "Loại", ClusterMember.Kind.choices)
    is_military = flag_col("is_military", "Đơn vị quân đội")
    joined_on = day_col("joined_on", "Ngày tham gia")
    left_on = day_col("left_on", "Ngày rời cụm")

    class Meta:
        model = ClusterMember
        fields = ("host_unit", "cluster", "name", "kind", "is_military", "joined_on", "left_on")
        import_id_fields = ("cluster", "name")
        clean_model_instances = True
        skip_diff = True  # ScopedResource keeps what a row may change: unchanged rows skipped
        use_bulk = True  # new and changed rows written in bulk, with their history

    def export_queryset(self):
        return (
            self.get_queryset()
            .select_related("cluster__host_unit__parent")
            .order_by("cluster__host_unit__path", "cluster__name", "name", "pk")
        )

    def before_import_row(self, row, **kwargs):
        if "Đơn vị quân đội" in row and cells.is_blank(row["Đơn vị quân đội"]):
            row["Đơn vị quân đội"] = False


class ClusterActivityResource(ScopedResource):
    key = "cluster_activities"
    title = "Hoạt động của cụm"
    natural_key = ("cluster", "held_on", "activity_title")
    required = ("host_unit", "cluster", "kind", "held_on", "activity_title")
    help = {
        "host_unit": "Đơn vị chủ trì của cụm. " + UNIT_HELP,
        "cluster": "Tên cụm.",
        "kind": "Chọn trong danh sách.",
        "held_on": DATE_HELP,
        "participants": "Số nguyên không âm; 1.546 và 1546 đều được.",
    }

    host_unit = unit_col("cluster__host_unit", HOST, readonly=True)
    cluster = column_col("cluster", "Tên cụm", RelatedWidget(_cluster_lookup(), lambda c: c.name))
    kind = choice_col("kind", "Loại hoạt động", ClusterActivity.Kind.choices)
    held_on = day_col("held_on", "Ngày")
    # Not ``title``: that is the resource's own name (the sheet's title, the template's).
    activity_title = text_col("title", "Nội dung", 255)
    participants = count_col("participants", "Số lượt người tham gia")
    note = long_text_col("note", "Ghi chú")

    class Meta:
        model = ClusterActivity
        fields = (
            "host_unit",
            "cluster",
            "kind",
            "held_on",
            "activity_title",
            "participants",
            "note",
        )
        import_id_fields = ("cluster", "held_on", "activity_title")
        clean_model_instances = True
        skip_diff = True  # ScopedResource keeps what a row may change: unchanged rows skipped
        use_bulk = True  # new and changed rows written in bulk, with their history

    def export_queryset(self):
        return (
            self.get_queryset()
            .select_related("cluster__host_unit__parent")
            .order_by("cluster__host_unit__path", "cluster__name", "held_on", "title", "pk")
        )
