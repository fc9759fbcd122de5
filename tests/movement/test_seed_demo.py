"""The demo data holds the figures of the five seed articles, exactly, and loads idempotently."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from clusters.models import ClusterActivity, ClusterMember, SafetyCluster
from movement.computations import compute
from movement.demo import DEMO_LOGINS, DEMO_PASSWORD
from movement.models import (
    Commendation,
    FestivalEvent,
    IndicatorValue,
    MovementModel,
    PeriodReport,
    PropagandaSession,
    Role,
    SafetyRecognition,
    SelfManagementGroup,
    Unit,
    User,
    check_rules,
)

pytestmark = pytest.mark.django_db


def district(code: str) -> Unit:
    return Unit.objects.get(level__code="district", code=code, valid_from=None)


def commune(code: str) -> Unit:
    return Unit.objects.get(level__code="commune", code=code, valid_from=None)


def computed(key: str, unit: Unit, first: int, last: int) -> Decimal:
    return compute(key, unit=unit, start=dt.date(first, 1, 1), end=dt.date(last, 12, 31))


def entered(code: str, unit: Unit, first: int, last: int) -> Decimal:
    return IndicatorValue.objects.within(unit).filter(
        indicator__code=code,
        report__period_kind="year",
        report__period_start__gte=dt.date(first, 1, 1),
        report__period_end__lte=dt.date(last, 12, 31),
    ).aggregate(total=Sum("value"))["total"] or Decimal(0)


@pytest.fixture
def mong_cai():
    return district("194")


@pytest.fixture
def tra_linh():
    return district("046")


@pytest.fixture
def son_tay():
    return district("269")


@pytest.fixture
def hai_long():
    return commune("16252")


# --- Móng Cái: clusters (seed 000) ----------------------------------------------------------------


def test_mong_cai_has_6_clusters_with_42_members_9_of_them_military(mong_cai):
    clusters = SafetyCluster.objects.within(mong_cai)
    members = ClusterMember.objects.within(mong_cai)
    assert clusters.count() == 6
    assert members.count() == 42
    assert members.filter(is_military=True).count() == 9
    assert members.filter(kind="border_post").count() == 6
    military = set(members.filter(is_military=True).values_list("name", flat=True))
    assert {
        "Đồn Biên phòng Pò Hèn",
        "Lâm trường 42",
        "Lâm trường 27",
        "Đại đội đảo Vĩnh Thực",
    } <= military
    assert {"Cụm phường Hải Hòa", "Cụm phường Trần Phú"} <= set(
        clusters.values_list("name", flat=True)
    )


def test_the_six_clusters_cover_the_17_communes_once(mong_cai):
    covered = list(SafetyCluster.objects.within(mong_cai).values_list("communes__code", flat=True))
    assert len(covered) == len(set(covered)) == 17
    assert SafetyCluster.objects.get(name="Cụm phường Hải Hòa").host_unit == commune("06742")


def test_cluster_border_work_in_2022_had_over_102_participants(mong_cai):
    assert computed("cluster_activity.participants", mong_cai, 2022, 2022) > 102
    assert ClusterActivity.objects.within(mong_cai).exclude(held_on__year=2022).count() == 0


# --- Móng Cái: ten years of Chương trình 09 (seed 001) ------------------------------------------------


def test_mong_cai_propaganda_over_ten_years(mong_cai):
    assert computed("propaganda.sessions", mong_cai, 2013, 2023) == 121
    assert computed("propaganda.attendees", mong_cai, 2013, 2023) > 15_000
    assert computed("propaganda.leaflets", mong_cai, 2013, 2023) > 8_000
    assert computed("propaganda.documents", mong_cai, 2013, 2023) == 1_500
    assert not PropagandaSession.objects.within(mong_cai).filter(held_on__lt=dt.date(2013, 8, 1))


def test_mong_cai_held_170_festivals_with_over_16000_participants(mong_cai):
    assert computed("festival.count", mong_cai, 2013, 2023) == 170
    assert computed("festival.participants", mong_cai, 2013, 2023) > 16_000
    for event in FestivalEvent.objects.within(mong_cai):
        assert (
            dt.date(event.held_on.year, 7, 1) <= event.held_on <= dt.date(event.held_on.year, 8, 19)
        )


def test_mong_cai_had_126_groups_and_100_active_in_2022_in_every_commune(mong_cai):
    groups = SelfManagementGroup.objects.within(mong_cai)
    assert groups.count() == 126
    assert set(groups.values_list("kind", flat=True)) == {"people_antt"}
    assert computed("group.active", mong_cai, 2022, 2022) == 100
    active = groups.filter(dissolved_on__isnull=True)
    assert active.count() == 100
    assert set(active.values_list("core_force", flat=True)) == {"veterans"}
    assert active.values("unit").distinct().count() == 17
    assert groups.filter(dissolved_on__lt=dt.date(2022, 1, 1)).count() == 26


def test_mong_cai_crime_figures_of_ten_years(mong_cai):
    figures = {
        "cases_solved": 557,
        "cases_serious": 72,
        "foreigners_immigration": 861,
        "handed_over_abroad": 132,
        "wanted_caught": 128,
        "traffic_violations": 116_789,
        "admin_violations": 775,
        "weapon_cases": 19,
        "weapon_suspects": 20,
        "firecracker_cases": 35,
        "firecracker_suspects": 29,
    }
    for code, expected in figures.items():
        assert entered(code, mong_cai, 2013, 2023) == expected, code
    assert 100 <= entered("tips_received", mong_cai, 2013, 2023) < 1_000  # "hàng trăm tin"
    assert 1_900_000_000 < entered("immigration_fines", mong_cai, 2013, 2023) < 2_000_000_000
    assert entered("traffic_fines", mong_cai, 2013, 2023) > 48_000_000_000
    assert 1_400_000_000 < entered("admin_fines", mong_cai, 2013, 2023) < 1_500_000_000
    assert entered("firecrackers_seized", mong_cai, 2013, 2023) > 2_239


def test_mong_cai_reports_are_ten_approved_years(mong_cai):
    reports = PeriodReport.objects.filter(unit=mong_cai)
    assert sorted(r.period_start.year for r in reports) == list(range(2013, 2023))
    assert {r.status for r in reports} == {"approved"}
    last = reports.get(period_start__year=2022).values_by_code()
    assert last["residential_areas_reached"] == 101
    assert last["households_committed_share"] > 95


def test_every_demo_report_keeps_the_validation_rules():
    for report in PeriodReport.objects.filter(status="approved").prefetch_related("values"):
        assert check_rules(report.values_by_code()) == {}, report


def test_mong_cai_built_25_models_and_10_exemplars(mong_cai):
    assert computed("model.models", mong_cai, 2013, 2023) == 25
    assert computed("model.exemplars", mong_cai, 2013, 2023) == 10
    light = MovementModel.objects.get(name="Tuyến đường ánh sáng an ninh an toàn")
    assert light.unit == commune("06751")


# --- Trà Lĩnh 2018 (seed 002) -------------------------------------------------------------------------


def test_tra_linh_propaganda_in_2018(tra_linh):
    assert computed("propaganda.sessions_commune", tra_linh, 2018, 2018) == 38
    assert computed("propaganda.attendees_commune", tra_linh, 2018, 2018) == 1_546
    assert computed("propaganda.sessions_residential", tra_linh, 2018, 2018) == 156
    assert computed("propaganda.attendees_residential", tra_linh, 2018, 2018) == 5_558


def test_tra_linh_kept_123_groups_in_2018(tra_linh):
    assert computed("group.active", tra_linh, 2018, 2018) == 123
    groups = SelfManagementGroup.objects.within(tra_linh)
    assert groups.count() == groups.filter(kind="security_self").count() == 123


def test_all_10_communes_of_tra_linh_registered_in_2018(tra_linh):
    assert computed("recognition.commune.registered", tra_linh, 2018, 2018) == 10
    subjects = SafetyRecognition.objects.within(tra_linh).values_list("subject_unit", flat=True)
    communes = Unit.objects.below(tra_linh).active_on(dt.date(2018, 12, 31))
    assert set(subjects) == set(communes.values_list("pk", flat=True))
    assert all(c.valid_to <= dt.date(2020, 3, 1) for c in communes)


def test_tra_linh_report_of_2018(tra_linh):
    report = PeriodReport.objects.get(
        unit=tra_linh, period_kind="year", period_start=dt.date(2018, 1, 1)
    )
    assert report.values_by_code() == {
        "tips_received": 312,
        "tips_valuable": 270,
        "weapons_surrendered": 1,
        "support_tools_surrendered": 6,
        "security_councils": 10,
    }


def test_tra_linh_models_of_2018(tra_linh):
    models = MovementModel.objects.within(tra_linh).filter(year_recognised=2018)
    assert models.get(name="Liên gia tự quản xóm Lũng Tung").unit == commune("01462")
    drug_free = models.filter(name="Xã không có ma túy").values_list("unit__code", flat=True)
    assert sorted(drug_free) == ["01450", "01459", "01468"]


# --- Sơn Tây 2015–2019 (seed 003) ---------------------------------------------------------------------


def test_son_tay_five_years(son_tay):
    figures = {
        "persons_educated": 3_421,
        "disputes_mediated": 79,
        "tips_received": 423,
        "cases_solved": 45,
        "persons_arrested": 58,
        "wanted_caught": 5,
        "persons_reintegrated": 21,
        "persons_trained": 592 + 638,
        "thematic_programmes": 15,
    }
    for code, expected in figures.items():
        assert entered(code, son_tay, 2015, 2019) == expected, code
    assert computed("propaganda.leaflets", son_tay, 2015, 2019) == 35_000
    # The article gives leaflets, not sessions: leaflet rounds are not counted as sessions.
    assert computed("propaganda.sessions", son_tay, 2015, 2019) == 0
    assert computed("group.active", son_tay, 2019, 2019) == 163
    assert SelfManagementGroup.objects.within(son_tay).filter(kind="people_group").count() == 163
    assert computed("model.models", son_tay, 2015, 2019) == 10


GROUP_IN_NOTE = re.compile(r"(\d+) lượt [^(;]*?(phụ nữ|cựu chiến binh)")


def test_son_tay_training_notes_name_both_groups(son_tay):
    notes = IndicatorValue.objects.within(son_tay).filter(indicator__code="persons_trained")
    women = veterans = 0
    for value in notes:
        found = {label: int(n) for n, label in GROUP_IN_NOTE.findall(value.note)}
        assert sum(found.values()) == value.value
        women += found["phụ nữ"]
        veterans += found["cựu chiến binh"]
    assert (women, veterans) == (592, 638)


# --- Hải Long 2022 (seed 004) -------------------------------------------------------------------------


def test_hai_long_groups_and_models_in_2022(hai_long):
    groups = SelfManagementGroup.objects.within(hai_long)
    assert groups.filter(kind="social_security").count() == 32
    assert groups.filter(kind="village_protection").count() == 9
    models = MovementModel.objects.within(hai_long).filter(kind="model")
    assert models.count() == 2
    assert {m.group.kind for m in models} == {"clan", "workers"}
    assert computed("group.active", hai_long, 2022, 2022) == 32 + 9 + 2


def test_hai_long_festival_of_15_august_2022(hai_long):
    festival = FestivalEvent.objects.get(unit=hai_long, held_on=dt.date(2022, 8, 15))
    commendations = Commendation.objects.filter(festival=festival)
    assert commendations.filter(recipient_kind="collective").count() == 2
    assert commendations.filter(recipient_kind="individual").count() == 4
    assert {c.form for c in commendations} == {"bang_khen", "giay_khen"}
    assert {c.authority for c in commendations} == {
        "UBND tỉnh Thanh Hóa",
        "Giám đốc Công an tỉnh Thanh Hóa",
        "UBND huyện Như Thanh",
    }
    assert computed("commendation.collective", hai_long, 2022, 2022) == 2
    assert computed("commendation.individual", hai_long, 2022, 2022) == 4


# --- Logins, search text, history, idempotence ------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "role", "level", "code", "since"),
    [(login.username, login.role, login.level, login.code, login.since) for login in DEMO_LOGINS],
)
def test_demo_logins_have_their_unit_and_role(username, role, level, code, since):
    user = User.objects.get(username=username)
    assert (user.unit.level.code, user.unit.code, user.unit.valid_from) == (level, code, since)
    assert user.has_role(role)
    assert user.is_staff and user.is_active
    assert user.is_superuser == (username == "admin")


def test_demo_logins_are_the_places_of_the_articles():
    demo = User.objects.filter(username__in=[login.username for login in DEMO_LOGINS])
    units = {u.username: u.unit.name for u in demo.select_related("unit")}
    assert units["ca.haihoa"] == "Phường Hải Hòa"
    assert units["ca.tranphu"] == "Phường Trần Phú"
    assert units["ca.hailong"] == "Xã Hải Long"
    assert units["bcd.mongcai"] == units["vanphong.mongcai"] == "Thành phố Móng Cái"
    assert units["bcd.tralinh"] == "Huyện Trà Lĩnh"
    assert User.objects.get(username="bcd.tralinh").has_role(Role.COMMITTEE)
    assert User.objects.get(username="ca.haihoa").check_password(DEMO_PASSWORD)


def test_bulk_created_records_are_searchable_without_accents():
    session = PropagandaSession.objects.filter(unit=commune("06742")).first()
    assert "hai hoa" in session.search_text
    member = ClusterMember.objects.get(name="Đồn Biên phòng Pò Hèn")
    assert member.search_text == "don bien phong po hen"


def test_demo_records_have_their_creation_in_history(mong_cai):
    report = PeriodReport.objects.filter(unit=mong_cai).first()
    assert report.history.filter(history_type="+").exists()
    assert IndicatorValue.history.filter(report_id=report.pk).exists()


def test_seeding_again_changes_nothing():
    models = [
        Unit,
        User,
        SafetyCluster,
        ClusterMember,
        ClusterActivity,
        PropagandaSession,
        SelfManagementGroup,
        MovementModel,
        FestivalEvent,
        Commendation,
        SafetyRecognition,
        PeriodReport,
        IndicatorValue,
    ]
    before = {m.__name__: m.objects.count() for m in models}
    history_before = PropagandaSession.history.count()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert {m.__name__: m.objects.count() for m in models} == before
    assert PropagandaSession.history.count() == history_before
    assert SafetyCluster.objects.get(name="Cụm phường Trần Phú").communes.count() == 4
    text = out.getvalue()
    assert "không tạo thêm gì" in text
    for login in DEMO_LOGINS:
        assert login.username in text
