"""Benchmark of the period-data import (DESIGN §11: 100,000 xlsx rows in ≤ 30 s and ≤ 400 MB).

The import runs in a child process so that its peak memory (ru_maxrss) is
measured honestly, Django and the file included; the data it writes is
removed afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

FIRST_YEAR = 1990  # years no demo or real report uses

CHILD = """
import json, resource, sys, time
import django
django.setup()
from movement.imports.engine import run_import
from movement.models import User
path, username = sys.argv[1], sys.argv[2]
user = User.objects.get(username=username) if username else User.objects.filter(is_superuser=True).first()
start = time.perf_counter()
outcome = run_import(open(path, "rb").read(), user=user, resource_key="period_values", filename=path)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({
    "seconds": seconds,
    "cpu_seconds": usage.ru_utime + usage.ru_stime,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "created": outcome.created,
    "updated": outcome.updated,
    "errors": [str(e) for e in outcome.errors[:5]],
}))
"""


REGISTRY_CHILD = """
import json, resource, sys, time
import django
django.setup()
from movement.imports.engine import run_import
from movement.models import User
path, username = sys.argv[1], sys.argv[2]
user = User.objects.get(username=username) if username else User.objects.filter(is_superuser=True).first()
content = open(path, "rb").read()
figures = {}
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
for step, dry_run in (("check", True), ("import", False)):
    start, used = time.perf_counter(), cpu()
    outcome = run_import(content, user=user, resource_key="propaganda", filename=path, dry_run=dry_run)
    figures[step] = {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": cpu() - used,
        "created": outcome.created,
        "errors": [str(e) for e in outcome.errors[:5]],
    }
start = time.perf_counter()
again = run_import(content, user=user, resource_key="propaganda", filename=path)
figures["reimport_unchanged"] = {"seconds": time.perf_counter() - start, "unchanged": again.unchanged}
figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(figures))
"""
REGISTRY_TOPIC = "Đo hiệu năng nhập hồ sơ"


def build_registry_file(path: Path, *, rows: int) -> dict[str, Any]:
    """An xlsx of ``rows`` propaganda sessions of today's communes, dated this year."""

    from openpyxl import Workbook

    from movement.imports.units import duplicated_codes
    from movement.models import Unit

    today = dt.date.today()
    duplicates = duplicated_codes()
    units = [
        (pk, code)
        for pk, code in Unit.objects.filter(level__code="commune", valid_to__isnull=True)
        .exclude(code="")
        .filter(valid_from__lte=dt.date(today.year, 1, 1))
        .order_by("path")
        .values_list("pk", "code")[:400]
        if code not in duplicates
    ][:100]
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Buổi tuyên truyền")
    ws.append(
        ["Đơn vị", "Ngày tuyên truyền", "Hình thức", "Nội dung", "Số lượt người nghe", "Số tờ rơi"]
    )
    for i in range(rows):
        day = dt.date(today.year, 1, 1) + dt.timedelta(
            days=i % max((today - dt.date(today.year, 1, 1)).days, 1)
        )
        ws.append(
            [
                units[i % len(units)][1],
                f"{day:%d/%m/%Y}",
                "Loa truyền thanh",
                f"{REGISTRY_TOPIC} {i}",
                10 + i % 7,
                5,
            ]
        )
    workbook.save(path)
    return {"rows": rows, "unit_ids": sorted({pk for pk, _ in units})}


def _registry_cleanup() -> None:
    from movement.models import PropagandaSession

    with transaction.atomic():
        PropagandaSession.history.filter(topic__startswith=REGISTRY_TOPIC).delete()
        PropagandaSession.objects.filter(topic__startswith=REGISTRY_TOPIC).delete()


