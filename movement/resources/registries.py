"""Resources of the movement's registries (DESIGN §3): units, groups, models, festivals..."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from movement.imports import cells
from movement.models import (
    Commendation,
    CoreForce,
    FestivalEvent,
    GroupMember,
    MovementModel,
    PropagandaSession,
    SafetyRecognition,
    SelfManagementGroup,
    Unit,
    UnitLevel,
)
from movement.resources.base import (
    ScopedResource,
    choice_col,
    column_col,
    count_col,
    day_col,
    flag_col,
    long_text_col,
    related_lookup,
    text_col,
    unit_col,
    year_col,
)
from movement.resources.widgets import RelatedWidget, TextWidget, UnitListWidget
from movement.text import fold

UNIT_HELP = (
    "Mã đơn vị (06742) hoặc tên (phường Hải Hòa, Hai Hoa — có dấu hay không dấu), "
    "chỉ trong phạm vi đơn vị của bạn; khi tên trùng, ghi kèm mã: «Phường Hải Hòa (06742)»."
)
DATE_HELP = "Ngày theo dạng ngày/tháng/năm (15/08/2022) hoặc ô ngày của Excel."


class LevelWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        raw = fold(cells.line(value))
        if not raw:
            return None
        for level in UnitLevel.objects.all():
            if raw in (fold(level.code), fold(level.name)):
                return level
        names = "; ".join(f"«{lv.code}»" for lv in UnitLevel.objects.all())
        raise ValueError(f"Cấp «{cells.line(value)}» không có. Chọn một trong: {names}.")

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class UnitResource(ScopedResource):
    key = "units"
    title = "Đơn vị hành chính"
    required = ("name", "level")
    help = {
        "code": "Mã hành chính chính thức, giữ số 0 ở đầu (tỉnh 2 số, xã 5 số); để trống với khu dân cư.",
        "name": "Tên đầy đủ, ví dụ «Phường Hải Hòa», «Khu 5».",
        "kind": "Xã, Phường, Thị trấn, Đặc khu, Thôn, Tổ dân phố...",
        "level": "Mã cấp: country, province, district, commune, residential.",
        "parent": "Đơn vị cấp trên (mã hoặc tên), phải thuộc phạm vi của bạn. " + UNIT_HELP,
        "valid_from": "Ngày bắt đầu hiệu lực (để trống nếu không rõ). " + DATE_HELP,
        "valid_to": "Ngày thôi hiệu lực (không tính ngày này). " + DATE_HELP,
    }

    code = text_col("code", "Mã", 20)
    name = text_col("name", "Tên đơn vị", 150)
    kind = text_col("kind", "Loại", 40)
    level = column_col("level", "Cấp", LevelWidget())
    parent = unit_col("parent", "Đơn vị cấp trên")
    valid_from = day_col("valid_from", "Hiệu lực từ")
    valid_to = day_col("valid_to", "Hiệu lực đến")

    class Meta:
        model = Unit
        fields = ("code", "name", "kind", "level", "parent", "valid_from", "valid_to")
        import_id_fields = ("name", "level")
        clean_model_instances = True
        skip_diff = True  # ScopedResource keeps what a row may change: unchanged rows skipped

    def row_when(self, row):
        # A unit's parent is named as the tree holds it, not by the unit's own dates.
        return None

    def export_queryset(self):
        qs = Unit.objects.select_related("level", "parent").order_by("path")
        if self.user is None or self.user.is_superuser:
            return qs
        return qs.for_user(self.user).exclude(pk=self.user.unit_id)

    def get_instance(self, instance_loader, row):
        try:
            code = self.fields["code"].clean(row) if "Mã" in row else ""
            level = self.fields["level"].clean(row)
            valid_from = self.fields["valid_from"].clean(row) if "Hiệu lực từ" in row else None
            parent = self.fields["parent"].clean(row) if "Đơn vị cấp trên" in row else None
            name = self.fields["name"].clean(row)
        except (ValueError, KeyError):
            return None
        qs = self.get_queryset()
        if code:
            qs = qs.filter(level=level, code=code, valid_from=valid_from)
        else:
            qs = qs.filter(level=level, code="", parent=parent, name=name)
        return qs.first()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if not instance.code:
            # Khu dân cư have no official code: a blank «Mã» is allowed for them only.
            errors = dict(import_validation_errors or {})
            try:
                instance.full_clean(exclude=[*errors, "code"], validate_unique=validate_unique)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
            if instance.level_id and instance.level.code != "residential":
                errors.setdefault("code", []).append(
                    ValidationError("Chỉ khu dân cư mới được để trống «Mã».")
                )
            if errors:
                raise ValidationError(errors)
            return
        super().validate_instance(instance, import_validation_errors, validate_unique)

    def before_save_instance(self, instance, row, **kwargs):
        user = self.user
        if not user.is_superuser:
            own = user.unit
            if instance.pk == getattr(own, "pk", None):
                raise ValidationError("Không được sửa đơn vị của chính mình bằng tệp nhập.")
            if instance.parent is None:
                raise ValidationError(
                    {
                        "parent": "Đơn vị mới phải nằm dưới đơn vị của bạn: hãy ghi «Đơn vị cấp trên»."
                    }
                )
        super().before_save_instance(instance, row, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        # Units created by this file may be named as parents further down.
        self.resolver.forget_misses()


class SelfManagementGroupResource(ScopedResource):
    key = "groups"
    title = "Tổ tự quản"
    natural_key = ("unit", "name")
    required = ("unit", "name", "kind")
    help = {
        "unit": UNIT_HELP,
        "name": "Tên tổ; cùng đơn vị và cùng tên là cùng một tổ (dòng sau cập nhật tổ đã có).",
        "kind": "Chọn trong danh sách.",
        "residential_areas": "Các khu dân cư tổ phụ trách, cách nhau bởi dấu «;».",
        "founded_on": DATE_HELP,
        "dissolved_on": DATE_HELP,
        "member_count": "Số nguyên không âm; 1.546 và 1546 đều được.",
        "core_force": "Chọn trong danh sách (có thể để trống).",
    }

    unit = unit_col("unit", "Đơn vị")
    name = text_col("name", "Tên tổ", 200)
    kind = choice_col("kind", "Loại tổ", SelfManagementGroup.Kind.choices)
    residential_areas = column_col("residential_areas", "Khu dân cư phụ trách", UnitListWidget())
    founded_on = day_col("founded_on", "Ngày thành lập")
    dissolved_on = day_col("dissolved_on", "Ngày giải thể")
    member_count = count_col("member_count", "Số thành viên")
    core_force = choice_col("core_force", "Lực lượng nòng cốt", CoreForce.choices)
    note = long_text_col("note", "Ghi chú")

    class Meta:
        model = SelfManagementGroup
        fields = (
            "unit",
            "name",
            "kind",
            "residential_areas",
            "founded_on",
            "dissolved_on",
            "member_count",
            "core_force",
            "note",
        )
        import_id_fields = ("unit", "name")
        clean_model_instances = True
        skip_diff = True  # ScopedResource keeps what a row may change: unchanged rows skipped

    def export_queryset(self):
        return (
            self.get_queryset()
            .select_related("unit__parent")
            .prefetch_related("residential_areas__parent")
            .order_by("unit__path", "name", "pk")
        )


def _group_lookup():
    return related_lookup(SelfManagementGroup, "Đơn vị", "unit", "name", cells.line)


class GroupMemberResource(ScopedResource):
    key = "group_members"
    title = "Thành viên tổ tự quản"
    natural_key = ("group", "full_name")
    required = ("unit", "group", "full_name")
    help = {
        "unit": "Đơn vị của tổ. " + UNIT_HELP,
        "group": "Tên tổ (đã có trong danh sách tổ tự quản của đơn vị).",
        "role": "Tổ trưởng, Tổ phó hoặc Tổ viên.",
        "birth_year": "Năm sinh, 4 chữ số.",
        "joined_on": DATE_HELP,
        "left_on": DATE_HELP,
    }

    unit = unit_col("group__unit", "Đơn vị", readonly=True)
    group = column_col("group", "Tên tổ", RelatedWidget(_group_lookup(), lambda g: g.name))
    full_name = text_col("full_name", "Họ và tên", 150)
    role = choice_col("role", "Chức danh", GroupMember.Role.choices)
    birth_year = year_col("birth_year", "Năm sinh")
    phone = text_col("phone", "Điện thoại", 20)
    core_force = choice_col("core_force", "Thành phần", CoreForce.choices)
    joined_on = day_col("joined_on", "Ngày tham gia")
    left_on = day_col("left_on", "Ngày thôi tham gia")

    class Meta:
        model = GroupMember
        fields = (
            "unit",
            "group",
            "full_name",
            "role",
            "birth_year",
            "phone",
            "core_force",
            "joined_on",
            "left_on",
        )
        import_id_fields = ("group", "full_name")
        clean_model_instances = True
        skip_diff = True  # ScopedResource keeps what a row may change: unchanged rows skipped
        use_bulk = True  # new and changed rows written in bulk, with their history

    def export_queryset(self):
        return (
            self.get_queryset()
            .select_related("group__unit__parent")
            .order_by("group__unit__path", "group__name", "full_name", "pk")
        )


class MovementModelResource(ScopedResource):
    key = "models"
    title = "Mô hình, điển hình"
    natural_key = ("unit", "name")
    required = ("unit", "name", "year_recognised")
    help = {
        "unit": UNIT_HELP,
        "name": "Tên mô hình hoặc điển hình; cùng đơn vị và cùng tên là cùng một bản ghi.",
        "kind": "Mô hình hoặc Điển hình tiên tiến.",
        "year_recognised": "Năm công nhận, 4 chữ số.",
        "status": "Đang hoạt động hoặc Ngừng hoạt động.",
        "group": "Tên tổ tự quản của cùng đơn vị (có thể để trống).",
    }

    unit = unit_col("unit", "Đơn vị")
    name = text_col("name", "Tên mô hình", 255)
    kind = choice_col("kind", "Loại", MovementModel.Kind.choices)
    field = text_col("field", "Lĩnh vực", 150)
    year_recognised = year_col("year_recognised", "Năm công nhận")
    status = choice_col("status", "Tình trạng", MovementModel.Status.choices)
    group = column_col(
        "group", "Tổ tự quản gắn với mô hình", RelatedWidget(_group_lookup(), lambda g: g.name)
    )
    description = long_text_col("description", "Mô tả")
    note = long_text_col("note", "Ghi chú")

    class Meta:
        model = MovementModel
        fields = (
            "unit",
            "name",
            "kind",
            "field",
            "year_recognised",
            "status",
            "group",
            "description",
            "note",
        )
        import_id_fields = ("unit", "name")
        clean_model_instances = True
        skip_diff = True  # ScopedResource keeps what a row may change: unchanged rows skipped
        use_bulk = True  # new and changed rows written in bulk, with their history

    def export_queryset(self):
        return (
            self.get_queryset()
            .select_related("unit__parent", "group")
            .order_by("unit__path", "year_recognised", "name", "pk")
        )


class FestivalEventResource(ScopedResource):
    key = "festivals"
    title = "Ngày hội toàn dân bảo vệ ANTQ"
    natural_key = ("unit", "held_on", "event_title")
    required = ("unit", "held_on")
    help = {
        "unit": UNIT_HELP,
        "held_on": DATE_HELP,
        "event_title": "Để trống: «Ngày hội toàn dân bảo vệ an ninh Tổ quốc».",
        "participants": "Số nguyên không âm; 1.546 và 1546 đều được.",
        "gift_count": "Số nguyên không âm.",
    }

    unit = unit_col("unit", "Đơn vị")
    held_on = day_col("held_on", "Ngày tổ chức")
    # Not ``title``: that is the resource's own name (the sheet's title, the template's).
    event_title = column_col("title", "Tên ngày hội", TextWidget(max_length=255))
    place = text_col("place", "Địa điểm", 255)
    participants = count_col("participants", "Số người tham dự")
    guests = long_text_col("guests", "Khách mời")
    gift_count = count_col("gift_count", "Số suất quà")
    programme = long_text_col("programme", "Chương trình")
    note = long_text_col("note", "Ghi chú")

    class Meta:
        model = FestivalEvent
        fields = (
            "unit",
            "held_on",
            "event_title",
            "place",
            "participants",
            "guests",
            "gift_count",
            "programme",
            "note",
        )
        import_id_fields = ("unit", "held_on")
        clean_model_instances = True
        skip_diff = True  # ScopedResource keeps what a row may change: unchanged rows skipped
        use_bulk = True  # new and changed rows written in bulk, with their history

    def export_queryset(self):
        return (
            self.get_queryset()
            .select_related("unit__parent")
            .order_by("unit__path", "held_on", "pk")
        )

    def before_import_row(self, row, **kwargs):
        if "Tên ngày hội" in row and cells.is_blank(row["Tên ngày hội"]):
            row["Tên ngày hội"] = FestivalEvent._meta.get_field("title").default


def _festival_lookup():
    return related_lookup(FestivalEvent, "Đơn vị", "unit", "held_on", cells.date)


class CommendationResource(ScopedResource):
    key = "commendations"
    title = "Khen thưởng"
    natural_key = ("unit", "recipient_name", "form", "decision_number", "decision_date")
    required = ("unit", "recipient_kind", "recipient_name", "form", "authority")
    help = {
        "unit": UNIT_HELP,
        "recipient_kind": "Tập thể hoặc Cá nhân.",
        "form": "Bằng khen, Giấy khen, Kỷ niệm chương, Biểu dương, Hình thức khác.",
        "authority": "Ví dụ: UBND tỉnh, Giám đốc Công an tỉnh.",
        "decision_date": DATE_HELP,
        "festival": "Ngày tổ chức của ngày hội cùng đơn vị (15/08/2022), nếu khen nhân dịp ngày hội.",
    }

    unit = unit_col("unit", "Đơn vị")
    recipient_kind = choice_col("recipient_kind", "Đối tượng", Commendation.RecipientKind.choices)
    recipient_name = text_col("recipient_name", "Tên tập thể / cá nhân", 255)
    form = choice_col("form", "Hình thức", Commendation.Form.choices)
    authority = text_col("authority", "Cấp khen", 255)
    decision_number = text_col("decision_number", "Số quyết định", 60)
    decision_date = day_col("decision_date", "Ngày quyết định")
    festival = column_col(
        "festival",
        "Nhân dịp ngày hội (ngày tổ chức)",
        RelatedWidget(_festival_lookup(), lambda f: f.held_on),
    )
    occasion = text_col("occasion", "Dịp khen thưởng", 255)
    reason = long_text_col("reason", "Thành tích")
    note = long_text_col("note", "Ghi chú")

    class Meta:
        model = Commendation
        fields = (
            "unit",
            "recipient_kind",
            "recipient_name",
            "form",
            "authority",
            "decision_number",
            "decision_date",
            "festival",
            "occasion",
            "reason",
            "note",
        )
        import_id_fields = ("unit", "recipient_name")
        clean_model_instances = True
        skip_diff = True  # ScopedResource keeps what a row may change: unchanged rows skipped
        use_bulk = True  # new and changed rows written in bulk, with their history

    def export_queryset(self):
        return (
            self.get_queryset()
            .select_related("unit__parent", "festival")
            .order_by("unit__path", "decision_date", "recipient_name", "pk")
        )


class PropagandaSessionResource(ScopedResource):
    key = "propaganda"
    title = "Buổi tuyên truyền"
    natural_key = ("unit", "held_on", "topic")
    required = ("unit", "held_on", "channel", "topic")
    help = {
        "unit": UNIT_HELP,
        "held_on": DATE_HELP,
        "channel": "Chọn trong danh sách.",
        "venue": "Cấp xã, thị trấn; Thôn, xóm, tổ dân phố; Cơ quan, doanh nghiệp, trường học.",
        "attendees": "Số nguyên không âm; 1.546 và 1546 đều được.",
    }

    unit = unit_col("unit", "Đơn vị")
    held_on = day_col("held_on", "Ngày tuyên truyền")
    channel = choice_col("channel", "Hình thức", PropagandaSession.Channel.choices)
    venue = choice_col("venue", "Cấp tổ chức", PropagandaSession.Venue.choices)
    topic = text_col("topic", "Nội dung", 255)
    attendees = count_col("attendees", "Số lượt người nghe")
    leaflets = count_col("leaflets", "Số tờ rơi")
    documents = count_col("documents", "Số tài liệu")
    note = long_text_col("note", "Ghi chú")

    class Meta:
        model = PropagandaSession
        fields = (
            "unit",
            "held_on",
            "channel",
            "venue",
            "topic",
            "attendees",
            "leaflets",
            "documents",
            "note",
        )
        import_id_fields = ("unit", "held_on", "topic")
        clean_model_instances = True
        skip_diff = True  # ScopedResource keeps what a row may change: unchanged rows skipped
        use_bulk = True  # new and changed rows written in bulk, with their history

    def export_queryset(self):
        return (
            self.get_queryset()
            .select_related("unit__parent")
            .order_by("unit__path", "held_on", "topic", "pk")
        )

    def before_import_row(self, row, **kwargs):
        if "Cấp tổ chức" in row and cells.is_blank(row["Cấp tổ chức"]):
            row["Cấp tổ chức"] = PropagandaSession.Venue.COMMUNE


class SafetyRecognitionResource(ScopedResource):
    key = "recognitions"
    title = "Đăng ký, công nhận “An toàn về ANTT”"
    natural_key = ("unit", "year", "subject_kind", "subject_unit", "subject_name")
    required = ("unit", "year", "subject_kind")
    help = {
        "unit": UNIT_HELP,
        "year": "Năm đăng ký, 4 chữ số.",
        "subject_kind": "Khu dân cư; Xã, phường, thị trấn; Cơ quan; Doanh nghiệp; Cơ sở giáo dục.",
        "subject_unit": "Với khu dân cư hoặc xã: mã hoặc tên. " + UNIT_HELP,
        "subject_name": "Với cơ quan, doanh nghiệp, trường học: tên.",
        "is_military": "Có / Không. Đơn vị quân đội không thuộc diện công nhận.",
        "result": "Đã đăng ký; Được công nhận; Không được công nhận.",
    }

    unit = unit_col("unit", "Đơn vị")
    year = year_col("year", "Năm")
    subject_kind = choice_col(
        "subject_kind", "Loại đối tượng", SafetyRecognition.SubjectKind.choices
    )
    subject_unit = unit_col("subject_unit", "Khu dân cư / xã")
    subject_name = text_col("subject_name", "Tên cơ quan, doanh nghiệp, trường học", 255)
    is_military = flag_col("is_military", "Đơn vị quân đội")
    registered_on = day_col("registered_on", "Ngày đăng ký")
    assessed_on = day_col("assessed_on", "Ngày đánh giá")
    result = choice_col("result", "Kết quả", SafetyRecognition.Result.choices)
    decision_number = text_col("decision_number", "Số quyết định công nhận", 60)
    note = long_text_col("note", "Ghi chú")

    class Meta:
        model = SafetyRecognition
        fields = (
            "unit",
            "year",
            "subject_kind",
            "subject_unit",
            "subject_name",
            "is_military",
            "registered_on",
            "assessed_on",
            "result",
            "decision_number",
            "note",
        )
        import_id_fields = ("unit", "year")
        clean_model_instances = True
        skip_diff = True  # ScopedResource keeps what a row may change: unchanged rows skipped
        use_bulk = True  # new and changed rows written in bulk, with their history

    def export_queryset(self):
        return (
            self.get_queryset()
            .select_related("unit__parent", "subject_unit__parent")
            .order_by("unit__path", "year", "subject_kind", "subject_name", "pk")
        )

    def before_import_row(self, row, **kwargs):
        if "Kết quả" in row and cells.is_blank(row["Kết quả"]):
            row["Kết quả"] = SafetyRecognition.Result.REGISTERED
        if "Đơn vị quân đội" in row and cells.is_blank(row["Đơn vị quân đội"]):
            row["Đơn vị quân đội"] = False
