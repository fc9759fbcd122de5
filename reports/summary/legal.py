"""The legal documents the báo cáo tổng kết cites, with the dates they were in force.

A report cites what was in force in its years: a 2018 report registers communes "An toàn về
ANTT" under Thông tư 23/2012/TT-BCA, a 2022 one under Thông tư 124/2021/TT-BCA (in force from
10/02/2022), and a 2013–2023 report names both, each with its years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from movement.periods import Span


@dataclass(frozen=True)
class LegalDocument:
    topic: str  # what the text cites it for
    number: str  # "Thông tư 124/2021/TT-BCA"
    title: str
    in_force_from: dt.date
    in_force_to: dt.date | None = None  # exclusive: the day its replacement took effect

    def in_force_during(self, start: dt.date, end: dt.date) -> bool:
        return self.in_force_from <= end and (self.in_force_to is None or self.in_force_to > start)


SAFETY_STANDARD = "safety_standard"  # khu dân cư, xã, cơ quan... "An toàn về ANTT"
GRASSROOTS_FORCE = "grassroots_force"  # Tổ bảo vệ an ninh, trật tự
REPORTING = "reporting"  # chế độ báo cáo, thời điểm chốt số liệu
DOCUMENT_FORMAT = "document_format"  # thể thức văn bản

DOCUMENTS = (
    LegalDocument(
        SAFETY_STANDARD,
        "Thông tư 23/2012/TT-BCA",
        "quy định về khu dân cư, xã, phường, thị trấn, cơ quan, doanh nghiệp, nhà trường đạt "
        "tiêu chuẩn “An toàn về an ninh, trật tự”",
        dt.date(2012, 6, 15),
        dt.date(2022, 2, 10),
    ),
    LegalDocument(
        SAFETY_STANDARD,
        "Thông tư 124/2021/TT-BCA",
        "quy định về khu dân cư, xã, phường, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục đạt "
        "tiêu chuẩn “An toàn về an ninh, trật tự”",
        dt.date(2022, 2, 10),
    ),
    LegalDocument(
        GRASSROOTS_FORCE,
        "Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở số 30/2023/QH15",
        "Tổ bảo vệ an ninh, trật tự",
        dt.date(2024, 7, 1),
    ),
    LegalDocument(
        REPORTING,
        "Nghị định 09/2019/NĐ-CP",
        "quy định về chế độ báo cáo của cơ quan hành chính nhà nước",
        dt.date(2019, 3, 12),
    ),
    LegalDocument(
        DOCUMENT_FORMAT,
        "Nghị định 30/2020/NĐ-CP",
        "về công tác văn thư",
        dt.date(2020, 3, 5),
    ),
)


def in_force(topic: str, span: Span) -> tuple[LegalDocument, ...]:
    """The documents on ``topic`` in force at some time during ``span``, oldest first."""
    return tuple(
        d for d in DOCUMENTS if d.topic == topic and d.in_force_during(span.start, span.end)
    )


def citation(topic: str, span: Span) -> str:
    """``theo Thông tư 23/2012/TT-BCA``; across a replacement: ``theo Thông tư 23/2012/TT-BCA
    (đến 09/02/2022) và Thông tư 124/2021/TT-BCA (từ 10/02/2022)``; "" when none was in force."""
    documents = in_force(topic, span)
    if not documents:
        return ""
    if len(documents) == 1:
        return f"theo {documents[0].number}"
    parts = []
    for d in documents:
        if d.in_force_from > span.start:
            parts.append(f"{d.number} (từ {d.in_force_from:%d/%m/%Y})")
        elif d.in_force_to is not None and d.in_force_to <= span.end:
            last = d.in_force_to - dt.timedelta(days=1)
            parts.append(f"{d.number} (đến {last:%d/%m/%Y})")
        else:
            parts.append(d.number)
    return "theo " + ", ".join(parts[:-1]) + " và " + parts[-1]
