"""Facts and signing authorities of the seed units (what section I and the signature of their
yearly reports say). Facts come from the articles only; the signers' names are placeholders
("Nguyễn Văn A"...) except where an article names the office holder.
"""

from __future__ import annotations

from decimal import Decimal

from movement.demo.base import Seeder, catalogue_unit
from movement.models import SigningAuthority, SigningCapacity, UnitFacts

# (level, code): facts. Seed 001: "diện tích tự nhiên 518 km2 có 17 đơn vị hành chính, 100 thôn,
# khu phố; dân số hơn 11 vạn người". Seed 002: "123 tổ an ninh tự quản tại 123 xóm, tổ dân phố".
FACTS = {
    ("district", "194"): {
        "area_km2": Decimal("518"),
        "population": 110_000,
        "population_at_least": True,
        "residential_areas": 100,
        "residential_label": "thôn, khu phố",
        "source": "Báo Quảng Ninh, 19/05/2023",
    },
    ("district", "046"): {
        "residential_areas": 123,
        "residential_label": "xóm, tổ dân phố",
        "source": "Báo Cao Bằng, 24/06/2019",
    },
}

ON_BEHALF, DEPUTY = SigningCapacity.ON_BEHALF, SigningCapacity.DEPUTY
# (level, code): (capacity, body, title, name). Seed 001 names Thượng tá Lê Hồng Vân, Trưởng
# Công an thành phố: the standing deputy head of the city's Ban Chỉ đạo 138, who signs KT.
SIGNERS = {
    ("district", "194"): (DEPUTY, "Trưởng ban", "Phó Trưởng ban thường trực", "Lê Hồng Vân"),
    ("district", "046"): (ON_BEHALF, "Ban Chỉ đạo", "Trưởng ban", "Nguyễn Văn A"),
    ("district", "269"): (ON_BEHALF, "Ban Chỉ đạo", "Trưởng ban", "Trần Văn B"),
    ("commune", "16252"): (ON_BEHALF, "Ban Chỉ đạo", "Trưởng ban", "Lê Văn C"),
    # The host of cụm phường Hải Hòa: its cluster report is signed by the cụm trưởng.
    ("commune", "06742"): (ON_BEHALF, "Ban Chỉ đạo", "Trưởng ban", "Phạm Văn D"),
}


def seed(seeder: Seeder) -> None:
    units = {key: catalogue_unit(*key) for key in {*FACTS, *SIGNERS}}
    seeder.ensure(
        UnitFacts,
        [UnitFacts(unit=units[key], **values) for key, values in FACTS.items()],
        ("unit_id", "valid_from"),
        unit__in=units.values(),
    )
    seeder.ensure(
        SigningAuthority,
        [
            SigningAuthority(unit=units[key], capacity=cap, body=body, title=title, name=name)
            for key, (cap, body, title, name) in SIGNERS.items()
        ],
        ("unit_id", "valid_from"),
        unit__in=units.values(),
    )
