"""National-scale synthetic data for benchmarks (DESIGN §11), reproducible from a seed.

Units get explicit primary keys so their paths are known before they are written; rows are
streamed with PostgreSQL COPY (or ``bulk_create`` in batches on SQLite). Reports are monthly
and approved; the roll-ups are rebuilt at the end like after any bulk load.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from clusters.models import ClusterMember, SafetyCluster
from movement.models import (
    Commendation,
    FestivalEvent,
    Indicator,
    IndicatorValue,
    MovementModel,
    PeriodReport,
    PropagandaSession,
    ReportSection,
    SelfManagementGroup,
    Unit,
    UnitLevel,
)
from movement.models.base import PATH_SEGMENT
from movement.models.indicators import ReportStatus
from movement.periods import Period, PeriodKind
from movement.text import fold_join
from reports.bulk import BulkWriter
from reports.rollups.rebuild import rebuild_all

NAME_PREFIX = "Thử nghiệm"  # every synthetic unit's name starts with it


@dataclass
class ScaleOptions:
    seed: int = 2026
    provinces: int = 34
    communes: int = 3321
    residential_per_commune: int = 21
    years: int = 10
    last_year: int = 2024
    indicators: int = 40
    sessions_per_commune_year: int = 4


@dataclass
class ScaleResult:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


def _reset_sequences(*model_list: type[models.Model]) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(model_list)):
            cursor.execute(sql)


def _spread(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _indicators(count: int) -> list[Indicator]:
    """The catalogue's entered indicators, completed with synthetic ones up to ``count``."""
    found = list(
        Indicator.objects.filter(source=Indicator.Source.ENTERED, is_active=True).order_by(
            "order", "code"
        )[:count]
    )
    for n in range(len(found) + 1, count + 1):
        ind, _ = Indicator.objects.get_or_create(
            code=f"thu_nghiem_{n:02d}",
            defaults={
                "name": f"Chỉ tiêu thử nghiệm {n:02d}",
                "section": ReportSection.CRIME,
                "aggregation": Indicator.Aggregation.LAST
                if n % 8 == 0
                else Indicator.Aggregation.SUM,
                "order": 10_000 + n,
            },
        )
        found.append(ind)
    return found


class _ForeignKeysAfterLoad:
    """PostgreSQL: the foreign keys of the tables written in bulk are dropped for the load and
    added back before the commit, in the same transaction.

    Django's foreign keys are ``DEFERRABLE INITIALLY DEFERRED``: each row written queues a check
    that runs at COMMIT, one index probe and row lock at a time — for tens of millions of rows
    longer than writing them. Added back, each constraint is checked in one pass over its
    table (nothing is left unchecked, and a failure rolls the whole load back)."""

    def __init__(self, *tables: str) -> None:
        self.tables = tables
        self.constraints: list[tuple[str, str, str]] = []

    def __enter__(self) -> _ForeignKeysAfterLoad:
        if connection.vendor != "postgresql":
            return self
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s) "
                "ORDER BY 1, 2",
                [list(self.tables)],
            )
            self.constraints = cursor.fetchall()
            # A table with checks still pending cannot be altered: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, name, _ in self.constraints:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's keys are all deferred
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is not None or not self.constraints:
            return  # an error rolls the transaction back, constraints included
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, name, definition in self.constraints:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _bulk_tables() -> list[str]:
    """The tables ``generate`` writes in bulk, their many-to-many tables included."""
    from reports.rollups.models import (
        OwnPeriodValue,
        OwnRecordValue,
        SubtreePeriodValue,
        SubtreeRecordValue,
    )

    written = [
        Unit,
        PeriodReport,
        IndicatorValue,
        PropagandaSession,
        FestivalEvent,
        MovementModel,
        Commendation,
        SelfManagementGroup,
        SafetyCluster,
        ClusterMember,
        OwnPeriodValue,
        SubtreePeriodValue,
        OwnRecordValue,
        SubtreeRecordValue,
    ]
    tables = [m._meta.db_table for m in written]
    tables += [
        f.remote_field.through._meta.db_table for m in written for f in m._meta.local_many_to_many
    ]
    return tables


