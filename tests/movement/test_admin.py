"""The admin as back office: constant queries as rows grow, folded search, history, rules."""

import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from movement.models import Indicator, IndicatorValue, PeriodReport, PropagandaSession
from movement.text import fold
from tests import factories

pytestmark = pytest.mark.django_db


def changelist(label: str) -> str:
    app, model = label.split(".")
    return reverse(f"admin:{app}_{model}_changelist")


def count_queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("label", sorted(factories.BUILDERS))
def test_change_list_queries_stay_constant_as_rows_grow(client, login, demo_user, label):
    unit = demo_user("ca.haihoa").unit
    login("ca.haihoa")
    build = factories.BUILDERS[label]
    for _ in range(2):
        build(unit)
    few = count_queries(client, changelist(label))
    for _ in range(12):
        build(unit)
    many = count_queries(client, changelist(label))
    assert many == few
    assert many <= 15


def test_unit_change_list_is_constant_for_the_whole_country(client, login):
    login("admin")
    assert count_queries(client, changelist("movement.unit")) <= 15


@pytest.mark.parametrize(
    "term", ["hai hoa", "Hai Hoa", "HẢI HÒA", unicodedata.normalize("NFD", "Hải Hòa")]
)
def test_search_folds_accents_case_and_nfd(client, login, term):
    login("admin")
    response = client.get(changelist("movement.unit"), {"q": term})
    names = {u.name for u in response.context["cl"].result_list}
    assert "Phường Hải Hòa" in names


def test_search_dong_finds_d_bar(client, login):
    login("admin")
    response = client.get(changelist("movement.unit"), {"q": "dong"})
    names = [u.name for u in response.context["cl"].result_list]
    assert names and all("dong" in fold(n) for n in names)
    assert any("Đông" in n for n in names)


def test_nfd_input_is_stored_as_nfc(demo_user):
    unit = demo_user("ca.haihoa").unit
    topic = unicodedata.normalize("NFD", "Tuyên truyền phòng chống ma túy")
    session = factories.propaganda(unit, topic=topic)
    session.refresh_from_db()
    assert session.topic == unicodedata.normalize("NFC", topic)
    assert PropagandaSession.objects.filter(
        topic="Tuyên truyền phòng chống ma túy", pk=session.pk
    ).exists()


def test_admin_changes_keep_who_when_what(client, login, demo_user):
    user = login("ca.haihoa")
    session = factories.propaganda(user.unit, attendees=40)
    url = reverse("admin:movement_propagandasession_change", args=[session.pk])
    data = {
        "unit": user.unit.pk,
        "held_on": "10/03/2022",
        "channel": "village_meeting",
        "venue": session.venue,
        "topic": session.topic,
        "attendees": "1.546",
        "leaflets": "0",
        "documents": "0",
        "note": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    session.refresh_from_db()
    assert session.attendees == 1546
    latest = session.history.latest()
    assert latest.history_user == user
    assert latest.history_type == "~"
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("attendees", 40, 1546)]
    history_page = client.get(
        reverse("admin:movement_propagandasession_history", args=[session.pk])
    )
    assert history_page.status_code == 200


def report_form_data(report: PeriodReport, values: dict[str, str]) -> dict[str, str]:
    data = {
        "unit": report.unit_id,
        "period_kind": report.period_kind,
        "period_start": report.period_start.strftime("%d/%m/%Y"),
        "period_end": report.period_end.strftime("%d/%m/%Y"),
        "note": "",
        "review_comment": "",
        "values-TOTAL_FORMS": str(len(values)),
        "values-INITIAL_FORMS": "0",
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
    }
    for i, (code, value) in enumerate(values.items()):
        data[f"values-{i}-indicator"] = Indicator.objects.get(code=code).pk
        data[f"values-{i}-value"] = value
        data[f"values-{i}-note"] = ""
    return data


