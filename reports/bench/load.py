"""Load test against gunicorn on the loopback (``manage.py bench --only load``; issue 18).

What users do, as the server meets it: real sessions (one per user, their cookie on every
request), DEBUG off, gunicorn started here on 127.0.0.1 from the code of ``--serve`` (this
checkout by default; an export of another commit for "before and after"), against the database
of ``DATABASE_URL``. Two mixes, each bounded in time:

* **realistic**: committees of the country, of provinces and of communes opening dashboards of
  varied units and periods (and the charts those pages link, as a browser fetches them), officers
  opening and saving their draft reports, report lists, the registries' index and lists, the home
  page. A fixed number of users work without pause (closed loop): the figure is the throughput
  the server holds, with its latencies.
* **deadline**: the 15 minutes before the monthly deadline, compressed in time only: each commune
  officer (3,321 at national scale, arriving at 3,321 per 15 minutes) opens the report list,
  creates the month's report, opens it, saves it, then saves and submits it; each province's
  committee opens the review page of each submitted report and approves it; committees watch
  the completeness page and dashboards meanwhile (~26 requests/s). After the run, every report
  is checked against what its officer posted (no lost update) and the national roll-up of the
  month against the approved reports (every approval counted once).

The client is a small asyncio HTTP/1.1 client (no dependency): keep-alive connections, gzip
accepted as a browser does, one seeded random generator (the same run makes the same choices).
It prints requests/s, p50/p95/p99 and errors per kind of URL. The database keeps what the
deadline mix wrote (a month of reports, valid data, as after a real deadline); each run takes the
next month nobody reported yet.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction

from movement.models import (
    Indicator,
    IndicatorValue,
    PeriodReport,
    ReportStatus,
    Role,
    Unit,
    User,
)
from movement.periods import Period, PeriodKind
from reports.bench.loadkit import Browser, Server, Tally

PREFIX = "bench."  # the load test's users: bench.<unit id>
BACKEND = "django.contrib.auth.backends.ModelBackend"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_INPUT = re.compile(r'name="version" value="(\d+)"')
# The charts a desktop browser asks for: the wide drawings not drawn yet (an undrawn chart is an
# <img> of its URL; a drawn one is inline). The narrow ones are hidden there (``d-sm-none``) and,
# lazy, never requested.
CHART_LINK = re.compile(
    r'class="antq-svg d-none d-sm-block"[^>]*>\s*<img src="(/bang-dieu-khien/bieu-do/[0-9a-f]+\.svg)"'
)
REPORT_LOCATION = re.compile(r"/bao-cao/(\d+)/")
GRACE = 20  # seconds a mix's last requests may run past its end before they are stopped


# --- Users and sessions ---------------------------------------------------------------------------


def bench_users(units: list[Unit], role: Role, *, tag: str = "") -> dict[int, User]:
    """``{unit id: user}``: one user of ``role`` per unit, created once (``bench.<tag><id>``)."""
    group = Group.objects.get_or_create(name=Role.group_name(role))[0]
    names = {f"{PREFIX}{tag}{u.pk}": u for u in units}
    existing = {u.username: u for u in User.objects.filter(username__in=names)}
    missing = [
        User(username=name, unit=unit, password="!bench-no-password")
        for name, unit in names.items()
        if name not in existing
    ]
    if missing:
        with transaction.atomic():
            User.objects.bulk_create(missing, batch_size=1000)
            created = User.objects.filter(username__in=[u.username for u in missing])
            User.groups.through.objects.bulk_create(
                [User.groups.through(user_id=u.pk, group_id=group.pk) for u in created],
                batch_size=1000,
            )
    users = User.objects.filter(username__in=names).select_related("unit")
    return {u.unit_id: u for u in users}


def session_cookie(user: User) -> str:
    """A signed-in session of ``user`` stored in the database (every session engine the served
    code may use reads it from there), as a login leaves it; its key."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


# --- The mixes ------------------------------------------------------------------------------------


def free_month(after: dt.date) -> Period:
    """The first month after ``after`` that no unit reported yet."""
    start = after
    while True:
        period = Period.containing(PeriodKind.MONTH, start)
        if not PeriodReport.objects.filter(
            period_kind=PeriodKind.MONTH, period_start=period.start
        ).exists():
            return period
        start = period.end + dt.timedelta(days=1)


