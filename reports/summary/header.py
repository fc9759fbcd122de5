"""The thể thức of a new báo cáo tổng kết (Nghị định 30/2020): header, signature prefilled from
the unit's signing authority, and the recipients by the unit's kind and level.

Recipients: the party committee is named by the kind of the unit (huyện → Huyện ủy, thành phố
→ Thành ủy, thị xã → Thị ủy, quận → Quận ủy, tỉnh → Tỉnh ủy, xã/phường/thị trấn → Đảng ủy); the
police above a commune is the district's until district police were dissolved (01/03/2025),
then the province's. A cluster's report goes to the same body its header names.
"""

from __future__ import annotations

import datetime as dt

from movement.models import SigningAuthority, SigningCapacity, Unit
from movement.periods import Span
from reports.summary.prose import lower_first, place_name, unit_phrase

DISTRICT_POLICE_DISSOLVED = dt.date(2025, 3, 1)
PARTY_COMMITTEE = {
    "tỉnh": "Tỉnh ủy",
    "thành phố": "Thành ủy",
    "huyện": "Huyện ủy",
    "thị xã": "Thị ủy",
    "quận": "Quận ủy",
}


def party_committee(unit: Unit) -> str:
    """``Thành ủy``, ``Huyện ủy``, ``Đảng ủy`` (communes, wards, special zones)."""
    if unit.level.code == "commune":
        return "Đảng ủy"
    return PARTY_COMMITTEE.get((unit.kind or "").lower(), "Cấp ủy")


def superior_committee(unit: Unit) -> str:
    """``Ban Chỉ đạo 138 tỉnh Quảng Ninh``: the steering committee a unit reports to."""
    parent = unit.parent
    if parent is None or parent.level.code == "country":
        return ""
    return f"Ban Chỉ đạo 138 {unit_phrase(parent)}"


def cluster_director(host: Unit) -> str:
    """The body that directs a host commune's clusters: the steering committee of its parent."""
    parent = host.parent
    director = unit_phrase(parent) if parent is not None else unit_phrase(host)
    return f"Ban Chỉ đạo xây dựng cụm địa bàn an toàn - đơn vị an toàn {director}"


def recipients(unit: Unit, span: Span, *, cluster=None) -> list[str]:
    if cluster is not None:
        host = cluster.host_unit
        return [
            f"{cluster_director(host)} (để báo cáo);",
            f"Thường trực {party_committee(host)}, UBND {unit_phrase(host)};",
            "Các đơn vị thành viên cụm;",
        ]
    phrase = unit_phrase(unit)
    lines = []
    superior = superior_committee(unit)
    if superior:
        lines.append(f"{superior} (để báo cáo);")
        parent = unit.parent
        police = parent
        if (
            unit.level.code == "commune"
            and parent.level.code == "district"
            and span.end >= DISTRICT_POLICE_DISSOLVED
            and parent.parent is not None
        ):
            police = parent.parent
        lines.append(f"Công an {unit_phrase(police)} (để báo cáo);")
    lines += [
        f"Thường trực {party_committee(unit)}, HĐND, UBND {phrase};",
        f"Ủy ban Mặt trận Tổ quốc Việt Nam {phrase};",
        "Các thành viên Ban Chỉ đạo;",
    ]
    return lines


def default_header(*, unit: Unit, span: Span, cluster=None) -> dict[str, str]:
    """What a new report's header says before staff change it."""
    phrase = unit_phrase(unit)
    authority = SigningAuthority.objects.in_force_on(unit, span.end)
    if cluster is not None:
        issuing = cluster.name.upper()
        parent_body = cluster_director(unit).upper()
        title = f"Tổng kết hoạt động {lower_first(cluster.name)} {span.label}"
        # The cụm trưởng is the head of the host unit: its signing authority gives the name.
        signer = {
            "signer_capacity": SigningCapacity.DIRECT,
            "signer_body": "",
            "signer_title": "Cụm trưởng",
            "signer_name": authority.name if authority else "",
        }
    else:
        issuing = "BAN CHỈ ĐẠO 138"
        parent_body = f"UBND {phrase.upper()}"
        title = f"Tổng kết phong trào Toàn dân bảo vệ an ninh Tổ quốc {span.label}"
        signer = {
            "signer_capacity": authority.capacity if authority else SigningCapacity.ON_BEHALF,
            "signer_body": authority.body if authority else "Ban Chỉ đạo",
            "signer_title": authority.title if authority else "Trưởng ban",
            "signer_name": authority.name if authority else "",
        }
    return {
        "parent_body": parent_body,
        "issuing_body": issuing,
        "symbol": "BC-BCĐ",
        "place": place_name(unit),
        "title": title,
        **signer,
        "recipients": "\n".join(recipients(unit, span, cluster=cluster)),
    }


def issuer(report) -> str:
    """Who issues the report, as the annex's reference names it: ``Ban Chỉ đạo 138 thành phố
    Móng Cái``, ``Cụm phường Hải Hòa``."""
    if report.cluster_id:
        return report.cluster.name
    body = report.issuing_body.strip()
    if body.upper() == "BAN CHỈ ĐẠO 138":
        return f"Ban Chỉ đạo 138 {unit_phrase(report.unit)}"
    return body[:1].upper() + body[1:].lower() if body.isupper() else body


def annex_reference(report) -> str:
    """``Kèm theo Báo cáo số 05/BC-BCĐ ngày 05/01/2024 của Ban Chỉ đạo 138 thành phố Móng Cái``;
    blanks to fill by hand where the number or the date is not known yet."""
    blank = "\u00a0" * 5
    number = report.number.strip() or blank
    symbol = f"/{report.symbol}" if report.symbol else ""
    if report.issued_on:
        day = f"{report.issued_on:%d/%m/%Y}"
    else:
        year = report.last_year + 1
        day = f"{blank}/{blank}/{year}"
    return f"Kèm theo Báo cáo số {number}{symbol} ngày {day} của {issuer(report)}"
