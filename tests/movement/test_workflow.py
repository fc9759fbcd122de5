"""The review workflow end to end with Django's test client, and who may do what."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from movement import services
from movement.models import PeriodReport, ReportEvent, ReportStatus, Unit
from movement.periods import Period, PeriodKind

pytestmark = pytest.mark.django_db

JUNE_2025 = Period.of(PeriodKind.MONTH, 2025, 6)


@pytest.fixture
def hai_hoa(demo_user) -> Unit:
    return demo_user("ca.haihoa").unit


def open_report(client, period: Period = JUNE_2025) -> PeriodReport:
    response = client.post(
        reverse("movement:report_create"),
        {"kind": period.kind, "year": period.start.year, "number": period.number},
    )
    assert response.status_code == 302, response.content
    return PeriodReport.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def form_data(report: PeriodReport, **values: str) -> dict[str, str]:
    return {"version": str(report.version), "note": "", **values}


def detail(report: PeriodReport) -> str:
    return reverse("movement:report_detail", args=[report.pk])


def review(report: PeriodReport) -> str:
    return reverse("movement:report_review", args=[report.pk])


def test_the_whole_cycle_officer_committee_reopen_and_diff(client, login):
    login("ca.haihoa")
    report = open_report(client)
    assert report.unit.code == "06742" and report.status == ReportStatus.DRAFT

    # Draft: numbers typed "1.546" and "1546" mean the same.
    response = client.post(
        detail(report), form_data(report, tips_received="1.546", tips_valuable="120", luu="")
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.values_by_code()["tips_received"] == Decimal(1546)

    response = client.post(
        detail(report), form_data(report, tips_received="1546", tips_valuable="120", gui="")
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by.username == "ca.haihoa"

    # The committee returns it with a comment.
    client.logout()
    login("bcd.mongcai")
    response = client.post(
        review(report), {"comment": "Số tin có giá trị chưa khớp sổ.", "tra_lai": ""}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.review_comment == "Số tin có giá trị chưa khớp sổ."

    # The officer sees the comment, fixes and resubmits.
    client.logout()
    login("ca.haihoa")
    page = client.get(detail(report)).content.decode()
    assert "Số tin có giá trị chưa khớp sổ." in page
    response = client.post(
        detail(report), form_data(report, tips_received="1546", tips_valuable="98", gui="")
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    # The committee approves: the report is locked.
    client.logout()
    login("bcd.mongcai")
    assert client.post(review(report), {"comment": "", "duyet": ""}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.reviewed_by.username == "bcd.mongcai"

    client.logout()
    login("ca.haihoa")
    response = client.post(
        detail(report), form_data(report, tips_received="9", tips_valuable="1", luu="")
    )
    assert response.status_code == 403
    assert "đã được duyệt và khóa" in response.content.decode()
    assert report.values_by_code()["tips_received"] == Decimal(1546)
    assert 'name="tips_received"' not in client.get(detail(report)).content.decode()

    # Reopen needs a reason; then the officer changes one figure and resubmits.
    client.logout()
    login("bcd.mongcai")
    reopen = reverse("movement:report_reopen", args=[report.pk])
    client.post(reopen, {"reason": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    client.post(reopen, {"reason": "Bổ sung tin báo tháng 6."})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED

    client.logout()
    login("ca.haihoa")
    client.post(detail(report), form_data(report, tips_received="1600", tips_valuable="98", gui=""))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    client.logout()
    login("bcd.mongcai")
    page = client.get(review(report)).content.decode()
    assert "Thay đổi so với lần duyệt" in page
    assert "<del>1.546</del>" in page and "1.600</ins>" in page
    assert "Tin có giá trị" not in page.split("Thay đổi so với lần duyệt")[1].split("</table>")[0]
    actions = list(report.events.values_list("action", flat=True))
    assert actions.count(ReportEvent.Action.APPROVED) == 1
    assert ReportEvent.Action.REOPENED in actions
    assert (
        report.events.get(action=ReportEvent.Action.REOPENED).comment == "Bổ sung tin báo tháng 6."
    )


def test_rule_violation_is_shown_beside_the_field_and_nothing_is_saved(client, login):
    login("ca.haihoa")
    report = open_report(client)
    response = client.post(
        detail(report), form_data(report, tips_received="10", tips_valuable="12", luu="")
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Số tin có giá trị không được lớn hơn số tin quần chúng cung cấp." in page
    assert 'id="loi-tips_valuable"' in page
    # A long page: the top of it lists the fields to fix, each a link to its input.
    assert (
        '<li><a class="alert-link" href="#id_tips_valuable">Tin có giá trị</a>: Số tin có giá trị'
        in page
    )
    assert 'value="12"' in page  # the input stays on the page
    assert not report.values.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "không được là số âm"),
        ("abc", "hãy nhập một số"),
        ("99999999999999", "vượt quá mức hợp lý"),
        ("2,5", "chỉ nhận số nguyên"),
    ],
)
def test_bad_numbers_get_a_vietnamese_message(client, login, typed, message):
    login("ca.haihoa")
    report = open_report(client)
    response = client.post(detail(report), form_data(report, tips_received=typed, luu=""))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not report.values.exists()


def test_share_above_100_percent_is_refused(client, login):
    login("ca.haihoa")
    report = open_report(client)
    response = client.post(
        detail(report), form_data(report, households_committed_share="120", luu="")
    )
    assert "vượt quá mức hợp lý" in response.content.decode()


def test_a_stale_form_is_refused_and_keeps_the_input(client, login, demo_user):
    login("ca.haihoa")
    report = open_report(client)
    old = form_data(report, tips_received="5", luu="")
    assert (
        client.post(detail(report), form_data(report, tips_received="7", luu="")).status_code == 302
    )
    response = client.post(detail(report), old)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Chưa lưu" in page and 'value="5"' in page and "Đang lưu: 7" in page
    assert report.values_by_code()["tips_received"] == Decimal(7)


def test_double_submit_sends_once_and_says_so(client, login):
    login("ca.haihoa")
    report = open_report(client)
    data = form_data(report, tips_received="3", gui="")
    assert client.post(detail(report), data).status_code == 302
    report.refresh_from_db()
    version = report.version
    response = client.post(detail(report), data, follow=True)  # the second click
    assert response.status_code == 200
    assert "đã được gửi ở lần bấm trước" in response.content.decode()
    report.refresh_from_db()
    assert report.version == version and report.events.filter(action="submitted").count() == 1
    # Other figures after sending are refused: the report waits for review.
    response = client.post(detail(report), form_data(report, tips_received="4", gui=""))
    assert response.status_code == 403
    assert "Báo cáo đã gửi và đang chờ duyệt" in response.content.decode()
    assert report.values_by_code()["tips_received"] == 3


def test_a_repeated_draft_save_is_saved_once_without_a_stale_warning(client, login):
    login("ca.haihoa")
    report = open_report(client)
    data = form_data(report, tips_received="1.546", note="Số liệu tạm", luu="")
    assert client.post(detail(report), data).status_code == 302
    response = client.post(detail(report), data)  # same form, same version: a double click
    assert response.status_code == 302 and response.url.endswith("?luu=ok")
    assert report.events.filter(action="saved").count() == 1
    # The same old form with other figures is a stale form: refused, input kept.
    response = client.post(detail(report), {**data, "tips_received": "9"})
    assert response.status_code == 409
    assert report.values_by_code()["tips_received"] == 1546


def test_return_without_a_comment_is_refused(client, login):
    login("ca.haihoa")
    report = open_report(client)
    client.post(detail(report), form_data(report, gui=""))
    client.logout()
    login("bcd.mongcai")
    response = client.post(review(report), {"comment": "  ", "tra_lai": ""})
    assert response.status_code == 400
    assert "phải ghi rõ lý do" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_unit_that_no_longer_existed_gets_no_report(client, login):
    officer = login("ca.haihoa")  # phường Hải Hòa ended on 01/07/2025
    response = client.post(
        reverse("movement:report_create"), {"kind": "month", "year": 2025, "number": 8}, follow=True
    )
    assert "không tồn tại trong" in response.content.decode()
    assert not PeriodReport.objects.filter(
        unit=officer.unit, period_start=dt.date(2025, 8, 1)
    ).exists()


def test_a_period_that_has_not_started_gets_no_report(client, login):
    admin = login("admin")  # the country exists for any period
    next_year = timezone.localdate().year + 1
    response = client.post(
        reverse("movement:report_create"),
        {"kind": "month", "year": next_year, "number": 12},
        follow=True,
    )
    assert f"Tháng 12/{next_year} chưa bắt đầu" in response.content.decode()
    assert f"từ ngày 15/11/{next_year}" in response.content.decode()
    assert not PeriodReport.objects.filter(period_start__year=next_year).exists()
    # NĐ 09/2019: June's data start on 15 May, so on 20 May June's report may be opened.
    june = Period.of(PeriodKind.MONTH, 2025, 6)
    with pytest.raises(services.WorkflowError, match="chưa bắt đầu"):
        services.period_report_create(
            unit=admin.unit, period=june, user=admin, today=dt.date(2025, 5, 14)
        )
    report = services.period_report_create(
        unit=admin.unit, period=june, user=admin, today=dt.date(2025, 5, 15)
    )
    assert report.period_start == dt.date(2025, 6, 1)


# ---- who may do what -------------------------------------------------------------------


@pytest.fixture
def submitted(demo_user) -> PeriodReport:
    officer = demo_user("ca.haihoa")
    report = services.period_report_create(unit=officer.unit, period=JUNE_2025, user=officer)
    return services.period_report_submit(report=report, user=officer, version=report.version)


def test_another_communes_officer_gets_404_everywhere(client, login, submitted):
    login("ca.tranphu")
    assert client.get(detail(submitted)).status_code == 404
    assert client.post(detail(submitted), form_data(submitted, gui="")).status_code == 404
    assert client.get(review(submitted)).status_code == 404
    assert client.post(review(submitted), {"duyet": ""}).status_code == 404
    reopen = reverse("movement:report_reopen", args=[submitted.pk])
    assert client.post(reopen, {"reason": "x"}).status_code == 404
    client.post(reverse("movement:bulk_approve"), {"bao_cao": [submitted.pk]})
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_an_officer_cannot_approve_their_own_report(client, login, submitted):
    login("ca.haihoa")
    assert client.get(review(submitted)).status_code == 403
    assert client.post(review(submitted), {"duyet": ""}).status_code == 403
    assert (
        client.post(reverse("movement:bulk_approve"), {"bao_cao": [submitted.pk]}).status_code
        == 403
    )
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_a_committee_cannot_approve_its_own_units_report(demo_user):
    committee = demo_user("bcd.mongcai")
    report = PeriodReport.objects.filter(unit=committee.unit).first()
    assert report is not None
    assert not services.can_review(user=committee, report=report)


def test_another_districts_committee_gets_404(client, login, submitted):
    login("bcd.tralinh")
    assert client.get(review(submitted)).status_code == 404
    assert client.post(review(submitted), {"duyet": ""}).status_code == 404
    response = client.post(
        reverse("movement:bulk_approve"), {"bao_cao": [submitted.pk]}, follow=True
    )
    assert "không thuộc phạm vi của bạn" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_bulk_approval_approves_the_checked_reports(client, login, demo_user, submitted):
    officer = demo_user("ca.tranphu")
    other = services.period_report_create(unit=officer.unit, period=JUNE_2025, user=officer)
    other = services.period_report_submit(report=other, user=officer, version=other.version)
    login("bcd.mongcai")
    response = client.post(
        reverse("movement:bulk_approve"), {"bao_cao": [submitted.pk, other.pk]}, follow=True
    )
    assert "Đã duyệt" in response.content.decode()
    statuses = set(
        PeriodReport.objects.filter(pk__in=[submitted.pk, other.pk]).values_list(
            "status", flat=True
        )
    )
    assert statuses == {ReportStatus.APPROVED}
    assert ReportEvent.objects.filter(action="approved", report__in=[submitted, other]).count() == 2


def test_completeness_board_shows_each_unit_against_the_deadline(client, login, submitted):
    login("bcd.mongcai")
    response = client.get(
        reverse("movement:completeness"), {"kind": "month", "year": 2025, "number": 6}
    )
    assert response.status_code == 200
    board = response.context["board"]
    by_code = {row.unit.code: row for row in board.rows}
    children = Unit.objects.filter(parent__code="194", parent__level__code="district")
    lived_through_june = [
        u
        for u in children
        if (u.valid_to is None or u.valid_to > dt.date(2025, 6, 30))
        and (u.valid_from is None or u.valid_from <= dt.date(2025, 6, 1))
    ]
    assert len(by_code) == len(lived_through_june) > 10
    assert board.deadline == dt.date(2025, 6, 18)
    assert by_code["06742"].status == "late"  # submitted today, long after 18/06/2025
    assert by_code["06712"].status == "not_started" and by_code["06712"].overdue
    names = [row.unit.name for row in board.rows]
    assert names.index("Xã Hải Đông") < names.index("Xã Hải Sơn")  # Đ sorts after D, not Z


def test_officer_cannot_open_the_completeness_board(client, login):
    login("ca.haihoa")
    assert client.get(reverse("movement:completeness")).status_code == 403


def test_an_admin_edit_makes_an_open_entry_form_stale(client, login, demo_user):
    officer = login("ca.haihoa")
    report = services.period_report_create(unit=officer.unit, period=JUNE_2025, user=officer)
    stale = form_data(report, tips_received="5", luu="")
    client.logout()
    login("admin")
    response = client.post(
        reverse("admin:movement_periodreport_change", args=[report.pk]),
        {
            "unit": report.unit_id,
            "period_kind": "month",
            "period_start": "01/06/2025",
            "period_end": "30/06/2025",
            "note": "Sửa ở trang quản trị",
            "review_comment": "",
            "values-TOTAL_FORMS": "0",
            "values-INITIAL_FORMS": "0",
            "values-MIN_NUM_FORMS": "0",
            "values-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    login("ca.haihoa")
    assert client.post(detail(report), stale).status_code == 409
    report.refresh_from_db()
    assert report.note == "Sửa ở trang quản trị"
    assert "tips_received" not in report.values_by_code()


@pytest.mark.parametrize(
    ("status", "submitted_on", "today", "expected"),
    [
        (None, None, dt.date(2025, 6, 18), ("not_started", False)),
        (None, None, dt.date(2025, 6, 19), ("not_started", True)),
        ("draft", None, dt.date(2025, 6, 19), ("draft", True)),
        ("submitted", dt.date(2025, 6, 18), dt.date(2025, 7, 1), ("on_time", False)),
        ("submitted", dt.date(2025, 6, 19), dt.date(2025, 7, 1), ("late", False)),
        ("returned", dt.date(2025, 6, 10), dt.date(2025, 6, 12), ("returned", False)),
        ("approved", dt.date(2025, 6, 30), dt.date(2025, 7, 1), ("approved", False)),
    ],
)
def test_report_state_against_the_deadline(status, submitted_on, today, expected):
    from django.utils import timezone

    from movement.selectors.reports import report_state

    report = None
    if status:
        report = PeriodReport(status=status)
        if submitted_on:
            report.submitted_at = timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(9)))
    assert report_state(report=report, deadline=dt.date(2025, 6, 18), today=today) == expected


def test_services_refuse_the_wrong_hands(demo_user, submitted):
    officer = demo_user("ca.haihoa")
    with pytest.raises(services.WorkflowError):
        services.period_report_approve(report=submitted, user=officer)
    with pytest.raises(services.WorkflowError):
        services.period_report_return(report=submitted, user=demo_user("bcd.tralinh"), comment="x")
    committee = demo_user("bcd.mongcai")
    with pytest.raises(services.WorkflowError):
        services.period_report_reopen(report=submitted, user=committee, reason="chưa duyệt")
    approved = services.period_report_approve(report=submitted, user=committee)
    with pytest.raises(services.WorkflowError):
        services.period_report_save_values(
            report=approved, values={"tips_received": 1}, version=approved.version, user=officer
        )
    with pytest.raises(services.WorkflowError):
        services.period_report_approve(report=approved, user=committee)


def test_a_committee_cannot_open_a_report_for_a_unit(demo_user):
    committee = demo_user("bcd.mongcai")
    hai_hoa = demo_user("ca.haihoa").unit
    with pytest.raises(services.WorkflowError):
        services.period_report_create(unit=hai_hoa, period=JUNE_2025, user=committee)