def generate(options: ScaleOptions, log=lambda message: None) -> ScaleResult:
    if Unit.objects.filter(name__startswith=NAME_PREFIX).exists():
        raise ValueError(
            "Cơ sở dữ liệu đã có dữ liệu thử nghiệm; hãy dùng một cơ sở dữ liệu trống."
        )
    rnd = random.Random(options.seed)
    result = ScaleResult()
    writer = BulkWriter()
    clock = time.perf_counter()

    def lap(name: str, rows: int) -> None:
        nonlocal clock
        result.rows[name] = rows
        result.seconds[name] = round(time.perf_counter() - clock, 2)
        log(f"{name}: {rows} dòng, {result.seconds[name]} giây")
        clock = time.perf_counter()

    levels = {lv.code: lv for lv in UnitLevel.objects.all()}
    root = Unit.objects.get(level__code="country", code="VN")
    first_year = options.last_year - options.years + 1
    with transaction.atomic(), _ForeignKeysAfterLoad(*_bulk_tables()):
        # --- units ---------------------------------------------------------------------------
        next_id = _next_id(Unit)
        provinces: list[Unit] = []
        communes: list[Unit] = []
        residential: list[Unit] = []
        per_province = _spread(options.communes, options.provinces)
        for p in range(options.provinces):
            prov = Unit(
                pk=next_id,
                code=f"T{p + 1:02d}",
                name=f"{NAME_PREFIX} tỉnh {p + 1:02d}",
                kind="Tỉnh",
                level=levels["province"],
                parent=root,
                path=root.path + str(next_id).zfill(PATH_SEGMENT),
            )
            next_id += 1
            provinces.append(prov)
            for c in range(per_province[p]):
                number = len(communes) + 1
                com = Unit(
                    pk=next_id,
                    code=f"T{number:05d}",
                    name=f"{NAME_PREFIX} xã {number:05d}",
                    kind="Phường" if c % 4 == 0 else "Xã",
                    level=levels["commune"],
                    parent=prov,
                    path=prov.path + str(next_id).zfill(PATH_SEGMENT),
                )
                next_id += 1
                communes.append(com)
        for com in communes:
            for r in range(options.residential_per_commune):
                residential.append(
                    Unit(
                        pk=next_id,
                        code="",
                        name=f"{NAME_PREFIX} thôn {r + 1:02d} ({com.code})",
                        kind="Thôn",
                        level=levels["residential"],
                        parent=com,
                        path=com.path + str(next_id).zfill(PATH_SEGMENT),
                    )
                )
                next_id += 1
        all_units = provinces + communes + residential
        for unit in all_units:
            unit.search_text = fold_join(unit.code, unit.name, unit.kind)
        lap("units", writer.objects(Unit, all_units))

        # --- monthly approved reports and their values ------------------------------------------
        indicators = _indicators(options.indicators)
        scale = {ind.pk: rnd.choice([5, 20, 80, 300]) for ind in indicators}
        report_id = _next_id(PeriodReport)
        first_value_id = _next_id(IndicatorValue)
        months = [
            Period.of(PeriodKind.MONTH, y, m)
            for y in range(first_year, options.last_year + 1)
            for m in range(1, 13)
        ]
        approved_at = timezone.now()
        reports = [
            PeriodReport(
                pk=report_id + i,
                unit_id=com.pk,
                period_kind=period.kind,
                period_start=period.start,
                period_end=period.end,
                status=ReportStatus.APPROVED,
                version=1,
                submitted_at=approved_at,
                reviewed_at=approved_at,
            )
            for i, (com, period) in enumerate(itertools.product(communes, months))
        ]
        lap("period_reports", writer.objects(PeriodReport, reports))

        def value_rows() -> Iterator[tuple]:
            # Streamed: 16 million rows are never held together.
            value_id = first_value_id
            for report in reports:
                for ind in indicators:
                    yield (value_id, report.pk, ind.pk, Decimal(rnd.randint(0, scale[ind.pk])), "")
                    value_id += 1

        lap(
            "indicator_values",
            writer.tuples(
                IndicatorValue, ["id", "report_id", "indicator_id", "value", "note"], value_rows()
            ),
        )
        reports.clear()

        # --- records --------------------------------------------------------------------------
        channels = [c for c, _ in PropagandaSession.Channel.choices if c != "leaflet"]
        sessions, festivals, models_, commendations = [], [], [], []
        for com in communes:
            for year in range(first_year, options.last_year + 1):
                for s in range(options.sessions_per_commune_year):
                    day = dt.date(year, rnd.randint(1, 12), rnd.randint(1, 28))
                    sessions.append(
                        PropagandaSession(
                            unit_id=com.pk,
                            held_on=day,
                            channel=rnd.choice(channels),
                            topic=f"Tuyên truyền số {s + 1}",
                            attendees=rnd.randint(20, 300),
                            leaflets=rnd.randint(0, 100),
                            documents=rnd.randint(0, 20),
                            search_text=f"tuyen truyen so {s + 1}",
                        )
                    )
                fday = dt.date(year, rnd.choice([7, 8]), rnd.randint(1, 19))
                festivals.append(
                    FestivalEvent(
                        unit_id=com.pk,
                        held_on=fday,
                        participants=rnd.randint(50, 600),
                        search_text="ngay hoi",
                    )
                )
                if rnd.random() < 0.2:
                    models_.append(
                        MovementModel(
                            unit_id=com.pk,
                            name=f"Mô hình {year}",
                            year_recognised=year,
                            search_text="mo hinh",
                        )
                    )
                if rnd.random() < 0.5:
                    commendations.append(
                        Commendation(
                            unit_id=com.pk,
                            recipient_kind=rnd.choice(["collective", "individual"]),
                            recipient_name=f"Khen thưởng {year}",
                            form=rnd.choice([c for c, _ in Commendation.Form.choices]),
                            decision_date=fday,
                            search_text="khen thuong",
                        )
                    )
        lap("propaganda_sessions", writer.objects(PropagandaSession, sessions))
        lap("festivals", writer.objects(FestivalEvent, festivals))
        lap("models", writer.objects(MovementModel, models_))
        lap("commendations", writer.objects(Commendation, commendations))
        kinds = [k for k, _ in SelfManagementGroup.Kind.choices]
        groups = []
        for area in residential:
            founded = dt.date(
                rnd.randint(first_year - 3, options.last_year),
                rnd.randint(1, 12),
                rnd.randint(1, 28),
            )
            dissolved = dt.date(founded.year + 3, 6, 30) if rnd.random() < 0.15 else None
            groups.append(
                SelfManagementGroup(
                    unit_id=area.parent_id,
                    name=f"Tổ tự quản {area.name}",
                    kind=rnd.choice(kinds),
                    founded_on=founded,
                    dissolved_on=dissolved,
                    member_count=rnd.randint(5, 25),
                    search_text="to tu quan",
                )
            )
        lap("self_management_groups", writer.objects(SelfManagementGroup, groups))
        member_kinds = [k for k, _ in ClusterMember.Kind.choices]
        clusters, members = [], []
        for _i, com in enumerate(
            communes[:: max(1, len(communes) // (3 * options.provinces) or 1)]
        ):
            clusters.append(
                SafetyCluster(
                    name=f"Cụm địa bàn an toàn {com.name}",
                    host_unit=com,
                    established_on=dt.date(first_year, 1, 1),
                )
            )
        SafetyCluster.objects.bulk_create(clusters)
        for cluster in clusters:
            for m in range(7):
                kind = member_kinds[(m + cluster.pk) % len(member_kinds)]
                members.append(
                    ClusterMember(
                        cluster=cluster,
                        name=f"Đơn vị {m + 1} của {cluster.name}",
                        kind=kind,
                        is_military=kind
                        in ("border_post", "forestry", "company", "military_command"),
                    )
                )
        ClusterMember.objects.bulk_create(members, batch_size=2000)
        lap("clusters", len(clusters) + len(members))
        _reset_sequences(Unit, PeriodReport, IndicatorValue)

        # --- roll-ups ---------------------------------------------------------------------------
        built = rebuild_all()
        lap("rollups", sum(built.values()))
    # Like autovacuum would after a bulk load: statistics for the planners (without them SQLite
    # reads every unit of the country to find the clusters of the national dashboard), and on
    # PostgreSQL the visibility map (index-only scans) and hint bits.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
            cursor.execute("ANALYZE")
    return result
