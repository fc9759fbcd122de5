"""TP Móng Cái (Quảng Ninh): seed 001 (ten years of Chương trình phối hợp 09); seed 000's clusters
are seeded by ``clusters.demo``.

Records belong to the 17 communes of the city (phường Hòa Lạc included: it was merged into phường
Trần Phú only on 01/11/2024); the city-wide figures of the police are entered in the yearly
reports of TP Móng Cái itself.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from movement.demo.base import (
    DemoDataError,
    Seeder,
    by_year,
    catalogue_unit,
    communes_on,
    spaced_dates,
    spread,
    spread_decimal,
    spread_grid,
    spread_money,
    uneven,
    year_window,
)
from movement.models import (
    CoreForce,
    FestivalEvent,
    MovementModel,
    PropagandaSession,
    SelfManagementGroup,
    Unit,
)

DISTRICT = "194"
COMMUNES = 17  # "17 đơn vị hành chính", "17/17 xã, phường"
HAI_HOA, TRAN_PHU, BINH_NGOC = "06742", "06712", "06751"

# Chương trình phối hợp 09 was signed on 01/08/2013 and the article is of 19/05/2023: its
# "10 năm" are the ten yearly reports 2013–2022, 2013 from August only.
PROGRAMME_START = dt.date(2013, 8, 1)
YEARS = list(range(2013, 2023))
# Weight of each year when a ten-year total is spread: 2013 counts five months.
YEAR_WEIGHTS = [2 if year == 2013 else 5 for year in YEARS]

# --- Propaganda (seed 001) ---------------------------------------------------------------------------
SESSIONS = 121
ATTENDEES = 15_126  # "trên 15.000 người tham gia": a figure just above it
LEAFLETS = 8_050  # "trên 8000 tờ rơi"
DOCUMENTS = 1_500  # "1500 tệp tài liệu tuyên truyền về phòng chống tội phạm"
TOPICS = [
    "Tuyên truyền, vận động nhân dân tham gia phong trào “Toàn dân bảo vệ an ninh Tổ quốc”",
    "Phòng, chống tội phạm, ma túy, mại dâm, HIV/AIDS",
    "Nêu cao cảnh giác, tích cực phòng ngừa và tố giác tội phạm",
    "Bảo đảm trật tự, an toàn giao thông; xây dựng nông thôn mới, đô thị văn minh",
    "Bài trừ tệ nạn xã hội, mê tín dị đoan",
]

# --- Tổ nhân dân tự quản ANTT (seed 001: 126 in ten years; seed 000: 100 active in 2022) -----------
GROUPS_ACTIVE_2022 = 100
GROUPS_DISSOLVED = 126 - GROUPS_ACTIVE_2022  # dissolved before 2022

# --- Models and exemplars (seed 001) ------------------------------------------------------------------
MODELS = 25
EXEMPLARS = 10
# "Phường Trần Phú hiện phát huy hiệu quả hệ thống camera an ninh"; the years are not given.
NAMED_MODELS = [
    (BINH_NGOC, "Tuyến đường ánh sáng an ninh an toàn", 2019),
    (TRAN_PHU, "Mô hình camera an ninh", 2021),
]

# --- Ngày hội toàn dân bảo vệ ANTQ (seed 001): 170 = one a year in each of the 17 communes ---------
FESTIVALS = 170
FESTIVAL_PARTICIPANTS = 16_150  # "trên 16000 lượt người tham gia"

# --- Figures of Công an thành phố over the ten years (seed 001) ----------------------------------------
CITY_TOTALS: dict[str, int] = {
    "tips_received": 642,  # "hàng trăm tin": a few hundred
    "cases_solved": 557,
    "foreigners_immigration": 861,
    "handed_over_abroad": 132,
    "wanted_caught": 128,
    "traffic_violations": 116_789,
    "admin_violations": 775,
    "weapon_cases": 19,
    "firecracker_cases": 35,
    "firecracker_suspects": 29,
}
CITY_FINES = {
    "immigration_fines": 1_968_500_000,  # "gần 2 tỷ đồng"
    "traffic_fines": 48_126_500_000,  # "trên 48 tỷ đồng"
    "admin_fines": 1_472_000_000,  # "gần 1,5 tỷ đồng"
}
SERIOUS_CASES = 72  # of the 557 cases: spread within each year's cases
WEAPON_SUSPECTS = 20  # for the 19 weapon cases: at least as many suspects as cases each year
FIRECRACKERS_KG = Decimal("2239.5")  # "trên 2.239 kg pháo các loại"
WANTED_NOTE = "Đối tượng truy nã người Trung Quốc"
# Stocks known at the end of the period only: entered in the 2022 report.
RESIDENTIAL_AREAS_REACHED = 101
HOUSEHOLDS_COMMITTED_SHARE = Decimal("95.6")  # "trên 95% hộ dân ký cam kết"


def seed(seeder: Seeder) -> None:
    city = catalogue_unit("district", DISTRICT)
    communes = communes_on(city, dt.date(2022, 12, 31), expected=COMMUNES)
    by_code = {c.code: c for c in communes}
    _propaganda(seeder, communes)
    _groups(seeder, communes)
    _models(seeder, communes, by_code)
    _festivals(seeder, communes)
    _city_reports(seeder, city)


def _propaganda(seeder: Seeder, communes: list[Unit]) -> None:
    counts = spread_grid(SESSIONS, uneven(len(communes), seed=1), YEAR_WEIGHTS)
    attendees = spread(ATTENDEES, uneven(SESSIONS, seed=2))
    leaflets = spread(LEAFLETS, uneven(SESSIONS, seed=3))
    documents = spread(DOCUMENTS, uneven(SESSIONS, seed=4))
    sessions = []
    for commune, by_year_counts in zip(communes, counts, strict=True):
        for year, count in zip(YEARS, by_year_counts, strict=True):
            for day in spaced_dates(*year_window(year, since=PROGRAMME_START), count):
                n = len(sessions)
                sessions.append(
                    PropagandaSession(
                        unit=commune,
                        held_on=day,
                        channel=PropagandaSession.Channel.CONFERENCE,
                        venue=PropagandaSession.Venue.COMMUNE,
                        topic=TOPICS[n % len(TOPICS)],
                        attendees=attendees[n],
                        leaflets=leaflets[n],
                        documents=documents[n],
                    )
                )
    seeder.ensure(PropagandaSession, sessions, ("unit_id", "held_on", "topic"), unit__in=communes)


def _groups(seeder: Seeder, communes: list[Unit]) -> None:
    active = spread(GROUPS_ACTIVE_2022, uneven(len(communes), seed=5))
    dissolved = spread(GROUPS_DISSOLVED, uneven(len(communes), seed=6))
    groups = []
    for i, commune in enumerate(communes):
        for j in range(active[i] + dissolved[i]):
            if j < active[i]:
                # Founded over the programme, still active (veterans at the core, seed 000).
                year = 2013 + (i + j) % 9
                month = 9 if year == 2013 else 1 + (i + 3 * j) % 12
                founded = dt.date(year, month, 1 + (7 * i + j) % 28)
                dissolved_on, core = None, CoreForce.VETERANS
            else:
                founded = dt.date(2013 + (i + j) % 3, 9 + (i + j) % 4, 1 + (i + 5 * j) % 28)
                dissolved_on, core = dt.date(2017 + (i + j) % 5, 6, 30), ""
            groups.append(
                SelfManagementGroup(
                    unit=commune,
                    name=f"Tổ nhân dân tự quản ANTT số {j + 1:02d}",
                    kind=SelfManagementGroup.Kind.PEOPLE_ANTT,
                    founded_on=founded,
                    dissolved_on=dissolved_on,
                    core_force=core,
                )
            )
    seeder.ensure(SelfManagementGroup, groups, ("unit_id", "name"), unit__in=communes)


def _models(seeder: Seeder, communes: list[Unit], by_code: dict[str, Unit]) -> None:
    records = [
        MovementModel(
            unit=by_code[code], name=name, kind=MovementModel.Kind.MODEL, year_recognised=year
        )
        for code, name, year in NAMED_MODELS
    ]
    for kind, total, label, seed in [
        (MovementModel.Kind.MODEL, MODELS - len(NAMED_MODELS), "Mô hình tự quản về ANTT", 7),
        (MovementModel.Kind.EXEMPLAR, EXEMPLARS, "Điển hình tiên tiến", 8),
    ]:
        for i, count in enumerate(spread(total, uneven(len(communes), seed=seed))):
            for j in range(count):
                records.append(
                    MovementModel(
                        unit=communes[i],
                        name=f"{label} số {j + 1}",
                        kind=kind,
                        year_recognised=YEARS[(3 * i + 4 * j + seed) % len(YEARS)],
                    )
                )
    seeder.ensure(MovementModel, records, ("unit_id", "name"), unit__in=communes)


def _festivals(seeder: Seeder, communes: list[Unit]) -> None:
    cells = [(commune, year) for commune in communes for year in YEARS]
    if len(cells) != FESTIVALS:
        raise DemoDataError(f"{len(cells)} xã-năm cho {FESTIVALS} ngày hội.")
    participants = spread(FESTIVAL_PARTICIPANTS, uneven(FESTIVALS, seed=9))
    events = []
    for n, ((commune, year), people) in enumerate(zip(cells, participants, strict=True)):
        # Held between 1/7 and 19/8; in 2013 after the programme was signed on 1/8.
        first = PROGRAMME_START if year == 2013 else dt.date(year, 7, 1)
        span = (dt.date(year, 8, 19) - first).days + 1
        events.append(
            FestivalEvent(
                unit=commune,
                title=f"Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm {year}",
                held_on=first + dt.timedelta(days=(7 * n) % span),
                participants=people,
            )
        )
    seeder.ensure(FestivalEvent, events, ("unit_id", "held_on"), unit__in=communes)


def _year_weights(seed: int) -> list[int]:
    return [u * y for u, y in zip(uneven(len(YEARS), seed), YEAR_WEIGHTS, strict=True)]


def _city_reports(seeder: Seeder, city: Unit) -> None:
    totals: dict[str, list] = {
        code: spread(total, _year_weights(seed=11 + n))
        for n, (code, total) in enumerate(CITY_TOTALS.items())
    }
    # Year by year: serious cases within the cases solved (rule ≤), weapon suspects at least
    # the weapon cases (rule ≥), fines in step with the violations they punish.
    totals["cases_serious"] = spread(SERIOUS_CASES, totals["cases_solved"])
    totals["weapon_suspects"] = spread(WEAPON_SUSPECTS, totals["weapon_cases"])
    for code, counts in [
        ("immigration_fines", "foreigners_immigration"),
        ("traffic_fines", "traffic_violations"),
        ("admin_fines", "admin_violations"),
    ]:
        totals[code] = spread_money(CITY_FINES[code], totals[counts])
    totals["firecrackers_seized"] = spread_decimal(FIRECRACKERS_KG, _year_weights(seed=30))
    totals["wanted_caught"] = [(value, WANTED_NOTE) for value in totals["wanted_caught"]]
    figures = by_year(YEARS, totals)
    figures[2022]["residential_areas_reached"] = RESIDENTIAL_AREAS_REACHED
    figures[2022]["households_committed_share"] = HOUSEHOLDS_COMMITTED_SHARE
    seeder.yearly_reports(city, figures, submitted_by="bcd.mongcai")
