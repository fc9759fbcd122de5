"""Load the national catalogue of administrative units.

Current units (34 provinces, 3,321 commune-level units from 1 Jul 2025) come
from the installed ``vietnam-provinces`` package's data files; pre-2025 units
(districts and communes, with their successors) come from a CSV/XLSX export of
the official catalogue (GSO columns ``Mã TP, Tỉnh Thành Phố, Mã QH, Quận Huyện,
Mã PX, Phường Xã, Cấp`` plus the succession columns of
``movement/data/legacy_units.csv``). Every load is idempotent and atomic.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from movement.models import REFORM_DATE, Unit, UnitLevel, UnitSuccession
from movement.text import fold_join, nfc

LEGACY_COLUMNS = [
    "Mã TP",
    "Tỉnh Thành Phố",
    "Mã QH",
    "Quận Huyện",
    "Mã PX",
    "Phường Xã",
    "Cấp",
    "Hiệu lực từ",
    "Hiệu lực đến",
    "Kế thừa bởi (cũ)",
    "Kế thừa bởi (2025)",
    "Căn cứ",
]
REQUIRED_LEGACY_COLUMNS = LEGACY_COLUMNS[:7]
DEFAULT_LEGACY_FILE = Path(__file__).parent / "data" / "legacy_units.csv"


@dataclass
class LoadStats:
    created: int = 0
    updated: int = 0
    successions: int = 0
    errors: list[str] = field(default_factory=list)


def root_unit() -> Unit:
    return Unit.objects.get(level__code="country", code="VN")


def _levels() -> dict[str, UnitLevel]:
    return {lv.code: lv for lv in UnitLevel.objects.all()}


def _title(kind: str) -> str:
    return kind[:1].upper() + kind[1:] if kind else kind


def _province_name(name: str, kind: str) -> str:
    name = nfc(name)
    return name if name.lower().startswith(kind.lower()) else f"{_title(kind)} {name}"


def _upsert(
    existing: dict[tuple[str, dt.date | None], Unit],
    *,
    level: UnitLevel,
    code: str,
    name: str,
    kind: str,
    parent: Unit,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    stats: LoadStats,
) -> Unit:
    unit = existing.get((code, valid_from))
    if unit is None:
        unit = Unit(
            level=level,
            code=code,
            name=name,
            kind=kind,
            parent=parent,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        unit.save()
        existing[(code, valid_from)] = unit
        stats.created += 1
        return unit
    changed = (unit.name, unit.kind, unit.parent_id, unit.valid_to) != (
        name,
        kind,
        parent.pk,
        valid_to,
    )
    if changed:
        unit.name, unit.kind, unit.parent, unit.valid_to = name, kind, parent, valid_to
        unit.save()
        stats.updated += 1
    return unit


@transaction.atomic
def load_current(source: Path | None = None) -> LoadStats:
    """Upsert the 2025 provinces and communes from the ``vietnam-provinces`` data."""
    if source is None:
        from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

        source = Path(NESTED_DIVISIONS_JSON_PATH)
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    levels = _levels()
    root = root_unit()
    stats = LoadStats()
    provinces = {(u.code, u.valid_from): u for u in Unit.objects.filter(level=levels["province"])}
    communes = {
        (u.code, u.valid_from): u
        for u in Unit.objects.filter(level=levels["commune"], valid_from=REFORM_DATE)
    }
    new_communes: list[Unit] = []
    for prov in data:
        kind = "Thành phố" if "thành phố" in prov["division_type"] else "Tỉnh"
        province = _upsert(
            provinces,
            level=levels["province"],
            code=str(prov["code"]).zfill(2),
            name=_province_name(prov["name"], kind),
            kind=kind,
            parent=root,
            valid_from=None,
            valid_to=None,
            stats=stats,
        )
        for ward in prov["wards"]:
            code = str(ward["code"]).zfill(5)
            name = nfc(ward["name"])
            kind = _title(ward["division_type"])
            unit = communes.get((code, REFORM_DATE))
            if unit is None:
                new_communes.append(
                    Unit(
                        level=levels["commune"],
                        code=code,
                        name=name,
                        kind=kind,
                        parent=province,
                        valid_from=REFORM_DATE,
                        search_text=fold_join(code, name, kind),
                    )
                )
            elif (unit.name, unit.kind, unit.parent_id) != (name, kind, province.pk):
                unit.name, unit.kind, unit.parent = name, kind, province
                unit.save()
                stats.updated += 1
    Unit.objects.bulk_create(new_communes, batch_size=1000)
    stats.created += len(new_communes)
    if new_communes:
        Unit.rebuild_paths()
    return stats


def _parse_date(value: str, row: int, column: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError as exc:
        raise ValidationError(
            f"Dòng {row}, cột «{column}»: ngày «{value}» không đúng dạng dd/mm/yyyy."
        ) from exc


def _read_rows(path: Path) -> list[dict[str, str]]:
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        rows = list(wb.active.iter_rows(values_only=True))
        header = [nfc(str(h or "")) for h in rows[0]] if rows else []
        return [
            {header[i]: "" if v is None else str(v) for i, v in enumerate(r) if i < len(header)}
            for r in rows[1:]
            if any(v not in (None, "") for v in r)
        ]
    text = path.read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames:
        reader.fieldnames = [nfc(f) for f in reader.fieldnames]
    return [r for r in reader if any((v or "").strip() for v in r.values())]


def _codes(value: str) -> list[str]:
    return [c.strip() for c in (value or "").replace(",", ";").split(";") if c.strip()]


@transaction.atomic
def load_legacy(path: Path | str = DEFAULT_LEGACY_FILE) -> LoadStats:
    """Upsert pre-2025 districts and communes and their successor links from a catalogue export.

    Raises ``ValidationError`` listing every bad row; nothing is saved then.
    """
    path = Path(path)
    rows = _read_rows(path)
    if not rows:
        raise ValidationError("Tệp danh mục đơn vị không có dòng dữ liệu nào.")
    missing = [c for c in REQUIRED_LEGACY_COLUMNS if c not in rows[0]]
    if missing:
        raise ValidationError(f"Tệp danh mục thiếu cột: {', '.join(missing)}.")
    levels = _levels()
    root = root_unit()
    stats = LoadStats()
    errors: list[str] = []
    provinces = {
        u.code: u for u in Unit.objects.filter(level=levels["province"]).order_by("-valid_to")
    }
    districts = {(u.code, u.valid_from): u for u in Unit.objects.filter(level=levels["district"])}
    communes = {
        (u.code, u.valid_from): u
        for u in Unit.objects.filter(level=levels["commune"]).exclude(valid_from=REFORM_DATE)
    }
    loaded: dict[tuple[str, str], Unit] = {}
    links: list[tuple[int, Unit, list[str], list[str], str]] = []

    for number, row in enumerate(rows, start=2):
        try:
            prov_code = (row.get("Mã TP") or "").strip().zfill(2)
            dist_code = (row.get("Mã QH") or "").strip().zfill(3)
            ward_code = (row.get("Mã PX") or "").strip()
            if not prov_code.strip("0") or not dist_code.strip("0"):
                raise ValidationError(f"Dòng {number}: thiếu «Mã TP» hoặc «Mã QH».")
            for column, code in (("Mã TP", prov_code), ("Mã QH", dist_code), ("Mã PX", ward_code)):
                if code and not code.isdigit():
                    raise ValidationError(
                        f"Dòng {number}, cột «{column}»: mã «{code}» chỉ được gồm chữ số."
                    )
            valid_from = _parse_date(row.get("Hiệu lực từ", ""), number, "Hiệu lực từ")
            valid_to = (
                _parse_date(row.get("Hiệu lực đến", ""), number, "Hiệu lực đến") or REFORM_DATE
            )
            province = provinces.get(prov_code)
            if province is None:
                province = Unit(
                    level=levels["province"],
                    code=prov_code,
                    name=nfc(row.get("Tỉnh Thành Phố", "")),
                    kind="Thành phố"
                    if nfc(row.get("Tỉnh Thành Phố", "")).startswith("Thành phố")
                    else "Tỉnh",
                    parent=root,
                    valid_to=REFORM_DATE,
                )
                province.save()
                provinces[prov_code] = province
                stats.created += 1
            district_name = nfc(row.get("Quận Huyện", ""))
            if not ward_code:
                kind = nfc(row.get("Cấp", "")) or district_name.split(" ")[0]
                unit = _upsert(
                    districts,
                    level=levels["district"],
                    code=dist_code,
                    name=district_name,
                    kind=kind,
                    parent=province,
                    valid_from=valid_from,
                    valid_to=valid_to,
                    stats=stats,
                )
                loaded[("district", dist_code)] = unit
            else:
                district = loaded.get(("district", dist_code))
                if district is None:
                    # The official export has commune rows only: the district comes from their columns.
                    if not district_name:
                        raise ValidationError(f"Dòng {number}, cột «Quận Huyện»: thiếu tên huyện.")
                    district = _upsert(
                        districts,
                        level=levels["district"],
                        code=dist_code,
                        name=district_name,
                        kind=district_name.split(" ")[0]
                        if not district_name.startswith("Thị xã")
                        else "Thị xã",
                        parent=province,
                        valid_from=None,
                        valid_to=REFORM_DATE,
                        stats=stats,
                    )
                    loaded[("district", dist_code)] = district
                ward_code = ward_code.zfill(5)
                name = nfc(row.get("Phường Xã", ""))
                if not name:
                    raise ValidationError(f"Dòng {number}, cột «Phường Xã»: thiếu tên đơn vị.")
                unit = _upsert(
                    communes,
                    level=levels["commune"],
                    code=ward_code,
                    name=name,
                    kind=nfc(row.get("Cấp", "")) or name.split(" ")[0],
                    parent=district,
                    valid_from=valid_from,
                    valid_to=valid_to,
                    stats=stats,
                )
                loaded[("commune", ward_code, valid_from)] = unit
                loaded.setdefault(("commune", ward_code), unit)
            links.append(
                (
                    number,
                    unit,
                    _codes(row.get("Kế thừa bởi (cũ)", "")),
                    _codes(row.get("Kế thừa bởi (2025)", "")),
                    nfc(row.get("Căn cứ", "")),
                )
            )
        except ValidationError as exc:
            errors.extend(exc.messages)

    current = {
        u.code: u for u in Unit.objects.filter(level=levels["commune"], valid_from=REFORM_DATE)
    }
    for number, unit, old_codes, new_codes, basis in links:
        targets: list[Unit] = []
        for code in old_codes:
            key = ("district", code.zfill(3)) if len(code) <= 3 else ("commune", code.zfill(5))
            candidates = [u for k, u in loaded.items() if k[:2] == key and u.pk != unit.pk]
            # A renamed unit may keep its code: the successor is the one that starts when this one ends.
            target = next((u for u in candidates if u.valid_from == unit.valid_to), None) or (
                candidates[0] if candidates else None
            )
            if target is None:
                errors.append(
                    f"Dòng {number}, cột «Kế thừa bởi (cũ)»: không tìm thấy đơn vị mã «{code}» trong tệp."
                )
            else:
                targets.append(target)
        for code in new_codes:
            target = current.get(code.zfill(5))
            if target is None:
                errors.append(
                    f"Dòng {number}, cột «Kế thừa bởi (2025)»: không có đơn vị mã «{code}» trong danh mục 2025 (chạy load_units trước)."
                )
            else:
                targets.append(target)
        for target in targets:
            if target.level.rank == 3 and unit.level.rank == 2:
                kind = UnitSuccession.Kind.DISSOLVED
            elif target.code == unit.code and len(targets) == 1:
                kind = UnitSuccession.Kind.RENAMED
            elif len(targets) > 1:
                kind = UnitSuccession.Kind.SPLIT
            else:
                kind = UnitSuccession.Kind.MERGED
            _, created = UnitSuccession.objects.update_or_create(
                predecessor=unit,
                successor=target,
                defaults={
                    "effective_date": unit.valid_to or REFORM_DATE,
                    "legal_basis": basis,
                    "kind": kind,
                },
            )
            stats.successions += int(created)
    if errors:
        raise ValidationError(errors)
    return stats


def find_units(names: Iterable[str], *, within: Unit | None = None) -> dict[str, list[Unit]]:
    """Units whose folded name matches each of ``names`` (accent-insensitive), optionally in a subtree."""
    from movement.text import fold

    qs = Unit.objects.all() if within is None else Unit.objects.subtree(within)
    result: dict[str, list[Unit]] = {}
    for name in names:
        folded = fold(name)
        result[name] = [
            u
            for u in qs.filter(search_text__contains=folded)
            if fold(u.name) == folded or fold(u.name).endswith(" " + folded)
        ]
    return result
