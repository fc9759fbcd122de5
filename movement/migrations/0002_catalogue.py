"""Seed the levels of the hierarchy, the national root and the starting indicator catalogue (DESIGN §3)."""

from django.db import migrations

LEVELS = [
    ("country", "Toàn quốc", 0),
    ("province", "Tỉnh, thành phố trực thuộc trung ương", 1),
    ("district", "Huyện, thị xã, thành phố thuộc tỉnh", 2),
    ("commune", "Xã, phường, thị trấn, đặc khu", 3),
    ("residential", "Khu dân cư (thôn, xóm, bản, tổ dân phố, khu phố)", 4),
]

# code, name, section, unit label, aggregation, source, computation, decimals, max value
INDICATORS = [
    ("leadership_documents", "Văn bản lãnh đạo, chỉ đạo được ban hành", "leadership", "văn bản", "sum", "entered", "", 0, None),
    ("security_councils", "Hội đồng ANTT được duy trì", "leadership", "hội đồng", "last", "entered", "", 0, None),
    ("propaganda_sessions", "Số cuộc tuyên truyền", "propaganda", "cuộc", "sum", "computed", "propaganda.sessions", 0, None),
    ("propaganda_attendees", "Lượt người nghe tuyên truyền", "propaganda", "lượt người", "sum", "computed", "propaganda.attendees", 0, None),
    ("propaganda_sessions_commune", "Cuộc tuyên truyền tại xã, thị trấn", "propaganda", "cuộc", "sum", "computed", "propaganda.sessions_commune", 0, None),
    ("propaganda_attendees_commune", "Lượt người nghe tại xã, thị trấn", "propaganda", "lượt người", "sum", "computed", "propaganda.attendees_commune", 0, None),
    ("propaganda_sessions_residential", "Đợt tuyên truyền tại thôn, xóm, tổ dân phố", "propaganda", "đợt", "sum", "computed", "propaganda.sessions_residential", 0, None),
    ("propaganda_attendees_residential", "Lượt người nghe tại thôn, xóm, tổ dân phố", "propaganda", "lượt người", "sum", "computed", "propaganda.attendees_residential", 0, None),
    ("propaganda_leaflets", "Tờ rơi tuyên truyền đã phát", "propaganda", "tờ", "sum", "computed", "propaganda.leaflets", 0, None),
    ("propaganda_documents", "Tài liệu tuyên truyền đã cấp phát", "propaganda", "tệp", "sum", "computed", "propaganda.documents", 0, None),
    ("propaganda_loudspeaker", "Lượt tuyên truyền trên loa truyền thanh", "propaganda", "lượt", "sum", "computed", "propaganda.loudspeaker", 0, None),
    ("residential_areas_reached", "Khu dân cư được cấp phát tài liệu tuyên truyền", "propaganda", "khu dân cư", "last", "entered", "", 0, None),
    ("households_committed", "Hộ gia đình ký cam kết", "propaganda", "hộ", "sum", "entered", "", 0, None),
    ("households_committed_share", "Tỷ lệ hộ gia đình ký cam kết", "propaganda", "%", "last", "entered", "", 1, 100),
    ("thematic_programmes", "Chuyên đề về phong trào được triển khai", "propaganda", "chuyên đề", "sum", "entered", "", 0, None),
    ("tips_received", "Tin quần chúng cung cấp", "crime", "tin", "sum", "entered", "", 0, None),
    ("tips_valuable", "Tin có giá trị", "crime", "tin", "sum", "entered", "", 0, None),
    ("cases_solved", "Vụ phạm pháp hình sự được điều tra, khám phá", "crime", "vụ", "sum", "entered", "", 0, None),
    ("cases_serious", "Vụ trọng án được khám phá", "crime", "vụ", "sum", "entered", "", 0, None),
    ("persons_arrested", "Đối tượng bị bắt giữ", "crime", "đối tượng", "sum", "entered", "", 0, None),
    ("wanted_caught", "Đối tượng truy nã bị bắt", "crime", "đối tượng", "sum", "entered", "", 0, None),
    ("foreigners_immigration", "Người nước ngoài vi phạm quy định xuất nhập cảnh bị phát hiện, bắt giữ", "crime", "người", "sum", "entered", "", 0, None),
    ("immigration_fines", "Tiền phạt vi phạm xuất nhập cảnh", "crime", "đồng", "sum", "entered", "", 0, None),
    ("handed_over_abroad", "Đối tượng bàn giao cho phía nước ngoài xử lý", "crime", "đối tượng", "sum", "entered", "", 0, None),
    ("traffic_violations", "Trường hợp vi phạm TTATGT bị xử lý", "crime", "trường hợp", "sum", "entered", "", 0, None),
    ("traffic_fines", "Tiền phạt vi phạm TTATGT", "crime", "đồng", "sum", "entered", "", 0, None),
    ("admin_violations", "Trường hợp vi phạm hành chính về TTXH bị xử lý", "crime", "trường hợp", "sum", "entered", "", 0, None),
    ("admin_fines", "Tiền phạt vi phạm hành chính về TTXH", "crime", "đồng", "sum", "entered", "", 0, None),
    ("weapon_cases", "Vụ tàng trữ, vận chuyển vũ khí quân dụng bị khởi tố", "crime", "vụ", "sum", "entered", "", 0, None),
    ("weapon_suspects", "Bị can tàng trữ, vận chuyển vũ khí quân dụng", "crime", "đối tượng", "sum", "entered", "", 0, None),
    ("firecracker_cases", "Vụ mua bán, vận chuyển, tàng trữ pháo trái phép bị khởi tố", "crime", "vụ", "sum", "entered", "", 0, None),
    ("firecracker_suspects", "Bị can mua bán, vận chuyển, tàng trữ pháo trái phép", "crime", "đối tượng", "sum", "entered", "", 0, None),
    ("weapons_surrendered", "Vũ khí được thu hồi, giao nộp", "crime", "khẩu", "sum", "entered", "", 0, None),
    ("explosives_surrendered", "Vật liệu nổ được thu hồi, giao nộp", "crime", "kg", "sum", "entered", "", 1, None),
    ("support_tools_surrendered", "Công cụ hỗ trợ được thu hồi, giao nộp", "crime", "chiếc", "sum", "entered", "", 0, None),
    ("firecrackers_seized", "Pháo các loại thu giữ, giao nộp", "crime", "kg", "sum", "entered", "", 1, None),
    ("disputes_mediated", "Vụ mâu thuẫn được hòa giải", "crime", "vụ", "sum", "entered", "", 0, None),
    ("persons_educated", "Lượt người được cảm hóa, giáo dục tại gia đình, cộng đồng", "crime", "lượt", "sum", "entered", "", 0, None),
    ("persons_reintegrated", "Người được giúp đỡ tái hòa nhập cộng đồng", "crime", "người", "sum", "entered", "", 0, None),
    ("persons_trained", "Lượt người được tập huấn", "crime", "lượt", "sum", "entered", "", 0, None),
    ("groups_active", "Tổ tự quản đang hoạt động", "self_management", "tổ", "last", "computed", "group.active", 0, None),
    ("group_members", "Thành viên tổ tự quản", "self_management", "người", "last", "computed", "group.members", 0, None),
    ("models_built", "Mô hình được xây dựng", "models", "mô hình", "sum", "computed", "model.models", 0, None),
    ("exemplars_recognised", "Điển hình tiên tiến", "models", "điển hình", "sum", "computed", "model.exemplars", 0, None),
    ("cluster_activity_participants", "Lượt người tham gia hoạt động của cụm", "clusters", "lượt", "sum", "computed", "cluster_activity.participants", 0, None),
    ("residential_registered", "Khu dân cư đăng ký “An toàn về ANTT”", "safety", "khu dân cư", "sum", "computed", "recognition.residential.registered", 0, None),
    ("residential_recognised", "Khu dân cư được công nhận “An toàn về ANTT”", "safety", "khu dân cư", "sum", "computed", "recognition.residential.recognised", 0, None),
    ("communes_registered", "Xã, phường, thị trấn đăng ký “An toàn về ANTT”", "safety", "xã", "sum", "computed", "recognition.commune.registered", 0, None),
    ("communes_recognised", "Xã, phường, thị trấn được công nhận “An toàn về ANTT”", "safety", "xã", "sum", "computed", "recognition.commune.recognised", 0, None),
    ("agencies_registered", "Cơ quan đăng ký “An toàn về ANTT”", "safety", "cơ quan", "sum", "computed", "recognition.agency.registered", 0, None),
    ("agencies_recognised", "Cơ quan được công nhận “An toàn về ANTT”", "safety", "cơ quan", "sum", "computed", "recognition.agency.recognised", 0, None),
    ("enterprises_registered", "Doanh nghiệp đăng ký “An toàn về ANTT”", "safety", "doanh nghiệp", "sum", "computed", "recognition.enterprise.registered", 0, None),
    ("enterprises_recognised", "Doanh nghiệp được công nhận “An toàn về ANTT”", "safety", "doanh nghiệp", "sum", "computed", "recognition.enterprise.recognised", 0, None),
    ("schools_registered", "Cơ sở giáo dục đăng ký “An toàn về ANTT”", "safety", "cơ sở", "sum", "computed", "recognition.school.registered", 0, None),
    ("schools_recognised", "Cơ sở giáo dục được công nhận “An toàn về ANTT”", "safety", "cơ sở", "sum", "computed", "recognition.school.recognised", 0, None),
    ("festivals_held", "Ngày hội toàn dân bảo vệ ANTQ được tổ chức", "festivals", "ngày hội", "sum", "computed", "festival.count", 0, None),
    ("festival_participants", "Lượt người tham gia ngày hội", "festivals", "lượt người", "sum", "computed", "festival.participants", 0, None),
    ("collectives_commended", "Tập thể được khen thưởng", "commendations", "tập thể", "sum", "computed", "commendation.collective", 0, None),
    ("individuals_commended", "Cá nhân được khen thưởng", "commendations", "cá nhân", "sum", "computed", "commendation.individual", 0, None),
]

