"""Sổ theo dõi pages: an officer enters their commune's records; nobody reaches another commune's."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.urls import reverse

from movement.models import (
    Commendation,
    FestivalEvent,
    GroupMember,
    PropagandaSession,
    SafetyRecognition,
    SelfManagementGroup,
)
from tests import factories
from tests.movement.records_data import (
    DATA,
    FACTORIES,
    KINDS,
    MODELS,
    festival_data,
    group_data,
    management,
    propaganda_data,
    recognition_data,
)

pytestmark = pytest.mark.django_db


# --- create, edit, delete ---------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_an_officer_creates_edits_and_deletes_a_record(client, officer, kind):
    model = MODELS[kind]
    before = model.objects.count()
    response = client.post(reverse(f"records:{kind}_create"), DATA[kind](officer.unit))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert model.objects.count() == before + 1
    obj = model.objects.latest("pk")
    assert obj.unit == officer.unit
    assert obj.history.first().history_user == officer

    edit = client.get(reverse(f"records:{kind}_update", args=[obj.pk]))
    assert edit.status_code == 200
    version = edit.context["form"].initial["version"]
    data = DATA[kind](officer.unit, note="Đã kiểm tra", version=version, form_token="")
    if kind in ("festival", "group"):
        prefix = "khen_thuong" if kind == "festival" else "thanh_vien"
        rows = list(obj.commendations.all() if kind == "festival" else obj.members.all())
        data.update(management(prefix, len(rows), len(rows)))
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = str(row.pk)
            data[f"{prefix}-{i}-{'festival' if kind == 'festival' else 'group'}"] = str(obj.pk)
    response = client.post(reverse(f"records:{kind}_update", args=[obj.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    obj.refresh_from_db()
    assert obj.note == "Đã kiểm tra"

    confirm = client.get(reverse(f"records:{kind}_delete", args=[obj.pk]))
    assert "Xóa" in confirm.content.decode()
    client.post(reverse(f"records:{kind}_delete", args=[obj.pk]))
    assert not model.objects.filter(pk=obj.pk).exists()


def test_a_festival_is_saved_with_its_two_commendations_on_its_unit(client, officer):
    client.post(reverse("records:festival_create"), festival_data(officer.unit))
    festival = FestivalEvent.objects.latest("pk")
    names = sorted(c.recipient_name for c in festival.commendations.all())
    assert names == ["Khu 3", "Ông Nguyễn Văn A"]
    assert {c.unit_id for c in festival.commendations.all()} == {officer.unit_id}
    assert festival.participants == 350


def test_deleting_a_festival_deletes_its_commendations(client, officer):
    client.post(reverse("records:festival_create"), festival_data(officer.unit))
    festival = FestivalEvent.objects.latest("pk")
    client.post(reverse("records:festival_delete", args=[festival.pk]))
    assert not Commendation.objects.filter(recipient_name="Ông Nguyễn Văn A").exists()


def test_a_leader_hands_over_to_a_member_in_one_save(client, officer):
    client.post(reverse("records:group_create"), group_data(officer.unit))
    group = SelfManagementGroup.objects.latest("pk")
    old = group.members.get(role="leader")
    new = group.members.get(role="member")
    page = client.get(reverse("records:group_update", args=[group.pk]))
    rows = list(page.context["formset"].queryset)
    data = group_data(
        officer.unit,
        members=[(m.full_name, "member" if m == old else "leader") for m in rows],
        version=page.context["form"].initial["version"],
        form_token="",
        **management("thanh_vien", len(rows), len(rows)),
    )
    for i, m in enumerate(rows):
        data[f"thanh_vien-{i}-id"] = str(m.pk)
    response = client.post(reverse("records:group_update", args=[group.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert GroupMember.objects.get(pk=new.pk).role == "leader"
    assert GroupMember.objects.get(pk=old.pk).role == "member"


def test_two_leaders_are_refused_in_vietnamese_and_nothing_is_saved(client, officer):
    before = SelfManagementGroup.objects.count()
    data = group_data(officer.unit, members=[("A", "leader"), ("B", "leader")])
    response = client.post(reverse("records:group_create"), data)
    assert response.status_code == 200
    assert "Mỗi tổ chỉ có một Tổ trưởng" in response.content.decode()
    assert SelfManagementGroup.objects.count() == before


def test_a_military_unit_cannot_be_recognised_and_the_message_is_beside_the_result(client, officer):
    data = recognition_data(officer.unit, result="recognised", is_military="on")
    response = client.post(reverse("records:recognition_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "Đơn vị quân đội không thuộc diện" in " ".join(form.errors["result"])
    assert 'id="id_result_error"' in response.content.decode() or "invalid-feedback" in (
        response.content.decode()
    )


# --- scope: another commune's objects ------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_another_communes_record_answers_404_everywhere(client, officer, other_commune, kind):
    theirs = FACTORIES[kind](other_commune)
    for name in ("update", "delete"):
        url = reverse(f"records:{kind}_{name}", args=[theirs.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, DATA[kind](officer.unit)).status_code == 404
    assert MODELS[kind].objects.filter(pk=theirs.pk).exists()
    listing = client.get(reverse(f"records:{kind}_list"), {"don_vi": other_commune.pk})
    assert theirs.pk not in [o.pk for o in listing.context["page"].object_list]


@pytest.mark.parametrize("kind", KINDS)
def test_a_record_cannot_be_put_on_another_commune(client, officer, other_commune, kind):
    before = MODELS[kind].objects.count()
    response = client.post(reverse(f"records:{kind}_create"), DATA[kind](other_commune))
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert MODELS[kind].objects.count() == before


def test_the_unit_choices_are_the_commune_and_its_residential_areas(client, officer):
    area = factories.residential_area(officer.unit, "Khu 9 thử")
    form = client.get(reverse("records:propaganda_create")).context["form"]
    units = list(form.fields["unit"].queryset)
    assert officer.unit in units and area in units
    assert all(u.pk == officer.unit.pk or u.parent_id == officer.unit.pk for u in units)


def test_a_committee_reads_but_cannot_write(client, login, demo_user):
    committee = login("bcd.mongcai")
    session = factories.propaganda(demo_user("ca.haihoa").unit)
    page = client.get(reverse("records:propaganda_update", args=[session.pk]))
    assert page.status_code == 200
    assert "Bạn chỉ có quyền xem" in page.content.decode()
    assert (
        client.post(reverse("records:propaganda_update", args=[session.pk]), {}).status_code == 403
    )
    assert client.get(reverse("records:propaganda_create")).status_code == 403
    assert client.post(reverse("records:propaganda_delete", args=[session.pk])).status_code == 403
    listing = client.get(reverse("records:propaganda_list"))
    assert "+ Thêm" not in listing.content.decode()
    labels = [c.label for c in listing.context["drill"].choices]
    assert labels[0].endswith(committee.unit.name)
    assert len(labels) < 40  # the district and its communes, never the whole country


def test_the_unit_filter_drills_down_to_a_commune(client, login, demo_user):
    login("bcd.mongcai")
    haihoa = demo_user("ca.haihoa").unit
    tranphu = demo_user("ca.tranphu").unit
    mine = factories.propaganda(haihoa, topic="Chỉ ở Hải Hòa 77")
    other = factories.propaganda(tranphu, topic="Chỉ ở Trần Phú 77")
    page = client.get(reverse("records:propaganda_list"), {"don_vi": haihoa.pk, "q": "77"})
    pks = [o.pk for o in page.context["page"].object_list]
    assert mine.pk in pks and other.pk not in pks
    assert any(c.label.startswith("↑") for c in page.context["drill"].choices)


# --- search, filters, pagination ---------------------------------------------------------


def test_search_ignores_accents_and_nfd_input(client, officer):
    factories.propaganda(officer.unit, topic="Phòng chống tội phạm ở Hải Hòa xyz")
    factories.propaganda(officer.unit, topic="Tuyên truyền luật giao thông xyz")
    for term in ("toi pham xyz", "TỘI PHẠM xyz", unicodedata.normalize("NFD", "tội phạm xyz")):
        page = client.get(reverse("records:propaganda_list"), {"q": term}).context["page"]
        topics = [o.topic for o in page.object_list]
        assert topics == ["Phòng chống tội phạm ở Hải Hòa xyz"], term


def test_hai_hoa_finds_the_communes_records_for_the_district(client, login, demo_user):
    login("bcd.mongcai")
    mine = factories.propaganda(demo_user("ca.haihoa").unit, topic="Chủ đề chung 55")
    other = factories.propaganda(demo_user("ca.tranphu").unit, topic="Chủ đề chung 55")
    page = client.get(reverse("records:propaganda_list"), {"q": "hai hoa chu de 55"})
    pks = [o.pk for o in page.context["page"].object_list]
    assert mine.pk in pks and other.pk not in pks


def test_filters_by_year_month_and_quarter(client, officer):
    march = factories.propaganda(officer.unit, held_on=dt.date(2026, 3, 5))
    august = factories.propaganda(officer.unit, held_on=dt.date(2026, 8, 5))
    url = reverse("records:propaganda_list")

    def pks(**params):
        return {o.pk for o in client.get(url, params).context["page"].object_list}

    assert pks(nam=2026) == {march.pk, august.pk}
    assert pks(nam=2026, thang=3) == {march.pk}
    assert pks(nam=2026, quy=3) == {august.pk}
    assert pks(nam=2026, thang="abc") == {march.pk, august.pk}  # a bad value is ignored
    oldest_first = [o.pk for o in client.get(url, {"nam": 2026, "sap_xep": "cu"}).context["page"]]
    assert oldest_first == [march.pk, august.pk]


def test_a_date_range_filter_keeps_the_report_window(client, officer):
    before = factories.propaganda(officer.unit, held_on=dt.date(2026, 5, 14))
    inside = factories.propaganda(officer.unit, held_on=dt.date(2026, 5, 15))
    last = factories.propaganda(officer.unit, held_on=dt.date(2026, 6, 14))
    after = factories.propaganda(officer.unit, held_on=dt.date(2026, 6, 15))
    url = reverse("records:propaganda_list")
    response = client.get(url, {"tu": "15/05/2026", "den": "14/06/2026", "q": ""})
    pks = {o.pk for o in response.context["page"].object_list}
    assert pks == {inside.pk, last.pk}
    html = response.content.decode()
    assert 'name="tu" value="15/05/2026"' in html  # kept when the list is filtered again
    assert "Bỏ lọc theo khoảng ngày" in html
    response = client.get(url, {"tu": "2026-31-12", "nam": 2026})  # a bad date is ignored
    assert {before.pk, after.pk} <= {o.pk for o in response.context["page"].object_list}


def test_year_filter_on_year_only_registries(client, officer):
    mine = factories.movement_model(officer.unit, year_recognised=2026)
    page = client.get(reverse("records:model_list"), {"nam": 2026}).context["page"]
    assert [o.pk for o in page.object_list] == [mine.pk]


def test_lists_are_paginated_by_25(client, officer):
    for day in range(1, 31):
        factories.propaganda(officer.unit, held_on=dt.date(2026, 1, day))
    first = client.get(reverse("records:propaganda_list"), {"nam": 2026})
    assert len(first.context["page"].object_list) == 25
    assert "trang=2" in first.content.decode()
    second = client.get(reverse("records:propaganda_list"), {"nam": 2026, "trang": 2})
    assert len(second.context["page"].object_list) == 5
    assert client.get(reverse("records:propaganda_list"), {"trang": "999"}).status_code == 200


def test_numbers_and_dates_are_shown_the_vietnamese_way(client, officer):
    factories.propaganda(officer.unit, held_on=dt.date(2026, 2, 3), attendees=1546, topic="Số 1546")
    html = client.get(reverse("records:propaganda_list"), {"q": "so 1546"}).content.decode()
    assert "03/02/2026" in html and "1.546" in html


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("attendees", "-5", "không được là số âm"),
        ("attendees", "99999999999999", "quá lớn"),
        ("held_on", "12/31/2024", "ngày/tháng/năm"),
        ("held_on", "05/03/1999", "phải từ 01/01/2000"),
        ("held_on", "01/01/2999", "phải từ 01/01/2000"),
    ],
)
def test_bad_input_is_refused_beside_the_field(client, officer, field, value, message):
    before = PropagandaSession.objects.count()
    response = client.post(
        reverse("records:propaganda_create"), propaganda_data(officer.unit, **{field: value})
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, errors
    assert PropagandaSession.objects.count() == before
    assert value in response.content.decode()  # the user's input is kept on the page


def test_absurd_commendation_date_names_the_row(client, officer):
    data = festival_data(officer.unit, **{"khen_thuong-1-decision_date": "31/12/1890"})
    response = client.post(reverse("records:festival_create"), data)
    assert response.status_code == 200
    formset = response.context["formset"]
    assert "decision_date" in formset.forms[1].errors
    assert not FestivalEvent.objects.filter(title="Ngày hội toàn dân bảo vệ ANTQ năm 2024").exists()


def test_dates_in_the_wrong_order_are_refused_beside_the_later_date(client, officer):
    before = SelfManagementGroup.objects.count()
    data = group_data(officer.unit, dissolved_on="01/01/2023")  # founded 01/02/2023
    data["thanh_vien-1-joined_on"] = "05/05/2023"
    data["thanh_vien-1-left_on"] = "04/05/2023"
    response = client.post(reverse("records:group_create"), data)
    assert response.status_code == 200
    form, formset = response.context["form"], response.context["formset"]
    assert form.errors["dissolved_on"] == ["Ngày giải thể phải sau ngày thành lập."]
    assert not form.non_field_errors()
    assert formset.forms[1].errors["left_on"] == ["Ngày thôi tham gia phải sau ngày tham gia."]
    assert 'id="id_dissolved_on_error"' in response.content.decode()
    assert SelfManagementGroup.objects.count() == before

    data = recognition_data(officer.unit, registered_on="10/03/2024", assessed_on="01/03/2024")
    response = client.post(reverse("records:recognition_create"), data)
    assert response.context["form"].errors["assessed_on"] == [
        "Ngày đánh giá phải sau ngày đăng ký."
    ]


def test_a_registration_dated_outside_its_year_is_refused(client, officer):
    before = SafetyRecognition.objects.count()
    data = recognition_data(officer.unit, year="2024", registered_on="20/12/2023")
    response = client.post(reverse("records:recognition_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["registered_on"] == [
        "Ngày đăng ký phải thuộc năm đăng ký."
    ]
    assert "20/12/2023" in response.content.decode()  # the input stays
    assert SafetyRecognition.objects.count() == before


def test_script_in_a_text_field_is_escaped_on_the_list(client, officer):
    client.post(
        reverse("records:propaganda_create"),
        propaganda_data(officer.unit, topic="<script>alert(1)</script> Hải Hòa"),
    )
    html = client.get(reverse("records:propaganda_list"), {"q": "alert"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_double_post_creates_one_row(client, officer):
    before = PropagandaSession.objects.count()
    data = propaganda_data(officer.unit, form_token="same-token-twice")
    first = client.post(reverse("records:propaganda_create"), data)
    second = client.post(reverse("records:propaganda_create"), data)
    assert first.status_code == second.status_code == 302
    assert PropagandaSession.objects.count() == before + 1
    created = PropagandaSession.objects.latest("pk")
    assert second.url == reverse("records:propaganda_update", args=[created.pk])


def test_a_stale_form_is_refused_and_the_newer_version_kept(client, officer):
    session = factories.propaganda(officer.unit, topic="Bản gốc")
    url = reverse("records:propaganda_update", args=[session.pk])
    version = client.get(url).context["form"].initial["version"]
    # Someone else saves meanwhile.
    session.topic = "Bản mới hơn"
    session.save()
    response = client.post(
        url, propaganda_data(officer.unit, topic="Bản của tôi", version=version, form_token="")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "CHƯA được lưu" in html
    assert "Bản của tôi" in html  # the user's input stays on the page
    session.refresh_from_db()
    assert session.topic == "Bản mới hơn"


def test_an_administrator_enters_a_record_on_the_commune_chosen_in_the_list(
    client, login, demo_user
):
    login("admin")
    haihoa = demo_user("ca.haihoa").unit
    listing = client.get(reverse("records:propaganda_list"), {"don_vi": haihoa.pk})
    assert f"/them/?don_vi={haihoa.pk}" in listing.content.decode()
    form = client.get(reverse("records:propaganda_create"), {"don_vi": haihoa.pk}).context["form"]
    assert form.initial["unit"] == haihoa.pk
    assert haihoa in form.fields["unit"].queryset
    # Outside the scope of an officer, the chosen unit is ignored.
    login("ca.tranphu")
    form = client.get(reverse("records:propaganda_create"), {"don_vi": haihoa.pk}).context["form"]
    assert haihoa not in form.fields["unit"].queryset


def test_the_same_edit_posted_twice_is_saved_once_without_a_stale_warning(client, officer):
    session = factories.propaganda(officer.unit, topic="Trước khi sửa")
    url = reverse("records:propaganda_update", args=[session.pk])
    version = client.get(url).context["form"].initial["version"]
    data = propaganda_data(officer.unit, topic="Sau khi sửa", version=version, form_token="")
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the double click's second POST
    assert session.history.count() == 2  # created, edited once
    # A different edit from the same old form is still refused.
    refused = client.post(url, {**data, "topic": "Sửa khác"})
    assert refused.status_code == 200 and "CHƯA được lưu" in refused.content.decode()


# --- one member count ----------------------------------------------------------------------


def test_a_groups_member_count_is_its_listed_members(client, officer):
    from movement.computations import compute

    def members_in_2023() -> int:
        return compute(
            "group.members", unit=officer.unit, start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31)
        )

    before = members_in_2023()
    data = group_data(
        officer.unit,
        members=[("Trần Văn B", "leader"), ("Lê Thị C", "member"), ("Vi Văn D", "member")],
        member_count="0",
    )
    client.post(reverse("records:group_create"), data)
    group = SelfManagementGroup.objects.latest("pk")
    assert group.member_count == 3  # not the 0 typed
    listing = client.get(reverse("records:group_list"), {"q": "To tu quan khu 5"})
    assert "Đã ghi danh" not in listing.content.decode()
    # The report's member total reads the same count.
    assert members_in_2023() == before + 3
    member = group.members.get(full_name="Vi Văn D")
    member.left_on = dt.date(2024, 1, 1)
    member.save()
    group.refresh_from_db()
    assert group.member_count == 2
    group.members.get(full_name="Lê Thị C").delete()
    group.refresh_from_db()
    assert group.member_count == 1


def test_a_group_without_listed_members_keeps_its_typed_count(client, officer):
    client.post(reverse("records:group_create"), group_data(officer.unit, members=[]))
    assert SelfManagementGroup.objects.latest("pk").member_count == 12
