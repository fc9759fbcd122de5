"""Officer ca.haihoa must not list, open, change or pick anything of phường Trần Phú, on any surface."""

import json

import pytest
from django.contrib import admin
from django.urls import reverse

from movement.models import PropagandaSession, Unit
from tests import factories

pytestmark = pytest.mark.django_db

SCOPED = sorted(factories.BUILDERS)


def admin_url(label: str, view: str, *args) -> str:
    app, model = label.split(".")
    return reverse(f"admin:{app}_{model}_{view}", args=args)


@pytest.fixture
def units(demo_user):
    return demo_user("ca.haihoa").unit, demo_user("ca.tranphu").unit


@pytest.mark.parametrize("label", SCOPED)
def test_officer_cannot_list_or_open_another_communes_records(client, login, units, label):
    hai_hoa, tran_phu = units
    own = factories.BUILDERS[label](hai_hoa)
    foreign = factories.BUILDERS[label](tran_phu)
    login("ca.haihoa")

    listing = client.get(admin_url(label, "changelist"))
    assert listing.status_code == 200
    shown = {obj.pk for obj in listing.context["cl"].result_list}
    assert own.pk in shown
    assert foreign.pk not in shown

    for view in ("change", "delete", "history"):
        assert client.get(admin_url(label, view, foreign.pk)).status_code == 404, view
    assert client.post(admin_url(label, "change", foreign.pk), {}).status_code == 404
    assert client.post(admin_url(label, "delete", foreign.pk), {"post": "yes"}).status_code == 404
    assert type(foreign).objects.filter(pk=foreign.pk).exists()


def test_officer_cannot_pick_another_commune_in_any_drop_down(client, login, units):
    hai_hoa, tran_phu = units
    login("ca.haihoa")
    page = client.get(admin_url("movement.propagandasession", "add"))
    form = page.context["adminform"].form
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and queryset.model is Unit:
            assert not queryset.filter(pk=tran_phu.pk).exists(), name
            assert queryset.filter(pk=hai_hoa.pk).exists(), name


def test_officer_cannot_save_a_record_for_another_commune(client, login, units):
    _, tran_phu = units
    login("ca.haihoa")
    before = PropagandaSession.objects.count()
    response = client.post(
        admin_url("movement.propagandasession", "add"),
        {
            "unit": tran_phu.pk,
            "held_on": "10/03/2022",
            "channel": "village_meeting",
            "venue": "residential",
            "topic": "Tuyên truyền",
            "attendees": "40",
            "leaflets": "0",
            "documents": "0",
        },
    )
    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    assert PropagandaSession.objects.count() == before


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("movement.propagandasession", "unit"),
        ("movement.selfmanagementgroup", "unit"),
        ("movement.safetyrecognition", "subject_unit"),
        ("clusters.safetycluster", "host_unit"),
        ("movement.groupmember", "group"),
        ("clusters.clustermember", "cluster"),
    ],
)
def test_autocomplete_never_offers_another_commune(client, login, units, label, field):
    hai_hoa, tran_phu = units
    factories.group(tran_phu, name="Tổ Trần Phú")
    factories.group(hai_hoa, name="Tổ Hải Hòa")
    factories.cluster(tran_phu, name="Cụm Trần Phú thử")
    factories.cluster(hai_hoa, name="Cụm Hải Hòa thử")
    login("ca.haihoa")
    app, model = label.split(".")
    for term in ("", "tran phu", "Trần Phú", "hai hoa"):
        response = client.get(
            reverse("admin:autocomplete"),
            {"app_label": app, "model_name": model, "field_name": field, "term": term},
        )
        assert response.status_code == 200
        texts = [r["text"] for r in json.loads(response.content)["results"]]
        assert not any("Trần Phú" in t for t in texts), (term, texts)


def test_autocomplete_finds_own_units_without_accents(client, login):
    login("ca.haihoa")
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "movement",
            "model_name": "propagandasession",
            "field_name": "unit",
            "term": "hai hoa",
        },
    )
    assert [r["text"] for r in json.loads(response.content)["results"]] == ["Phường Hải Hòa"]


def test_steering_committee_sees_every_commune_below_it(client, login):
    user = login("bcd.mongcai")
    listing = client.get(admin_url("movement.unit", "changelist"))
    assert listing.status_code == 200
    visible = Unit.objects.for_user(user)
    assert visible.filter(level__code="commune").count() == 17
    assert not visible.filter(name="Huyện Trà Lĩnh").exists()


def test_every_registered_admin_is_scoped():
    from movement.admin.base import ScopedAdminMixin

    for model, model_admin in admin.site._registry.items():
        if hasattr(model._default_manager.all(), "for_user"):
            assert isinstance(model_admin, ScopedAdminMixin), model
    for label in SCOPED:
        app, name = label.split(".")
        assert any(
            m._meta.app_label == app and m._meta.model_name == name for m in admin.site._registry
        )


def test_administrator_of_a_city_manages_only_its_users(client, demo_user):
    from django.contrib.auth.models import Group

    from movement.models import Role, User

    city = demo_user("bcd.mongcai").unit
    manager = User.objects.create_user(
        "qtv.mongcai", password="x-Very-Long-Pass-2026", unit=city, is_staff=True
    )
    manager.groups.add(Group.objects.get(name=Role.group_name(Role.ADMINISTRATOR)))
    client.force_login(manager)
    listing = client.get(reverse("admin:movement_user_changelist"))
    names = {u.username for u in listing.context["cl"].result_list}
    assert {"ca.haihoa", "ca.tranphu", "bcd.mongcai"} <= names
    assert "bcd.tralinh" not in names and "ca.hailong" not in names
    other = demo_user("bcd.tralinh")
    assert client.get(reverse("admin:movement_user_change", args=[other.pk])).status_code == 404
    form = (
        client.get(reverse("admin:movement_user_change", args=[manager.pk]))
        .context["adminform"]
        .form
    )
    assert "is_superuser" not in form.fields


def test_unit_filter_drills_down_one_level(client, login, demo_user):
    login("bcd.mongcai")
    city = demo_user("bcd.mongcai").unit
    response = client.get(reverse("admin:movement_propagandasession_changelist"))
    unit_filter = next(
        f
        for f in response.context["cl"].filter_specs
        if getattr(f, "parameter_name", None) == "don_vi"
    )
    choices = [label for _, label in unit_filter.lookup_choices]
    assert len(choices) == 1 + Unit.objects.filter(parent=city).count()
    hai_hoa = demo_user("ca.haihoa").unit
    response = client.get(
        reverse("admin:movement_propagandasession_changelist"), {"don_vi": hai_hoa.pk}
    )
    assert all(obj.unit_id == hai_hoa.pk for obj in response.context["cl"].result_list)
    foreign = demo_user("bcd.tralinh").unit
    response = client.get(
        reverse("admin:movement_propagandasession_changelist"), {"don_vi": foreign.pk}
    )
    assert list(response.context["cl"].result_list) == []
