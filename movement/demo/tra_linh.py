"""Huyện Trà Lĩnh (Cao Bằng) in 2018, seed 002.

Trà Lĩnh was merged into huyện Trùng Khánh on 01/03/2020 (NQ 897/NQ-UBTVQH14): its records stay
on its 10 communes of 2018 and its figures on its own 2018 report.
"""

from __future__ import annotations

import datetime as dt

from movement.demo.base import (
    Seeder,
    catalogue_unit,
    communes_on,
    spaced_dates,
    spread,
    uneven,
    year_window,
)
from movement.models import (
    MovementModel,
    PropagandaSession,
    SafetyRecognition,
    SelfManagementGroup,
    Unit,
)

DISTRICT = "046"
YEAR = 2018
COMMUNES = 10  # "10/10 xã, thị trấn"
XUAN_NOI, CO_MUOI, QUANG_VINH, LUU_NGOC = "01462", "01450", "01459", "01468"

# "tuyên truyền 38 cuộc tại các xã, thị trấn với 1.546 lượt người nghe, 156 đợt tuyên truyền tại
# các xóm với 5.558 lượt người nghe"
PROPAGANDA = [
    (
        PropagandaSession.Venue.COMMUNE,
        PropagandaSession.Channel.CONFERENCE,
        38,
        1_546,
        "Lồng ghép tuyên truyền văn bản pháp luật, phong trào Toàn dân bảo vệ ANTQ",
    ),
    (
        PropagandaSession.Venue.RESIDENTIAL,
        PropagandaSession.Channel.VILLAGE_MEETING,
        156,
        5_558,
        "Tuyên truyền văn bản pháp luật, cảnh giác với âm mưu “diễn biến hòa bình”, bảo vệ chủ quyền biên giới",
    ),
]
# "123 tổ an ninh tự quản tại 123 xóm, tổ dân phố"
GROUPS = 123
MODELS = [
    (XUAN_NOI, "Liên gia tự quản xóm Lũng Tung", "Xây dựng mới năm 2018."),
    (CO_MUOI, "Xã không có ma túy", "Xây dựng và củng cố năm 2018."),
    (QUANG_VINH, "Xã không có ma túy", "Xây dựng và củng cố năm 2018."),
    (LUU_NGOC, "Xã không có ma túy", "Xây dựng và củng cố năm 2018."),
]
# Entered in the district's 2018 report.
FIGURES = {
    "tips_received": 312,
    "tips_valuable": 270,
    "weapons_surrendered": (1, "01 khẩu súng hơi cồn tự chế"),
    "support_tools_surrendered": (6, "06 súng đạn cay"),
    "security_councils": (10, "10 Hội đồng ANTT tại 10 xã, thị trấn"),
}
# "10/10 xã, thị trấn ... đăng ký và cam kết phấn đấu thực hiện": registered in quý I.
REGISTERED_ON = dt.date(2018, 3, 15)


def seed(seeder: Seeder) -> None:
    district = catalogue_unit("district", DISTRICT)
    communes = communes_on(district, dt.date(YEAR, 12, 31), expected=COMMUNES)
    by_code = {c.code: c for c in communes}
    _propaganda(seeder, communes)
    _groups(seeder, communes)
    seeder.ensure(
        MovementModel,
        [
            MovementModel(unit=by_code[code], name=name, year_recognised=YEAR, description=text)
            for code, name, text in MODELS
        ],
        ("unit_id", "name"),
        unit__in=communes,
    )
    seeder.ensure(
        SafetyRecognition,
        [
            SafetyRecognition(
                unit=commune,
                year=YEAR,
                subject_kind=SafetyRecognition.SubjectKind.COMMUNE,
                subject_unit=commune,
                registered_on=REGISTERED_ON,
                result=SafetyRecognition.Result.REGISTERED,
            )
            for commune in communes
        ],
        ("year", "subject_unit_id"),
        subject_unit__in=communes,
    )
    seeder.yearly_reports(district, {YEAR: FIGURES}, submitted_by="bcd.tralinh")


def _propaganda(seeder: Seeder, communes: list[Unit]) -> None:
    sessions = []
    for n, (venue, channel, count, attendees, topic) in enumerate(PROPAGANDA):
        per_commune = spread(count, uneven(len(communes), seed=n))
        people = iter(spread(attendees, uneven(count, seed=n + 2)))
        for commune, sessions_here in zip(communes, per_commune, strict=True):
            for day in spaced_dates(*year_window(YEAR), sessions_here):
                sessions.append(
                    PropagandaSession(
                        unit=commune,
                        held_on=day,
                        channel=channel,
                        venue=venue,
                        topic=topic,
                        attendees=next(people),
                    )
                )
    seeder.ensure(PropagandaSession, sessions, ("unit_id", "held_on", "topic"), unit__in=communes)


def _groups(seeder: Seeder, communes: list[Unit]) -> None:
    # Maintained in 2018; when each was founded is not in the article.
    groups = [
        SelfManagementGroup(
            unit=commune,
            name=f"Tổ an ninh tự quản số {j + 1:02d}",
            kind=SelfManagementGroup.Kind.SECURITY_SELF,
        )
        for commune, count in zip(
            communes, spread(GROUPS, uneven(len(communes), seed=4)), strict=True
        )
        for j in range(count)
    ]
    seeder.ensure(SelfManagementGroup, groups, ("unit_id", "name"), unit__in=communes)