def _entered() -> list[str]:
    return list(
        Indicator.objects.filter(is_active=True, source=Indicator.Source.ENTERED)
        .order_by("code")
        .values_list("code", flat=True)
    )


def _figures(rng: random.Random, codes: list[str]) -> dict[str, int]:
    """Values that keep every rule between indicators (equal values: ≤ and ≥ both hold)."""
    n = rng.randint(1, 40)
    return dict.fromkeys(codes, n)


@dataclass
class World:
    port: int
    countries: list[tuple[Unit, str]]  # (unit, session) of national committee users
    provinces: list[tuple[Unit, str]]
    communes: list[tuple[Unit, str]]  # officers
    commune_committees: list[tuple[Unit, str]]
    years: list[int]
    codes: list[str]


def prepare(*, officers: int, seed: int) -> dict:
    """Users and sessions of the mixes (created once, kept)."""
    rng = random.Random(seed)
    root = Unit.objects.get(level__code="country", parent__isnull=True)
    provinces = list(Unit.objects.filter(parent=root, level__code="province").order_by("path"))
    communes = list(
        Unit.objects.filter(level__code="commune", valid_to__isnull=True, parent__in=provinces)
        .select_related("parent")
        .order_by("path")
    )
    if officers:
        communes = sorted(rng.sample(communes, min(officers, len(communes))), key=lambda u: u.path)
    committee = bench_users([root, *provinces, *communes[:50]], Role.COMMITTEE)
    # An officer's login is bench.o<id>: a commune's committee user is bench.<id>.
    officer_users = bench_users(communes, Role.OFFICER, tag="o")
    return {
        "root": root,
        "provinces": provinces,
        "communes": communes,
        "committee": committee,
        "officers": officer_users,
    }


def _drafts(communes: list[Unit], *, after: dt.date) -> dict[int, int]:
    """``{unit id: report id}``: the realistic mix's officers work on drafts of the first month
    after the data (created once, as officers would have; drafts are in no roll-up)."""
    period = Period.containing(PeriodKind.MONTH, after)
    have = dict(
        PeriodReport.objects.filter(
            unit__in=communes, period_kind=period.kind, period_start=period.start
        ).values_list("unit_id", "pk")
    )
    missing = [
        PeriodReport(
            unit=u,
            period_kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            status=ReportStatus.DRAFT,
        )
        for u in communes
        if u.pk not in have
    ]
    if missing:
        PeriodReport.objects.bulk_create(missing, batch_size=1000)
        have = dict(
            PeriodReport.objects.filter(
                unit__in=communes, period_kind=period.kind, period_start=period.start
            ).values_list("unit_id", "pk")
        )
    return {unit: pk for unit, pk in have.items()}


def _sessions(users: dict[int, User], units: list[Unit]) -> list[tuple[Unit, str]]:
    return [(u, session_cookie(users[u.pk])) for u in units if u.pk in users]


def _latest_year() -> int:
    """The last year whose December was approved: a deadline run's lone month does not move
    the drafts and the next deadline into the year after."""
    last = (
        PeriodReport.objects.filter(status=ReportStatus.APPROVED, period_kind=PeriodKind.MONTH)
        .filter(period_start__month=12)
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .first()
    )
    return last.year if last else dt.date.today().year


