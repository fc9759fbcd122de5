"""The five demo reports as ``render_report`` drafts them (Trà Lĩnh 2018, Móng Cái 2013–2023, Sơn
Tây 2015–2019, Hải Long 2022, cụm Hải Hòa 2022), read back by machine: sections I–V in order,
the signature never alone on a page, no text run into a neighbouring cell, no 0 where there is
no data, one total everywhere, the circular in force in the report's years, the annex's
reference and its own page numbers; the seed articles' named details; the Word file read back
with python-docx."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from clusters.models import SafetyCluster
from tests.reports.pdfs import (
    SECTION_HEADINGS,
    body_words,
    column_values,
    overlapping_words,
    pages_text,
    section_positions,
    signature_page,
    text,
    text_above,
    words,
)

pytestmark = pytest.mark.django_db

DEMO = {
    "tra_linh": ["--unit", "046", "--year", "2018"],
    "mong_cai": ["--unit", "194", "--year", "2013", "--to-year", "2023"],
    "son_tay": ["--unit", "269", "--year", "2015", "--to-year", "2019"],
    "hai_long": ["--unit", "16252", "--year", "2022"],
}


def render(tmp, name: str, args: list[str], fmt: str = "pdf") -> bytes:
    out = tmp / f"{name}.{fmt}"
    call_command("render_report", *args, "--format", fmt, "--out", str(out), stdout=io.StringIO())
    return out.read_bytes()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("demo")
    with django_db_blocker.unblock():
        cluster = SafetyCluster.objects.get(name="Cụm phường Hải Hòa")
        args = {**DEMO, "hai_hoa": ["--cluster", str(cluster.pk), "--year", "2022"]}
        pdfs = {name: render(tmp, name, a) for name, a in args.items()}
        pdfs["mong_cai.docx"] = render(tmp, "mong_cai", DEMO["mong_cai"], "docx")
    return pdfs


REPORTS = ["tra_linh", "mong_cai", "son_tay", "hai_long", "hai_hoa"]


@pytest.mark.parametrize("name", REPORTS)
def test_sections_one_to_five_are_present_and_in_order(demo, name):
    positions = section_positions(demo[name])
    assert -1 not in positions, dict(zip(SECTION_HEADINGS, positions, strict=True))
    assert positions == sorted(positions)
    body = text(demo[name])
    assert body.find("Nơi nhận:") > positions[-1]
    # Sections III–V are drafted from the data, not left empty.
    assert "(Chưa có nội dung)" not in body
    assert "1. Ưu điểm" in body and "2. Hạn chế" in body


@pytest.mark.parametrize("name", REPORTS)
def test_the_signature_keeps_with_the_last_paragraph(demo, name):
    _, found = words(demo[name])
    page, top = signature_page(found)
    assert len(text_above(found, page, top)) >= 5, f"signature alone on page {page}"


@pytest.mark.parametrize("name", REPORTS)
def test_no_text_runs_into_the_next_cell(demo, name):
    _, found = words(demo[name])
    assert overlapping_words(found) == []


@pytest.mark.parametrize("name", REPORTS)
def test_a_draft_says_so_on_every_page_and_names_the_signer(demo, name):
    pages = pages_text(demo[name])
    # The scaffold's "[…]" of III (nguyên nhân, bài học) is still to be written by the chief.
    assert all("DỰ THẢO" in page for page in pages)
    assert "[Ban Chỉ đạo bổ sung]" in text(demo[name])


def test_signing_authority_prefills_the_signature(demo):
    assert "KT. TRƯỞNG BAN PHÓ TRƯỞNG BAN THƯỜNG TRỰC" in text(demo["mong_cai"])
    assert "Lê Hồng Vân" in text(demo["mong_cai"])
    tra_linh = text(demo["tra_linh"])
    assert "TM. BAN CHỈ ĐẠO TRƯỞNG BAN" in tra_linh and "Nguyễn Văn A" in tra_linh


def test_the_circular_is_the_one_in_force_in_the_report_year(demo):
    tra_linh = text(demo["tra_linh"])
    assert "theo Thông tư 23/2012/TT-BCA" in tra_linh
    assert "124/2021" not in tra_linh


def test_years_without_data_print_a_dash_not_zero(demo):
    pages, found = words(demo["mong_cai"])
    body = text(demo["mong_cai"])
    assert "Năm 2002 - 2012, 2023 không có báo cáo năm được duyệt" in body
    assert "Năm 2023 chưa có báo cáo năm được duyệt" in body  # section I says so
    # Biểu 1: the column of 2002–2012 and the change are dashes, never 0.
    biểu1 = next(p for p in pages if any(w.page == p.number and w.text == "Biểu" for w in found))
    previous = [w for w in body_words(found) if w.page == biểu1.number and w.text in ("0", "0,0")]
    assert previous == []
    # Biểu 2: the column of 2023 holds dashes only, on every page of the table.
    landscape = [p.number for p in pages if p.width > p.height]
    checked = 0
    for page in landscape:
        if any(w.page == page and w.text == "2023" for w in found):
            values = column_values(found, page, "2023", below=200)
            assert values and set(values) == {"–"}, values
            checked += 1
    assert checked
    # The trend chart has no point for 2023.
    assert "Diễn biến qua các năm có số liệu, 2013 - 2022" in body


def test_the_units_table_totals_equal_the_summary_table(demo):
    body = text(demo["mong_cai"])
    # The city police's 642 tips are reported at the city's own level: a row of their own.
    assert re.search(r"Cấp thành phố \(báo cáo chung của thành phố\)[^T]*642", body)
    assert re.search(r"Tổng cộng[\s\d.–]*642", body)
    son_tay = text(demo["son_tay"])
    # Sơn Tây's 10 models: 9 in the communes and the town's own (Bệnh viện Quân y 105).
    assert "10 mô hình" in son_tay
    total = re.search(r"Tổng cộng ((?:[\d.]+|–) ){5}([\d.]+|–)", son_tay)
    assert total and total[2] == "10", total and total[0]


def test_the_annex_cites_the_report_in_full_and_is_numbered_apart(demo):
    body = text(demo["tra_linh"])
    assert re.search(
        r"\(Kèm theo Báo cáo số\s+/BC-BCĐ ngày\s+/\s+/2019 của Ban Chỉ đạo 138 huyện Trà Lĩnh\)",
        body,
    )
    pages, found = words(demo["mong_cai"])
    annex = next(w.page for w in found if w.text == "PHỤ" and w.y0 < 150)
    numbers = {w.page: w.text for w in found if w.y1 <= 20 * 72 / 25.4 and w.text.isdigit()}
    assert annex not in numbers and numbers.get(annex + 1) == "2"
    assert numbers.get(annex - 1) == str(annex - 1)


def test_recipients_name_the_party_committee_by_kind_and_the_cluster_header(demo):
    assert "Thường trực Thành ủy, HĐND, UBND thành phố Móng Cái" in text(demo["mong_cai"])
    assert "Thường trực Huyện ủy, HĐND, UBND huyện Trà Lĩnh" in text(demo["tra_linh"])
    assert "Thường trực Thị ủy, HĐND, UBND thị xã Sơn Tây" in text(demo["son_tay"])
    assert "Thường trực Đảng ủy, HĐND, UBND xã Hải Long" in text(demo["hai_long"])
    hai_hoa = text(demo["hai_hoa"])
    body = "BAN CHỈ ĐẠO XÂY DỰNG CỤM ĐỊA BÀN AN TOÀN - ĐƠN VỊ AN TOÀN THÀNH PHỐ MÓNG CÁI"
    assert body in hai_hoa
    assert (
        "Ban Chỉ đạo xây dựng cụm địa bàn an toàn - đơn vị an toàn thành phố Móng Cái (để báo cáo)"
        in hai_hoa
    )


SEED_DETAILS = {
    "mong_cai": [
        "diện tích tự nhiên 518 km²",
        "100 thôn, khu phố",
        "dân số trên 110.000 người",
        "17 đơn vị hành chính cấp xã",
        "121 cuộc",
        "15.126 lượt người nghe",
        "8.050 tờ rơi",
        "1.500 tệp tài liệu",
        "101 khu dân cư",
        "95,6% hộ gia đình",
        "557 vụ phạm pháp hình sự, trong đó có 72 vụ trọng án",
        "861 người nước ngoài",
        "132 đối tượng",
        "128 đối tượng truy nã người Trung Quốc",
        "116.789 trường hợp",
        "775 trường hợp",
        "thu giữ 2.239,5 kg pháo các loại",
        "khởi tố 19 vụ, 20 bị can",
        "khởi tố 35 vụ, 29 bị can",
        "25 mô hình và 10 điển hình tiên tiến",
        "“Tuyến đường ánh sáng an ninh an toàn”",
        "mô hình camera an ninh ở phường Trần Phú",
        "170 Ngày hội",
        "16.150 lượt người",
        "126 tổ, nhóm tự quản",
        "100 tổ nhân dân tự quản ANTT",
        "do cựu chiến binh làm nòng cốt, ở 17/17 xã, phường",
        "06 cụm địa bàn an toàn - đơn vị an toàn với 42 đơn vị thành viên",
        "09 đơn vị quân đội (06 đồn biên phòng, Lâm trường 27, Lâm trường 42 và Đại đội đảo "
        "Vĩnh Thực)",
        "106 lượt cán bộ, chiến sĩ",
        "Lê Hồng Vân",
    ],
    "tra_linh": [
        "tuyên truyền 38 cuộc tại các xã, thị trấn với 1.546 lượt người nghe",
        "156 đợt tuyên truyền tại các thôn, xóm, tổ dân phố với 5.558 lượt người nghe",
        "312 tin liên quan đến an ninh, trật tự, trong đó có 270 tin có giá trị",
        "nhân dân đã tự giác giao nộp 01 khẩu súng hơi cồn tự chế và 06 súng đạn cay",
        "10/10 xã, thị trấn đăng ký",
        "10 Hội đồng ANTT tại 10 xã, thị trấn",
        "123 tổ an ninh tự quản",
        "123 xóm, tổ dân phố",
        "“Liên gia tự quản xóm Lũng Tung” ở xã Xuân Nội",
        "“Xã không có ma túy” ở các xã Cô Mười, Quang Vinh và Lưu Ngọc",
    ],
    "son_tay": [
        "3.421 lượt đối tượng",
        "hòa giải 79 vụ",
        "423 tin",
        "khám phá 45 vụ",
        "bắt giữ 58 đối tượng",
        "05 đối tượng truy nã",
        "21 người tái hòa nhập",
        "35.000 tờ rơi",
        "592 lượt cán bộ hội viên phụ nữ",
        "638 lượt hội viên cựu chiến binh",
        "163 ",
        "15 chuyên đề",
        "10 mô hình",
        "Bệnh viện Quân y 105",
    ],
    "hai_long": [
        "Ngày 15/8/2022, Ban Chỉ đạo 138 xã Hải Long tổ chức Ngày hội",
        "Đại tá Lê Như Lập, Phó Giám đốc Công an tỉnh",
        "32 tổ an ninh xã hội (ANXH), 09 tổ bảo vệ ANTT thôn",
        "“Dòng họ Lục tự quản” ở thôn Vĩnh Lợi",
        "“Tổ an ninh công nhân” ở nhà máy giày Akalia Việt Nam",
        "02 tập thể và 04 cá nhân được UBND tỉnh, Giám đốc Công an tỉnh, UBND huyện tặng "
        "Bằng khen, Giấy khen",
        "02 Bằng khen và 04 Giấy khen",
    ],
    "hai_hoa": [
        "Cụm phường Hải Hòa gồm 03",
        "Đồn Biên phòng Trà Cổ",
    ],
}


@pytest.mark.parametrize("name", REPORTS)
def test_the_seed_articles_named_details_are_in_the_report(demo, name):
    body = text(demo[name])
    missing = [detail for detail in SEED_DETAILS[name] if detail not in body]
    assert missing == []


def test_prose_has_no_placeholder_names_own_place_or_lowest_award_first(demo):
    mong_cai = text(demo["mong_cai"])
    assert "số 1 ở" not in mong_cai and "Mô hình tự quản về ANTT số" not in mong_cai
    hai_long = text(demo["hai_long"])
    assert "ở xã Hải Long" not in hai_long
    assert "Giấy khen: 04; Bằng khen: 02" not in hai_long
    # The span is named in full once; later subsections open differently.
    assert mong_cai.count("Trong giai đoạn 2013 - 2023,") == 1


def test_the_word_file_reads_back_with_the_same_document(demo):
    document = Document(io.BytesIO(demo["mong_cai.docx"]))
    first = document.sections[0]

    def mm(length) -> float:
        return round(length / Mm(1), 1)  # Word stores twips: 210 mm reads back as 210,01

    assert (mm(first.page_width), mm(first.page_height)) == (210, 297)
    assert (mm(first.top_margin), mm(first.bottom_margin)) == (20, 20)
    assert (mm(first.left_margin), mm(first.right_margin)) == (30, 15)
    assert first.different_first_page_header_footer  # page numbers from page 2
    assert "PAGE" in first.header.paragraphs[0]._p.xml
    assert "DỰ THẢO" in first.header._element.xml
    # The annex starts a section of its own, numbered from 1, then the landscape tables.
    annex, wide = document.sections[1], document.sections[2]
    assert 'w:start="1"' in annex._sectPr.xml and "pgNumType" not in wide._sectPr.xml
    assert wide.page_width > wide.page_height
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    rfonts = normal.element.rPr.rFonts
    slots = {rfonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "cs", "eastAsia")}
    assert slots == {"Times New Roman"}
    runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    assert {r.font.name for r in runs} <= {None, "Times New Roman"}  # None: the style's font
    assert len([r for r in runs if r.font.size is None]) > len(runs) / 2  # running text, 14 pt
    header = document.tables[0]
    left, right = (cell.text for cell in header.rows[0].cells)
    assert "UBND THÀNH PHỐ MÓNG CÁI" in left and "BAN CHỈ ĐẠO 138" in left and "Số:" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    paragraphs = [p.text for p in document.paragraphs]
    positions = [paragraphs.index(h) for h in SECTION_HEADINGS]
    assert positions == sorted(positions)
    bold = [p.text for p in document.paragraphs if p.runs and p.runs[0].bold]
    assert "1. Ưu điểm" in bold  # the markup's sub-heading is bold, not "**1. Ưu điểm**"
    everything = "\n".join(paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "**" not in everything and "<" not in everything
    signature = document.tables[1].rows[0].cells
    assert "Nơi nhận:" in signature[0].text and "Lê Hồng Vân" in signature[1].text
    # Biểu 1, the per-year table and the units table, with the same figures as the PDF.
    titles = [p for p in paragraphs if p.startswith("Biểu ")]
    assert [t.split(".")[0] for t in titles] == ["Biểu 1", "Biểu 2", "Biểu 3", "Biểu đồ"]
    assert len(document.inline_shapes) == len(re.findall(r"Hình \d\. ", text(demo["mong_cai"])))
    pdf = text(demo["mong_cai"])
    for figure in ["557", "72", "16.150", "48.126.500.000", "2.239,5", "642"]:
        assert figure in everything and figure in pdf, figure
    units = document.tables[-1]
    assert units.rows[-1].cells[1].text == "Tổng cộng"
    assert "642" in [c.text for c in units.rows[-1].cells]
