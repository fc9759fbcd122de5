"""Xã Hải Long (huyện Như Thanh, Thanh Hóa) in 2022, seed 004."""

from __future__ import annotations

import datetime as dt

from movement.demo.base import Seeder, catalogue_unit
from movement.models import Commendation, FestivalEvent, MovementModel, SelfManagementGroup

COMMUNE = "16252"
YEAR = 2022

# "32 tổ ANXH, 9 tổ bảo vệ ANTT thôn": the article does not name them.
GROUPS = [
    (SelfManagementGroup.Kind.SOCIAL_SECURITY, 32, "Tổ an ninh xã hội số {n:02d}"),
    (SelfManagementGroup.Kind.VILLAGE_PROTECTION, 9, "Tổ bảo vệ ANTT thôn số {n}"),
]
# "2 mô hình tự quản về ANTT, là mô hình Dòng họ Lục tự quản ở thôn Vĩnh Lợi; Tổ an ninh công nhân
# ở nhà máy giày Akalia Việt Nam". The article of 2022 says they are maintained, not since when.
SELF_MANAGEMENT_MODELS = [
    (SelfManagementGroup.Kind.CLAN, "Dòng họ Lục tự quản", "Thôn Vĩnh Lợi"),
    (SelfManagementGroup.Kind.WORKERS, "Tổ an ninh công nhân", "Nhà máy giày Akalia Việt Nam"),
]

FESTIVAL_DAY = dt.date(2022, 8, 15)
FESTIVAL = {
    "title": "Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2022",
    "place": "Xã Hải Long, huyện Như Thanh",
    "guests": "Đại tá Lê Như Lập, Phó Giám đốc Công an tỉnh Thanh Hóa",
    "programme": (
        "Văn nghệ chào mừng; Ban Chỉ đạo 138 xã báo cáo kết quả phong trào; "
        "Phó Giám đốc Công an tỉnh phát biểu chỉ đạo; khen thưởng 2 tập thể và 4 cá nhân; "
        "Chủ tịch UBND tỉnh và Giám đốc Công an tỉnh tặng quà các cá nhân có nhiều đóng góp."
    ),
}
# "2 tập thể và 4 cá nhân được UBND tỉnh, Giám đốc Công an tỉnh, UBND huyện tặng Bằng khen, Giấy
# khen". Who received which is not in the article, nor their names: neutral descriptions.
PROVINCE = "UBND tỉnh Thanh Hóa"
POLICE = "Giám đốc Công an tỉnh Thanh Hóa"
DISTRICT = "UBND huyện Như Thanh"
COLLECTIVE = Commendation.RecipientKind.COLLECTIVE
INDIVIDUAL = Commendation.RecipientKind.INDIVIDUAL
CERTIFICATE_OF_MERIT = Commendation.Form.CERTIFICATE_OF_MERIT
CERTIFICATE = Commendation.Form.CERTIFICATE
COMMENDATIONS = [
    (COLLECTIVE, "Tập thể thứ nhất", CERTIFICATE_OF_MERIT, PROVINCE),
    (COLLECTIVE, "Tập thể thứ hai", CERTIFICATE, POLICE),
    (INDIVIDUAL, "Cá nhân thứ nhất", CERTIFICATE_OF_MERIT, PROVINCE),
    (INDIVIDUAL, "Cá nhân thứ hai", CERTIFICATE, POLICE),
    (INDIVIDUAL, "Cá nhân thứ ba", CERTIFICATE, DISTRICT),
    (INDIVIDUAL, "Cá nhân thứ tư", CERTIFICATE, DISTRICT),
]
REASON = "Có thành tích xuất sắc trong phong trào toàn dân bảo vệ ANTQ năm 2022"


def seed(seeder: Seeder) -> None:
    commune = catalogue_unit("commune", COMMUNE)
    groups = [
        SelfManagementGroup(unit=commune, name=pattern.format(n=n), kind=kind)
        for kind, count, pattern in GROUPS
        for n in range(1, count + 1)
    ]
    groups += [
        SelfManagementGroup(unit=commune, name=name, kind=kind, note=place)
        for kind, name, place in SELF_MANAGEMENT_MODELS
    ]
    by_name = seeder.ensure(SelfManagementGroup, groups, ("unit_id", "name"), unit=commune)
    seeder.ensure(
        MovementModel,
        [
            MovementModel(
                unit=commune,
                name=name,
                year_recognised=YEAR,
                group=by_name[(commune.pk, name)],
                description=f"Mô hình tự quản về ANTT tại {place[:1].lower()}{place[1:]}.",
            )
            for _, name, place in SELF_MANAGEMENT_MODELS
        ],
        ("unit_id", "name"),
        unit=commune,
    )

    festivals = seeder.ensure(
        FestivalEvent,
        [FestivalEvent(unit=commune, held_on=FESTIVAL_DAY, **FESTIVAL)],
        ("unit_id", "held_on"),
        unit=commune,
    )
    festival = festivals[(commune.pk, FESTIVAL_DAY)]
    seeder.ensure(
        Commendation,
        [
            Commendation(
                unit=commune,
                recipient_kind=kind,
                recipient_name=f"{who} được khen thưởng tại Ngày hội {FESTIVAL_DAY:%d/%m/%Y}",
                form=form,
                authority=authority,
                # The decision dates are not in the article: the day they were handed over.
                decision_date=FESTIVAL_DAY,
                festival=festival,
                occasion=FESTIVAL["title"],
                reason=REASON,
            )
            for kind, who, form, authority in COMMENDATIONS
        ],
        ("unit_id", "recipient_name"),
        unit=commune,
    )