async def _realistic_user(
    world: World, tally: Tally, rng: random.Random, stop: float, drafts: dict[int, int]
) -> None:
    """One user of the realistic mix, working without pause until ``stop``."""
    browsers: dict[str, Browser] = {}

    def browser(session: str) -> Browser:
        if session not in browsers:
            browsers[session] = Browser(world.port, session)
        return browsers[session]

    while time.perf_counter() < stop:
        roll = rng.random()
        if roll < 0.35:  # a committee opens a dashboard of a unit and period of its own
            level = rng.choices(["country", "province", "commune"], [1, 3, 2])[0]
            pool = {
                "country": world.countries,
                "province": world.provinces,
                "commune": world.commune_committees,
            }[level]
            unit, session = rng.choice(pool)
            kind = rng.choice([PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH])
            number = {PeriodKind.YEAR: 1, PeriodKind.QUARTER: 4, PeriodKind.MONTH: 12}[kind]
            query = urlencode(
                {
                    "don_vi": unit.pk,
                    "loai_ky": kind,
                    "nam": rng.choice(world.years),
                    "ky": rng.randint(1, number),
                }
            )
            page = await tally.timed(
                f"dashboard_{level}", browser(session), "GET", f"/bang-dieu-khien/?{query}"
            )
            if page is not None and page.status == 200:
                # The browser asks for the charts the page links (those shown: the wide ones).
                for link in CHART_LINK.findall(page.text):
                    await tally.timed("chart", browser(session), "GET", link)
        elif roll < 0.45:
            unit, session = rng.choice(world.provinces + world.countries)
            await tally.timed("report_list", browser(session), "GET", "/bao-cao/")
        elif roll < 0.70:  # an officer opens their draft, and two times in five saves it
            unit, session = rng.choice(world.communes)
            report_id = drafts.get(unit.pk)
            if report_id is None:
                continue
            tab = browser(session)
            page = await tally.timed("report_page", tab, "GET", f"/bao-cao/{report_id}/")
            if page is None or page.status != 200 or rng.random() > 0.4:  # saves 2 in 5
                continue
            form = _report_form(page.text, _figures(rng, world.codes))
            if form is None:
                tally.errors["report_save"].append("no form on the report page")
                continue
            await tally.timed(
                "report_save",
                tab,
                "POST",
                f"/bao-cao/{report_id}/",
                form,
                ok=lambda r: r.status in (302, 409),  # 409: another tab saved first
            )
        elif roll < 0.80:
            unit, session = rng.choice(world.communes + world.provinces)
            await tally.timed("records_index", browser(session), "GET", "/so-theo-doi/")
        elif roll < 0.90:
            unit, session = rng.choice(world.communes + world.provinces)
            await tally.timed("records_list", browser(session), "GET", "/so-theo-doi/tuyen-truyen/")
        else:
            unit, session = rng.choice(world.communes + world.provinces)
            await tally.timed("home", browser(session), "GET", "/")
    for tab in browsers.values():
        await tab.close()


def _report_form(html: str, values: dict[str, int], *, submit: bool = False) -> dict | None:
    csrf = CSRF_INPUT.search(html)
    version = VERSION_INPUT.search(html)
    if not csrf or not version:
        return None
    form = {
        "csrfmiddlewaretoken": csrf.group(1),
        "version": version.group(1),
        "note": "",
        **{code: str(v) for code, v in values.items() if f'name="{code}"' in html},
    }
    form["gui" if submit else "luu"] = "1"
    return form


async def realistic_mix(world: World, *, seconds: float, users: int, seed: int, drafts) -> dict:
    tally = Tally()
    stop = time.perf_counter() + seconds
    workers = [
        asyncio.create_task(
            _realistic_user(world, tally, random.Random(seed * 1000 + i), stop, drafts)
        )
        for i in range(users)
    ]
    # Bounded: requests still running GRACE seconds after the end are stopped and counted.
    _, late = await asyncio.wait(workers, timeout=seconds + GRACE)
    for worker in late:
        worker.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    result = tally.summary()
    result["users_stopped_at_the_bound"] = len(late)
    return result