def test_valuable_tips_above_tips_are_refused_and_nothing_is_saved(client, login):
    user = login("ca.haihoa")
    report = factories.report(user.unit, year=2021)
    url = reverse("admin:movement_periodreport_change", args=[report.pk])
    response = client.post(
        url, report_form_data(report, {"tips_received": "10", "tips_valuable": "20"})
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Số tin có giá trị không được lớn hơn số tin quần chúng cung cấp." in content
    assert not IndicatorValue.objects.filter(report=report).exists()

    response = client.post(
        url, report_form_data(report, {"tips_received": "312", "tips_valuable": "270"})
    )
    assert response.status_code == 302
    stored = report.values_by_code()  # with the computed indicators, as the report pages save
    assert (stored["tips_received"], stored["tips_valuable"]) == (312, 270)


def test_negative_value_is_refused_with_a_vietnamese_message(client, login):
    user = login("ca.haihoa")
    report = factories.report(user.unit, year=2020)
    url = reverse("admin:movement_periodreport_change", args=[report.pk])
    response = client.post(url, report_form_data(report, {"tips_received": "-3"}))
    assert response.status_code == 200
    assert "không được là số âm" in response.content.decode()
    assert not IndicatorValue.objects.filter(report=report).exists()


def test_approved_report_is_read_only_in_the_admin(client, login):
    user = login("ca.haihoa")
    report = factories.report(user.unit, year=2019, status="approved")
    url = reverse("admin:movement_periodreport_change", args=[report.pk])
    response = client.post(url, report_form_data(report, {"tips_received": "5"}))
    assert response.status_code == 403
    assert not IndicatorValue.objects.filter(report=report).exists()


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_a_locked_report_takes_no_value_through_the_admin(client, login, status):
    """Neither the report's page nor the value's own add, change or delete pages."""
    user = login("ca.haihoa")
    report = factories.report(user.unit, year=2018, status=status)
    kept = factories.indicator_value(user.unit, report=report, value=5)
    response = client.post(
        reverse("admin:movement_periodreport_change", args=[report.pk]),
        report_form_data(report, {"tips_valuable": "1"}),
    )
    assert response.status_code == 403
    indicator = Indicator.objects.get(code="disputes_mediated")
    response = client.post(
        reverse("admin:movement_indicatorvalue_add"),
        {"report": report.pk, "indicator": indicator.pk, "value": "7", "note": ""},
    )
    assert response.status_code == 200
    assert "không sửa số liệu ở đây" in response.content.decode()
    change = reverse("admin:movement_indicatorvalue_change", args=[kept.pk])
    assert (
        client.post(
            change, {"report": report.pk, "indicator": kept.indicator_id, "value": "9"}
        ).status_code
        == 403
    )
    delete = reverse("admin:movement_indicatorvalue_delete", args=[kept.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert list(report.values.values_list("value", flat=True)) == [5]


def test_a_value_breaking_a_rule_is_refused_beside_the_field_in_the_admin(client, login):
    user = login("ca.haihoa")
    report = factories.report(user.unit, year=2017)
    factories.indicator_value(user.unit, report=report, value=3)  # tips_received
    valuable = Indicator.objects.get(code="tips_valuable")
    response = client.post(
        reverse("admin:movement_indicatorvalue_add"),
        {"report": report.pk, "indicator": valuable.pk, "value": "8", "note": ""},
    )
    assert response.status_code == 200  # a form error, not a server error
    assert "không được lớn hơn" in response.content.decode()
    assert not report.values.filter(indicator=valuable).exists()


def test_years_are_not_grouped_in_change_lists(client, login, demo_user):
    factories.movement_model(demo_user("ca.haihoa").unit, year_recognised=2022)
    login("ca.haihoa")
    content = client.get(changelist("movement.movementmodel")).content.decode()
    assert "2022" in content
    assert "2.022" not in content


def test_healthz_reports_the_database():
    from django.test import Client

    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_change_list_never_counts_more_rows_than_the_cap(client, login, demo_user, monkeypatch):
    from movement.admin.base import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "count_cap", 3)
    unit = demo_user("ca.haihoa").unit
    for _ in range(6):
        factories.propaganda(unit)
    login("ca.haihoa")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(changelist("movement.propagandasession"))
    assert response.context["cl"].result_count == 4
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 4" in sql.upper() for sql in counts)