def registry_benchmark(*, rows: int = 10_000, username: str = "") -> dict:
    """A ``rows``-row registry file checked, imported, then imported again unchanged (DESIGN §11:
    ≤ 10 s each), in a child process; what it wrote is removed afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "propaganda.xlsx"
        build_registry_file(path, rows=rows)
        connection.close()
        try:
            figures = _child(REGISTRY_CHILD, str(path), username)
        finally:
            _registry_cleanup()
    return {
        "benchmark": "import_registry_xlsx",
        "rows": rows,
        "check_seconds": round(figures["check"]["seconds"], 2),
        "import_seconds": round(figures["import"]["seconds"], 2),
        "check_cpu_seconds": round(figures["check"]["cpu_seconds"], 2),
        "import_cpu_seconds": round(figures["import"]["cpu_seconds"], 2),
        "reimport_unchanged_seconds": round(figures["reimport_unchanged"]["seconds"], 2),
        "created": figures["import"]["created"],
        "unchanged_on_reimport": figures["reimport_unchanged"]["unchanged"],
        "errors": figures["check"]["errors"] + figures["import"]["errors"],
        "peak_memory_mb": round(figures["peak_mb"], 1),
        "database": connection.vendor,
        "budget": {"seconds_each": 10},
        "within_budget": figures["check"]["seconds"] <= 10
        and figures["import"]["seconds"] <= 10
        and not figures["check"]["errors"],
    }


def build_period_file(path: Path, *, rows: int) -> dict[str, Any]:
    """An xlsx of ``rows`` period values (monthly, entered indicators) over the catalogue's communes."""
    from openpyxl import Workbook

    from movement.models import Indicator, Unit
    from movement.resources.period import (
        INDICATOR,
        KIND,
        NOTE,
        PERIOD,
        UNIT_CODE,
        UNIT_NAME,
        VALUE,
    )

    indicators = list(
        Indicator.objects.filter(source=Indicator.Source.ENTERED, is_active=True)
        .order_by("order", "code")
        .values_list("code", flat=True)
    )
    units_needed = rows // (len(indicators) * 12 * 5) + 1

    from django.db.models import Q

    # Units that existed through the whole span: an import refuses a period outside a unit's life.
    span_start, span_end = dt.date(FIRST_YEAR, 1, 1), dt.date(FIRST_YEAR + 5, 1, 1)
    units = list(
        Unit.objects.filter(level__code="commune")
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=span_start))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=span_end))
        .exclude(code="")
        .order_by("path")
        .values_list("pk", "code", "name")[: units_needed * 10]
    )
    # A code another unit carries since 2025 is no obstacle: the import takes the unit that
    # existed in the row's period.
    units = units[:units_needed]
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Số liệu báo cáo định kỳ")
    ws.append([UNIT_CODE, UNIT_NAME, KIND, PERIOD, INDICATOR, VALUE, NOTE])
    written = 0
    unit_ids: set[int] = set()
    for pk, code, name in units:
        for year in range(FIRST_YEAR, FIRST_YEAR + 5):
            for month in range(1, 13):
                for indicator in indicators:
                    if written >= rows:
                        break
                    # Equal values keep every ≤ / ≥ rule between indicators satisfied.
                    ws.append([code, name, "Tháng", f"{month:02d}/{year}", indicator, 12, ""])
                    written += 1
                    unit_ids.add(pk)
    workbook.save(path)
    return {"rows": written, "unit_ids": sorted(unit_ids)}


def _cleanup(unit_ids: list[int]) -> None:

    from movement.models import IndicatorValue, PeriodReport

    reports = PeriodReport.objects.filter(
        unit_id__in=unit_ids,
        period_start__gte=dt.date(FIRST_YEAR, 1, 1),
        period_start__lt=dt.date(FIRST_YEAR + 5, 1, 1),
    )
    report_ids = list(reports.values_list("pk", flat=True))
    with transaction.atomic():
        for model, lookup in (
            (IndicatorValue.history.model, "report_id__in"),
            (IndicatorValue, "report_id__in"),
            (PeriodReport.history.model, "id__in"),
            (PeriodReport, "pk__in"),
        ):
            for i in range(0, len(report_ids), 500):
                qs = model.objects.filter(**{lookup: report_ids[i : i + 500]})
                qs._raw_delete(qs.db)


def _child(code: str, *args: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings"),
    }
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3") and "DATABASE_URL" not in os.environ:
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    child = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(settings.BASE_DIR),
        check=False,
    )
    if child.returncode != 0:
        raise RuntimeError(f"Benchmark child failed: {child.stderr[-2000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def import_benchmark(*, rows: int = 100_000, username: str = "", keep: bool = False) -> dict:
    """Imports ``rows`` period values from a generated xlsx in a child process; JSON-able figures."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "period-values.xlsx"
        started = time.perf_counter()
        built = build_period_file(path, rows=rows)
        build_seconds = time.perf_counter() - started
        connection.close()  # the child opens its own connection; SQLite must not see ours busy
        # The import alone (issue 18: no national export inside the measure).
        figures = _child(CHILD, str(path), username)
        size = path.stat().st_size
    if not keep:
        _cleanup(built["unit_ids"])
    registry = registry_benchmark(username=username)
    return {
        "registry": registry,
        "benchmark": "import_period_values_xlsx",
        "rows": built["rows"],
        "file_mb": round(size / 1_048_576, 2),
        "build_file_seconds": round(build_seconds, 2),
        "seconds": round(figures["seconds"], 2),
        "cpu_seconds_of_the_process": round(figures["cpu_seconds"], 2),
        "rows_per_second": round(built["rows"] / figures["seconds"])
        if figures["seconds"]
        else None,
        "peak_memory_mb": round(figures["peak_mb"], 1),
        "created": figures["created"],
        "updated": figures["updated"],
        "errors": figures["errors"],
        "database": connection.vendor,
        "budget": {"seconds": 30, "peak_memory_mb": 400},
        "within_budget": figures["seconds"] <= 30
        and figures["peak_mb"] <= 400
        and not figures["errors"],
    }
