import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from movement.catalogue import load_legacy
from movement.models import REFORM_DATE, Unit, UnitLevel

pytestmark = pytest.mark.django_db


def commune(code: str, *, current: bool = False) -> Unit:
    qs = Unit.objects.filter(level__code="commune", code=code)
    return (
        qs.get(valid_from=REFORM_DATE)
        if current
        else qs.exclude(valid_from=REFORM_DATE).get(valid_from=None)
    )


def test_the_national_catalogue_is_loaded():
    assert Unit.objects.filter(level__code="province", valid_to__isnull=True).count() == 34
    current = Unit.objects.filter(level__code="commune", valid_from=REFORM_DATE)
    assert current.count() == 3321
    assert current.filter(kind="Xã").count() == 2621
    assert current.filter(kind="Phường").count() == 687
    assert current.filter(kind="Đặc khu").count() == 13


def test_subtree_is_one_query():
    quang_ninh = Unit.objects.get(level__code="province", code="22")
    with CaptureQueriesContext(connection) as ctx:
        units = list(Unit.objects.subtree(quang_ninh))
    assert len(ctx.captured_queries) == 1
    names = {u.name for u in units}
    assert "Phường Móng Cái 1" in names and "Thành phố Móng Cái" in names
    assert "Tỉnh Cao Bằng" not in names
    assert all(u.path.startswith(quang_ninh.path) for u in units)


def test_mong_cai_had_17_communes_before_the_reform():
    mong_cai = Unit.objects.get(level__code="district", code="194")
    below = Unit.objects.below(mong_cai)
    assert below.count() == 17
    assert below.active_on(REFORM_DATE.replace(year=2018)).count() == 17
    assert "Phường Hải Hòa" in {u.name for u in below}


def test_moving_a_unit_re_roots_its_descendants():
    province = Unit.objects.get(level__code="province", code="22")
    other = Unit.objects.get(level__code="province", code="04")
    district = Unit.objects.create(
        level=UnitLevel.objects.get(code="district"), code="999", name="Huyện Thử", parent=province
    )
    child = Unit.objects.create(
        level=UnitLevel.objects.get(code="commune"), code="99999", name="Xã Thử", parent=district
    )
    district.parent = other
    district.save()
    child.refresh_from_db()
    assert child.path.startswith(other.path)
    assert child in Unit.objects.subtree(other)
    assert child not in Unit.objects.subtree(province)


def test_tra_linh_is_succeeded_by_trung_khanh_once():
    tra_linh = Unit.objects.get(level__code="district", code="046")
    trung_khanh = Unit.objects.get(level__code="district", code="047")
    assert list(tra_linh.successors.all()) == [trung_khanh]
    lineage = trung_khanh.lineage()
    assert lineage.count(tra_linh) == 1
    assert tra_linh.valid_to.isoformat() == "2020-03-01"


def test_hai_hoa_is_merged_into_a_2025_ward():
    hai_hoa = commune("06742")
    successors = list(hai_hoa.successors.all())
    assert successors and all(s.valid_from == REFORM_DATE for s in successors)


def test_codes_are_zero_padded_strings():
    assert Unit.objects.get(level__code="province", code="04").name == "Tỉnh Cao Bằng"
    assert commune("01447", current=True).name == "Xã Trà Lĩnh"


def test_loading_the_catalogue_twice_changes_nothing():
    before = Unit.objects.count()
    stats = load_legacy()
    assert (stats.created, stats.updated, stats.successions) == (0, 0, 0)
    assert Unit.objects.count() == before


def test_a_bad_catalogue_file_is_refused_whole(tmp_path):
    before = Unit.objects.count()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Mã TP,Tỉnh Thành Phố,Mã QH,Quận Huyện,Mã PX,Phường Xã,Cấp,Hiệu lực từ,Hiệu lực đến\n"
        "22,Tỉnh Quảng Ninh,777,Huyện Mới,77701,Xã Một,Xã,,\n"
        "22,Tỉnh Quảng Ninh,777,Huyện Mới,77704,Xã Hai,Xã,,31/13/2020\n"
        "22,Tỉnh Quảng Ninh,777,Huyện Mới,7A707,Xã Ba,Xã,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as excinfo:
        load_legacy(bad)
    messages = excinfo.value.messages
    assert any("Dòng 3" in m and "Hiệu lực đến" in m for m in messages)
    assert any("Dòng 4" in m and "Mã PX" in m for m in messages)
    assert Unit.objects.count() == before
    assert not Unit.objects.filter(code="777").exists()


def test_parent_must_be_a_higher_level():
    ward = commune("06742")
    ward.parent = commune("01447", current=True)
    with pytest.raises(ValidationError) as excinfo:
        ward.full_clean()
    assert "cấp cao hơn" in str(excinfo.value)


def test_a_unit_cannot_be_placed_below_itself():
    province = Unit.objects.get(level__code="province", code="22")
    province.parent = commune("06742")
    with pytest.raises(ValidationError) as excinfo:
        province.full_clean()
    assert "chính nó hoặc đơn vị cấp dưới" in str(excinfo.value)


def test_the_catalogue_loads_from_an_xlsx_export_too(tmp_path):
    import csv

    from openpyxl import Workbook

    from movement.catalogue import DEFAULT_LEGACY_FILE

    workbook = Workbook()
    sheet = workbook.active
    with DEFAULT_LEGACY_FILE.open(encoding="utf-8") as source:
        for row in csv.reader(source):
            sheet.append(row)
    path = tmp_path / "danh_muc.xlsx"
    workbook.save(path)
    before = Unit.objects.count()
    stats = load_legacy(path)
    assert (stats.created, stats.updated) == (0, 0)
    assert Unit.objects.count() == before
