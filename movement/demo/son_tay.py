"""Thị xã Sơn Tây (Hà Nội), seed 003: "trong 5 năm qua" to August 2020, i.e. the reports 2015–2019."""

from __future__ import annotations

import datetime as dt

from movement.demo.base import (
    Seeder,
    by_year,
    catalogue_unit,
    communes_on,
    spread,
    uneven,
    year_window,
)
from movement.models import MovementModel, PropagandaSession, SelfManagementGroup

DISTRICT = "269"
YEARS = list(range(2015, 2020))
COMMUNES = 15  # the wards and communes of the town before NQ 1286 (2025)

FIVE_YEAR_TOTALS = {
    "persons_educated": 3_421,  # "cảm hóa giáo dục tại nhà 3.421 lượt đối tượng"
    "disputes_mediated": 79,
    "tips_received": 423,  # "trong đó có nhiều tin giá trị": no count given
    "cases_solved": 45,
    "persons_arrested": 58,
    "wanted_caught": 5,
    "persons_reintegrated": 21,  # "giúp đỡ 21 người tiến bộ"
    "thematic_programmes": 15,
}
# One indicator, two groups trained: each year's value carries its breakdown in the note.
TRAINED = [
    (592, "lượt cán bộ hội viên phụ nữ (kiến thức phòng chống tội phạm)"),
    (638, "lượt hội viên cựu chiến binh (phòng chống tuần hành, biểu tình trái pháp luật)"),
]
# "Công an thị xã phối hợp Hội phụ nữ phát 35.000 tờ rơi": leaflets are counted from
# propaganda records, one leaflet round a year.
LEAFLETS = 35_000
LEAFLET_TOPIC = (
    "Phát tờ rơi tuyên truyền Luật Phòng, chống ma túy, phòng chống tội phạm, "
    "tệ nạn xã hội, bạo lực gia đình (phối hợp Hội Liên hiệp phụ nữ)"
)
# "Duy trì hoạt động của 163 nhóm nhân dân tự phòng, tự quản về ANTT và tự quản về ATGT"
GROUPS = 163
# "10 mô hình": the article names the kinds; Bệnh viện Quân y 105 keeps its patrol team.
MODEL_KINDS = [
    "Mô hình nhóm nhân dân tự quản",
    "Mô hình dòng họ tự quản",
    "Mô hình họ giáo tự quản",
    "Câu lạc bộ phòng, chống tội phạm, tệ nạn xã hội",
]
HOSPITAL_MODEL = "Đội tuần tra bảo đảm ANTT của Bệnh viện Quân y 105"
MODELS = 10


def seed(seeder: Seeder) -> None:
    town = catalogue_unit("district", DISTRICT)
    communes = communes_on(town, dt.date(YEARS[-1], 12, 31), expected=COMMUNES)

    weights = uneven(len(YEARS), seed=3)
    leaflets = spread(LEAFLETS, weights)
    seeder.ensure(
        PropagandaSession,
        [
            PropagandaSession(
                unit=town,
                held_on=year_window(year)[0] + dt.timedelta(days=120),
                channel=PropagandaSession.Channel.LEAFLET,
                venue=PropagandaSession.Venue.RESIDENTIAL,
                topic=LEAFLET_TOPIC,
                leaflets=count,
            )
            for year, count in zip(YEARS, leaflets, strict=True)
        ],
        ("unit_id", "held_on", "topic"),
        unit=town,
    )

    per_commune = spread(GROUPS, uneven(len(communes), seed=5))
    seeder.ensure(
        SelfManagementGroup,
        [
            SelfManagementGroup(
                unit=commune,
                name=f"Nhóm nhân dân tự phòng, tự quản số {j + 1:02d}",
                kind=SelfManagementGroup.Kind.PEOPLE_GROUP,
            )
            for commune, count in zip(communes, per_commune, strict=True)
            for j in range(count)
        ],
        ("unit_id", "name"),
        unit__in=communes,
    )

    models = [MovementModel(unit=town, name=HOSPITAL_MODEL, year_recognised=YEARS[0])]
    for n, commune_index in enumerate(_pick(MODELS - 1, len(communes))):
        models.append(
            MovementModel(
                unit=communes[commune_index],
                name=MODEL_KINDS[n % len(MODEL_KINDS)],
                year_recognised=YEARS[n % len(YEARS)],
            )
        )
    seeder.ensure(MovementModel, models, ("unit_id", "name"), unit__in=[town, *communes])

    totals: dict[str, list] = {
        code: spread(total, uneven(len(YEARS), seed=n))
        for n, (code, total) in enumerate(FIVE_YEAR_TOTALS.items())
    }
    trained = [
        spread(total, uneven(len(YEARS), seed=20 + n)) for n, (total, _) in enumerate(TRAINED)
    ]
    totals["persons_trained"] = [
        (sum(parts), "Tập huấn: " + "; ".join(map(_trained_note, parts, TRAINED)))
        for parts in zip(*trained, strict=True)
    ]
    seeder.yearly_reports(town, by_year(YEARS, totals))


def _trained_note(count: int, group: tuple[int, str]) -> str:
    return f"{count} {group[1]}"


def _pick(count: int, among: int) -> list[int]:
    """``count`` distinct positions spread evenly over ``among``."""
    return [(among * (2 * i + 1)) // (2 * count) for i in range(count)]