async def deadline_mix(
    world: World, *, seconds: float, period: Period, seed: int, posted: dict[int, dict]
) -> dict:
    """Officers arriving at 3,321 per 15 minutes create, save and submit the month's report;
    their province's committee approves each as it comes; committees watch meanwhile."""
    tally = Tally()
    rng = random.Random(seed)
    stop = time.perf_counter() + seconds
    rate = 3321 / 900  # officers per second
    submitted: asyncio.Queue = asyncio.Queue()
    province_of = {u.pk: u.parent_id for u, _ in world.communes}
    province_session = {u.pk: s for u, s in world.provinces}
    form_kind = {"kind": PeriodKind.MONTH, "year": period.start.year, "number": period.number}

    async def officer(unit: Unit, session: str, values: dict[str, int]) -> None:
        tab = Browser(world.port, session)
        try:
            listing = await tally.timed("deadline_list", tab, "GET", "/bao-cao/")
            if listing is None:
                return
            csrf = CSRF_INPUT.search(listing.text)
            created = await tally.timed(
                "deadline_create",
                tab,
                "POST",
                "/bao-cao/lap/",
                {"csrfmiddlewaretoken": csrf.group(1) if csrf else "", **form_kind},
                ok=lambda r: r.status == 302,
            )
            found = REPORT_LOCATION.search(created.headers.get("location", "") if created else "")
            if not found:
                return
            report_id = int(found.group(1))
            page = await tally.timed("deadline_open", tab, "GET", f"/bao-cao/{report_id}/")
            if page is None or page.status != 200:
                return
            form = _report_form(page.text, values)
            saved = await tally.timed(
                "deadline_save",
                tab,
                "POST",
                f"/bao-cao/{report_id}/",
                form or {},
                ok=lambda r: r.status == 302,
            )
            if saved is None or saved.status != 302:
                return
            page = await tally.timed("deadline_open", tab, "GET", f"/bao-cao/{report_id}/")
            if page is None:
                return
            form = _report_form(page.text, values, submit=True)
            sent = await tally.timed(
                "deadline_submit",
                tab,
                "POST",
                f"/bao-cao/{report_id}/",
                form or {},
                ok=lambda r: r.status == 302,
            )
            if sent is not None and sent.status == 302:
                posted[report_id] = values
                await submitted.put((report_id, province_of[unit.pk]))
        finally:
            await tab.close()

    async def committee() -> None:
        tabs: dict[int, Browser] = {}
        while True:
            item = await submitted.get()
            if item is None:
                break
            report_id, province = item
            tab = tabs.setdefault(province, Browser(world.port, province_session[province]))
            page = await tally.timed("deadline_review", tab, "GET", f"/bao-cao/{report_id}/duyet/")
            csrf = CSRF_INPUT.search(page.text) if page is not None else None
            await tally.timed(
                "deadline_approve",
                tab,
                "POST",
                f"/bao-cao/{report_id}/duyet/",
                {"csrfmiddlewaretoken": csrf.group(1) if csrf else "", "comment": ""},
                ok=lambda r: r.status == 302,
            )
        for tab in tabs.values():
            await tab.close()

    async def watcher(i: int) -> None:
        watch_rng = random.Random(seed * 7 + i)
        unit, session = watch_rng.choice(world.provinces)
        tab = Browser(world.port, session)
        query = urlencode(
            {"kind": PeriodKind.MONTH, **{k: v for k, v in form_kind.items() if k != "kind"}}
        )
        while time.perf_counter() < stop:
            if watch_rng.random() < 0.5:
                await tally.timed("deadline_progress", tab, "GET", f"/tien-do/?{query}")
            else:
                dash = urlencode(
                    {
                        "don_vi": unit.pk,
                        "loai_ky": PeriodKind.MONTH,
                        "nam": period.start.year,
                        "ky": period.number,
                    }
                )
                page = await tally.timed(
                    "deadline_dashboard", tab, "GET", f"/bang-dieu-khien/?{dash}"
                )
                if page is not None and page.status == 200:
                    for link in CHART_LINK.findall(page.text):
                        await tally.timed("deadline_chart", tab, "GET", link)
            await asyncio.sleep(watch_rng.expovariate(1 / 2.0))
        await tab.close()

    reviewers = [asyncio.create_task(committee()) for _ in range(4)]
    watchers = [asyncio.create_task(watcher(i)) for i in range(4)]
    officers = []
    queue = list(world.communes)
    rng.shuffle(queue)
    next_at = time.perf_counter()
    for unit, session in queue:
        if next_at >= stop:
            break
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        officers.append(asyncio.create_task(officer(unit, session, _figures(rng, world.codes))))
        next_at += rng.expovariate(rate)
    # Bounded: flows still running GRACE seconds after the end are stopped and counted.
    _, late = await asyncio.wait(officers, timeout=max(0.1, stop + GRACE - time.perf_counter()))
    for flow in late:
        flow.cancel()
    for _ in reviewers:
        await submitted.put(None)
    _, late_reviews = await asyncio.wait(
        [*reviewers, *watchers], timeout=max(0.1, stop + GRACE - time.perf_counter())
    )
    for task in late_reviews:
        task.cancel()
    await asyncio.gather(*officers, *reviewers, *watchers, return_exceptions=True)
    result = tally.summary()
    result["officers_started"] = len(officers)
    result["flows_stopped_at_the_bound"] = len(late) + len(late_reviews)
    return result