RULES = [
    ("tips_valuable", "lte", "tips_received", "Số tin có giá trị không được lớn hơn số tin quần chúng cung cấp."),
    ("cases_serious", "lte", "cases_solved", "Số vụ trọng án không được lớn hơn số vụ phạm pháp hình sự được khám phá."),
    ("weapon_suspects", "gte", "weapon_cases", "Số bị can tàng trữ vũ khí không được nhỏ hơn số vụ đã khởi tố."),
]


def forwards(apps, schema_editor):
    UnitLevel = apps.get_model("movement", "UnitLevel")
    Unit = apps.get_model("movement", "Unit")
    Indicator = apps.get_model("movement", "Indicator")
    ValidationRule = apps.get_model("movement", "ValidationRule")
    levels = {}
    for code, name, rank in LEVELS:
        levels[code], _ = UnitLevel.objects.update_or_create(code=code, defaults={"name": name, "rank": rank})
    root, _ = Unit.objects.get_or_create(
        level=levels["country"], code="VN", defaults={"name": "Việt Nam", "kind": "Quốc gia", "search_text": "vn viet nam quoc gia"}
    )
    if not root.path:
        Unit.objects.filter(pk=root.pk).update(path=str(root.pk).zfill(8))
    for order, (code, name, section, label, aggregation, source, computation, places, max_value) in enumerate(INDICATORS, start=1):
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "section": section,
                "unit_label": label,
                "aggregation": aggregation,
                "source": source,
                "computation": computation,
                "decimal_places": places,
                "max_value": max_value,
                "order": order * 10,
            },
        )
    by_code = {i.code: i for i in Indicator.objects.all()}
    for left, op, right, message in RULES:
        ValidationRule.objects.get_or_create(left=by_code[left], right=by_code[right], defaults={"operator": op, "message": message})


def backwards(apps, schema_editor):
    apps.get_model("movement", "ValidationRule").objects.filter(left__code__in=[r[0] for r in RULES]).delete()
    apps.get_model("movement", "Indicator").objects.filter(code__in=[i[0] for i in INDICATORS]).delete()
    apps.get_model("movement", "Unit").objects.filter(code="VN", level__code="country").delete()
    apps.get_model("movement", "UnitLevel").objects.filter(code__in=[lv[0] for lv in LEVELS]).delete()


class Migration(migrations.Migration):
    dependencies = [("movement", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
