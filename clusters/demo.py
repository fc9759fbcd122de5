"""Demo data of the clusters: seed 000, the safety clusters of TP Móng Cái (``movement.demo``
calls :func:`seed_clusters` after the articles, registered in ``ClustersConfig.ready()``)."""

from __future__ import annotations

import datetime as dt

from clusters.models import ClusterActivity, ClusterMember, SafetyCluster
from movement.demo import mong_cai
from movement.demo.base import (
    Seeder,
    catalogue_unit,
    communes_on,
    short_name,
    spaced_dates,
    spread,
    uneven,
    year_window,
)

TRAN_PHU, HAI_HOA = mong_cai.TRAN_PHU, mong_cai.HAI_HOA

# --- Safety clusters (seed 000) -------------------------------------------------------------------------
# Six clusters, 42 member units, 9 of them military: 6 border posts, Lâm trường 42, Lâm trường 27
# and Đại đội đảo Vĩnh Thực. The article names Cụm phường Hải Hòa, Cụm phường Trần Phú and Đồn
# Biên phòng Pò Hèn (at xã Hải Sơn); Bắc Sơn, Trà Cổ, Cửa khẩu Quốc tế Móng Cái and Cửa khẩu cảng
# Vạn Gia are border posts of the Móng Cái line in the press; the sixth is named after its
# commune. Which communes form which cluster, and where the forestry units sit, is not in the
# article: neighbouring communes are grouped, each cluster named after its host commune.
BORDER_POST = ClusterMember.Kind.BORDER_POST
FORESTRY = ClusterMember.Kind.FORESTRY
COMPANY = ClusterMember.Kind.COMPANY
CLUSTERS = [
    # host, communes (host first), military members
    (TRAN_PHU, ["06712", "06718", "06709", "06715"], [("Đồn Biên phòng Cửa khẩu Quốc tế Móng Cái", BORDER_POST)]),
    (HAI_HOA, ["06742", "06721", "06751"], [("Đồn Biên phòng Trà Cổ", BORDER_POST)]),
    ("06736", ["06736", "06730", "06733", "06739"], [("Lâm trường 27", FORESTRY)]),
    ("06724", ["06724", "06727"], [("Đồn Biên phòng Pò Hèn", BORDER_POST), ("Đồn Biên phòng Bắc Sơn", BORDER_POST), ("Lâm trường 42", FORESTRY)]),
    ("06748", ["06748", "06745"], [("Đồn Biên phòng Cửa khẩu cảng Vạn Gia", BORDER_POST)]),
    ("06757", ["06757", "06754"], [("Đồn Biên phòng Vĩnh Thực", BORDER_POST), ("Đại đội đảo Vĩnh Thực", COMPANY)]),
]  # fmt: skip
MEMBERS_PER_CLUSTER = 7  # 6 × 7 = 42
# 2022: "phối hợp tuyên truyền, bảo vệ đường biên, mốc giới an toàn với trên 102 lượt" people.
ACTIVITY_YEAR = 2022
ACTIVITY_PARTICIPANTS = 106
ACTIVITY_TITLE = "Phối hợp tuyên truyền, bảo vệ đường biên, mốc giới an toàn năm 2022"


def seed_clusters(seeder: Seeder) -> None:
    """Seed 000: the six clusters of TP Móng Cái, their 42 members and their 2022 activities."""
    city = catalogue_unit("district", mong_cai.DISTRICT)
    by_code = {
        c.code: c for c in communes_on(city, dt.date(2022, 12, 31), expected=mong_cai.COMMUNES)
    }
    wanted = [
        SafetyCluster(host_unit=by_code[host], name=f"Cụm {short_name(by_code[host])}")
        for host, _, _ in CLUSTERS
    ]
    hosts = [by_code[host] for host, _, _ in CLUSTERS]
    existed = set(SafetyCluster.objects.filter(host_unit__in=hosts).values_list("pk", flat=True))
    clusters = seeder.ensure(SafetyCluster, wanted, ("host_unit_id", "name"), host_unit__in=hosts)
    members, activities = [], []
    participants = spread(ACTIVITY_PARTICIPANTS, uneven(len(CLUSTERS), seed=10))
    days = spaced_dates(*year_window(ACTIVITY_YEAR), len(CLUSTERS))
    for i, (cluster, (_, codes, military)) in enumerate(
        zip([clusters[(c.host_unit.pk, c.name)] for c in wanted], CLUSTERS, strict=True)
    ):
        if cluster.pk not in existed:
            cluster.communes.set([by_code[code] for code in codes])
        names = [(name, kind, True) for name, kind in military]
        names += [
            (f"Ủy ban nhân dân {short_name(by_code[code])}", ClusterMember.Kind.AUTHORITY, False)
            for code in codes
        ]
        # The article does not name the civilian agencies and enterprises: neutral names.
        names += [
            (f"Cơ quan, doanh nghiệp thành viên thứ {k}", ClusterMember.Kind.OTHER, False)
            for k in range(1, MEMBERS_PER_CLUSTER - len(names) + 1)
        ]
        members += [
            ClusterMember(cluster=cluster, name=name, kind=kind, is_military=military_unit)
            for name, kind, military_unit in names
        ]
        activities.append(
            ClusterActivity(
                cluster=cluster,
                kind=ClusterActivity.Kind.BORDER_MARKER
                if any(kind == BORDER_POST for _, kind in military)
                else ClusterActivity.Kind.PROPAGANDA,
                held_on=days[i],
                title=ACTIVITY_TITLE,
                participants=participants[i],
            )
        )
    seeder.ensure(ClusterMember, members, ("cluster_id", "name"), cluster__host_unit__in=hosts)
    seeder.ensure(
        ClusterActivity,
        activities,
        ("cluster_id", "held_on", "title"),
        cluster__host_unit__in=hosts,
    )