def check_deadline(period: Period, posted: dict[int, dict]) -> dict:
    """No lost update: each submitted report holds what its officer posted; the national
    roll-up of the month equals the approved reports' values (each approval counted once)."""
    stored: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for report_id, code, value in IndicatorValue.objects.filter(report_id__in=posted).values_list(
        "report_id", "indicator__code", "value"
    ):
        stored[report_id][code] = value
    lost = [
        rid
        for rid, values in posted.items()
        if any(stored[rid].get(code) != Decimal(v) for code, v in values.items())
    ]
    statuses = defaultdict(int)
    for status in PeriodReport.objects.filter(pk__in=posted).values_list("status", flat=True):
        statuses[status] += 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM ("
            " SELECT indicator_id, SUM(value) AS total, COUNT(*) AS n FROM movement_indicatorvalue v"
            " JOIN movement_periodreport r ON r.id = v.report_id"
            " WHERE r.status = 'approved' AND r.period_kind = 'month' AND r.period_start = %s"
            " GROUP BY indicator_id"
            ") AS direct FULL JOIN ("
            " SELECT s.indicator_id, s.value, s.sources FROM reports_subtreeperiodvalue s"
            " JOIN movement_unit u ON u.id = s.unit_id"
            " WHERE u.parent_id IS NULL AND s.period_kind = 'month' AND s.period_start = %s"
            ") AS rolled ON rolled.indicator_id = direct.indicator_id"
            " WHERE rolled.value IS DISTINCT FROM direct.total"
            " OR rolled.sources IS DISTINCT FROM direct.n",
            [period.start, period.start],
        )
        rollup_differences = cursor.fetchone()[0]
    return {
        "reports_submitted_by_officers": len(posted),
        "reports_by_status": dict(statuses),
        "lost_updates": len(lost),
        "national_rollup_differences": rollup_differences,
    }


def load_benchmark(
    *,
    seconds: float = 60,
    users: int = 24,
    officers: int = 400,
    seed: int = 18,
    serve: str = "",
    gunicorn_args: str = "",
    cache_url: str = "",
    mixes: tuple[str, ...] = ("realistic", "deadline"),
) -> dict:
    """Both mixes against gunicorn serving ``serve`` (default: this checkout)."""
    seconds = min(seconds, 120 - GRACE)  # bounded: a mix never runs longer than two minutes
    code = Path(serve).resolve() if serve else Path(settings.BASE_DIR)
    world_data = prepare(officers=officers, seed=seed)
    root, provinces, communes = (
        world_data["root"],
        world_data["provinces"],
        world_data["communes"],
    )
    committee, officer_users = world_data["committee"], world_data["officers"]
    year = _latest_year()
    drafts = _drafts(communes, after=dt.date(year + 1, 1, 1))
    env = {"CACHE_URL": cache_url} if cache_url else {}
    result: dict = {
        "served_code": str(code),
        "gunicorn_args": gunicorn_args or "config/gunicorn.conf.py",
        "cache": cache_url or "file (default)",
        "database": connection.settings_dict["NAME"],
        "cpu_cores": os.cpu_count(),
        "seconds_per_mix": seconds,
    }
    codes = _entered()
    with Server(code, gunicorn_args.split(), env) as server:
        world = World(
            port=server.port,
            countries=_sessions(committee, [root]),
            provinces=_sessions(committee, provinces),
            communes=_sessions(officer_users, communes),
            commune_committees=_sessions(committee, communes[:50]),
            years=[year, year - 1, year - 2, year - 5],
            codes=codes,
        )
        connection.close()  # the server has the database to itself (the client needs none)
        if "realistic" in mixes:
            result["realistic"] = asyncio.run(
                realistic_mix(world, seconds=seconds, users=users, seed=seed, drafts=drafts)
            )
            result["realistic"]["concurrent_users"] = users
        if "deadline" in mixes:
            period = free_month(dt.date(year + 1, 1, 1))
            posted: dict[int, dict] = {}
            result["deadline"] = asyncio.run(
                deadline_mix(world, seconds=seconds, period=period, seed=seed, posted=posted)
            )
            result["deadline"]["month"] = period.label
            result["deadline"]["check"] = check_deadline(period, posted)
    return result
