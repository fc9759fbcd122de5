"""Database constraints: what must always hold, refused with a Vietnamese message naming the field."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from clusters.models import ClusterMember
from movement.models import (
    Indicator,
    IndicatorValue,
    PeriodReport,
    PropagandaSession,
    SafetyRecognition,
    check_rules,
)
from movement.periods import Period
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(demo_user):
    return demo_user("ca.haihoa").unit


def test_negative_count_is_refused_by_validation_and_by_the_database(unit):
    session = PropagandaSession(
        unit=unit, held_on=dt.date(2022, 1, 5), channel="loudspeaker", topic="Loa", attendees=-1
    )
    with pytest.raises(ValidationError) as excinfo:
        session.full_clean()
    assert "«Số lượt người nghe» không được là số âm." in excinfo.value.messages
    saved = factories.propaganda(unit)
    with pytest.raises(IntegrityError), transaction.atomic():
        PropagandaSession.objects.filter(pk=saved.pk).update(attendees=-5)


def test_negative_indicator_value_is_refused(unit):
    report = factories.report(unit, year=2018)
    value = IndicatorValue(
        report=report, indicator=Indicator.objects.get(code="tips_received"), value=Decimal(-1)
    )
    with pytest.raises(ValidationError) as excinfo:
        value.full_clean()
    assert "«Giá trị» không được là số âm." in excinfo.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        value.save()


def test_valuable_tips_may_not_exceed_tips():
    errors = check_rules({"tips_received": Decimal(312), "tips_valuable": Decimal(313)})
    assert errors == {
        "tips_valuable": "Số tin có giá trị không được lớn hơn số tin quần chúng cung cấp."
    }
    assert check_rules({"tips_received": Decimal(312), "tips_valuable": Decimal(270)}) == {}


def test_fractional_count_is_refused(unit):
    report = factories.report(unit, year=2017)
    value = IndicatorValue(
        report=report, indicator=Indicator.objects.get(code="cases_solved"), value=Decimal("2.5")
    )
    with pytest.raises(ValidationError) as excinfo:
        value.full_clean()
    assert "chỉ nhận số nguyên" in str(excinfo.value)


def test_one_report_per_unit_and_period(unit):
    factories.report(unit, year=2016)
    period = Period.of("year", 2016)
    duplicate = PeriodReport(
        unit=unit, period_kind="year", period_start=period.start, period_end=period.end
    )
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "Đơn vị đã có báo cáo cho kỳ này." in excinfo.value.messages


def test_period_dates_must_match_the_kind(unit):
    report = PeriodReport(
        unit=unit,
        period_kind="month",
        period_start=dt.date(2022, 8, 15),
        period_end=dt.date(2022, 9, 14),
    )
    with pytest.raises(ValidationError) as excinfo:
        report.full_clean()
    assert "period_start" in excinfo.value.message_dict
    backwards = PeriodReport(
        unit=unit,
        period_kind="year",
        period_start=dt.date(2022, 12, 31),
        period_end=dt.date(2022, 1, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        backwards.full_clean()
    assert "«Đến ngày» phải sau «Từ ngày»." in excinfo.value.messages


def test_dissolved_before_founded_is_refused(unit):
    group = factories.group(unit)
    group.founded_on, group.dissolved_on = dt.date(2020, 1, 1), dt.date(2019, 1, 1)
    with pytest.raises(ValidationError) as excinfo:
        group.full_clean()
    assert "Ngày giải thể phải sau ngày thành lập." in excinfo.value.messages


def test_military_units_cannot_be_recognised(unit):
    recognition = SafetyRecognition(
        unit=unit,
        year=2022,
        subject_kind="agency",
        subject_name="Đồn Biên phòng",
        is_military=True,
        result="recognised",
    )
    with pytest.raises(ValidationError) as excinfo:
        recognition.full_clean()
    assert "Đơn vị quân đội không thuộc diện công nhận" in str(excinfo.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        recognition.save()


def test_a_border_post_is_military(unit):
    cluster = factories.cluster(unit)
    member = ClusterMember(
        cluster=cluster, name="Đồn Biên phòng thử", kind="border_post", is_military=False
    )
    with pytest.raises(ValidationError) as excinfo:
        member.full_clean()
    assert "Đồn biên phòng là đơn vị quân đội" in str(excinfo.value)


def test_only_one_active_leader_per_group(unit):
    group = factories.group(unit, kind="statutory")
    factories.member(unit, group=group, role="leader")
    second = factories.member(unit, group=group, role="deputy")
    second.role = "leader"
    with pytest.raises(ValidationError) as excinfo:
        second.full_clean()
    assert "Mỗi tổ chỉ có một Tổ trưởng đang đương nhiệm." in excinfo.value.messages
