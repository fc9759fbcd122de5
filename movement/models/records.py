"""Registries and records entered one by one (DESIGN §3)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import get_image_dimensions
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from movement.models.base import NormalizedTextModel, ScopedQuerySet
from movement.models.units import Unit


def negative_message(label: object) -> str:
    """«Số lượt người nghe» không được là số âm."""
    name = str(label)
    return f"«{name[:1].upper()}{name[1:]}» không được là số âm."


def non_negative(prefix: str, **labels: str) -> list[models.CheckConstraint]:
    """One CHECK (field >= 0) per count, each refusing with a Vietnamese message naming the field."""
    return [
        models.CheckConstraint(
            condition=Q(**{f"{field}__gte": 0}),
            name=f"{prefix}_{field}_non_negative",
            violation_error_code="negative",
            violation_error_message=negative_message(label),
        )
        for field, label in labels.items()
    ]


def count_field(label: str) -> models.IntegerField:
    """A count: never negative, refused with a Vietnamese message naming the field (CHECK in ``non_negative``)."""
    return models.IntegerField(
        label, default=0, validators=[MinValueValidator(0, message=negative_message(label))]
    )


# Constraint name → (earlier date field, later date field), so that forms can show the
# message beside the later date instead of above the whole form.
DATE_ORDERS: dict[str, tuple[str, str]] = {}


def date_order(prefix: str, start: str, end: str, message: str) -> models.CheckConstraint:
    DATE_ORDERS[f"{prefix}_{end}_after_{start}"] = (start, end)
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True})
        | Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__gte": F(start)}),
        name=f"{prefix}_{end}_after_{start}",
        violation_error_code="date_order",
        violation_error_message=message,
    )


def recent_index(prefix: str) -> models.Index:
    """Newest first: the registries' index lists the records changed last over the whole
    country without sorting the registry (issue 18)."""
    return models.Index(F("updated_at").desc(), F("id").desc(), name=f"{prefix}_recent_idx")


class UnitRecord(NormalizedTextModel):
    """A record that belongs to one unit, with timestamps and full history."""

    scope_path = "unit__path"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name=_("đơn vị"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    history = HistoricalRecords(inherit=True, excluded_fields=["search_text"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class CoreForce(models.TextChoices):
    VETERANS = "veterans", _("Cựu chiến binh")
    MILITIA = "militia", _("Dân quân")
    WOMEN = "women", _("Phụ nữ")
    YOUTH = "youth", _("Đoàn viên thanh niên")
    POLICE = "police", _("Công an viên, lực lượng bảo vệ ANTT ở cơ sở")
    WORKERS = "workers", _("Công nhân")
    MIXED = "mixed", _("Nhiều thành phần")


class SelfManagementGroup(UnitRecord):
    """Tổ tự quản and its relatives, including the statutory Tổ bảo vệ ANTT (Luật 30/2023/QH15)."""

    class Kind(models.TextChoices):
        PEOPLE_ANTT = "people_antt", _("Tổ nhân dân tự quản ANTT")
        SECURITY_SELF = "security_self", _("Tổ an ninh tự quản")
        SOCIAL_SECURITY = "social_security", _("Tổ an ninh xã hội (ANXH)")
        VILLAGE_PROTECTION = "village_protection", _("Tổ bảo vệ ANTT thôn")
        STATUTORY = "statutory", _("Tổ bảo vệ an ninh, trật tự (Luật 30/2023/QH15)")
        INTER_FAMILY = "inter_family", _("Liên gia tự quản")
        CLAN = "clan", _("Dòng họ tự quản")
        PARISH = "parish", _("Họ giáo tự quản")
        WORKERS = "workers", _("Tổ an ninh công nhân")
        CLUB = "club", _("Câu lạc bộ phòng, chống tội phạm")
        PEOPLE_GROUP = "people_group", _("Nhóm nhân dân tự phòng, tự quản")
        TRAFFIC = "traffic", _("Tự quản về an toàn giao thông")
        COUNCIL = "council", _("Hội đồng ANTT")
        OTHER = "other", _("Khác")

    search_fields_source = ("name", "unit.name")

    name = models.CharField(_("tên tổ"), max_length=200)
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    residential_areas = models.ManyToManyField(
        Unit, blank=True, related_name="covering_groups", verbose_name=_("khu dân cư phụ trách")
    )
    founded_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    member_count = count_field(_("số thành viên"))
    core_force = models.CharField(
        _("lực lượng nòng cốt"), max_length=20, choices=CoreForce.choices, blank=True
    )

    class Meta:
        verbose_name = _("tổ tự quản")
        verbose_name_plural = _("tổ tự quản")
        indexes = [recent_index("smg")]
        ordering = ["unit__path", "name"]
        constraints = [
            *non_negative("smg", member_count="Số thành viên"),
            date_order(
                "smg", "founded_on", "dissolved_on", "Ngày giải thể phải sau ngày thành lập."
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def sync_member_count(self) -> None:
        """One member count: when members are listed, those still in the group (not the
        typed figure, which stays for groups whose members are not listed)."""
        if not self.members.exists():
            return
        active = self.members.filter(left_on__isnull=True).count()
        if active != self.member_count:
            self.member_count = active
            self.save(update_fields=["member_count", "updated_at"])


class GroupMember(NormalizedTextModel):
    """A member of a group; the statutory Tổ bảo vệ ANTT has Tổ trưởng, Tổ phó, Tổ viên."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Tổ trưởng")
        DEPUTY = "deputy", _("Tổ phó")
        MEMBER = "member", _("Tổ viên")

    scope_path = "group__unit__path"
    search_fields_source = ("full_name",)

    group = models.ForeignKey(
        SelfManagementGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("tổ")
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    role = models.CharField(
        _("chức danh"), max_length=10, choices=Role.choices, default=Role.MEMBER
    )
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    core_force = models.CharField(
        _("thành phần"), max_length=20, choices=CoreForce.choices, blank=True
    )
    joined_on = models.DateField(_("ngày tham gia"), null=True, blank=True)
    left_on = models.DateField(_("ngày thôi tham gia"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên tổ")
        verbose_name_plural = _("thành viên tổ")
        ordering = ["group", "role", "full_name"]
        constraints = [
            date_order(
                "member", "joined_on", "left_on", "Ngày thôi tham gia phải sau ngày tham gia."
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(role="leader", left_on__isnull=True),
                name="member_one_active_leader",
                violation_error_message="Mỗi tổ chỉ có một Tổ trưởng đang đương nhiệm.",
            ),
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="member_birth_year_range",
                violation_error_message="«Năm sinh» không hợp lệ.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        self.group.sync_member_count()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        group = self.group
        deleted = super().delete(*args, **kwargs)
        group.sync_member_count()
        return deleted


class MovementModel(UnitRecord):
    """Mô hình and điển hình tiên tiến of the movement."""

    class Kind(models.TextChoices):
        MODEL = "model", _("Mô hình")
        EXEMPLAR = "exemplar", _("Điển hình tiên tiến")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        INACTIVE = "inactive", _("Ngừng hoạt động")

    search_fields_source = ("name", "unit.name")

    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.MODEL)
    field = models.CharField(_("lĩnh vực"), max_length=150, blank=True)
    year_recognised = models.PositiveSmallIntegerField(_("năm công nhận"))
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    group = models.ForeignKey(
        SelfManagementGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="models",
        verbose_name=_("tổ tự quản gắn với mô hình"),
    )
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("mô hình, điển hình")
        verbose_name_plural = _("mô hình, điển hình")
        indexes = [recent_index("movementmodel")]
        ordering = ["unit__path", "-year_recognised", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_recognised__gte=1990, year_recognised__lte=2100),
                name="movementmodel_year_range",
                violation_error_message="«Năm công nhận» phải từ 1990 đến 2100.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FestivalEvent(UnitRecord):
    """Ngày hội toàn dân bảo vệ ANTQ (19/8), held at points from about 1 Jul to 19 Aug."""

    search_fields_source = ("title", "place", "unit.name")

    title = models.CharField(
        _("tên ngày hội"), max_length=255, default="Ngày hội toàn dân bảo vệ an ninh Tổ quốc"
    )
    held_on = models.DateField(_("ngày tổ chức"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    participants = count_field(_("số người tham dự"))
    guests = models.TextField(_("khách mời"), blank=True)
    gift_count = count_field(_("số suất quà"))
    programme = models.TextField(_("chương trình"), blank=True)

    class Meta:
        verbose_name = _("ngày hội toàn dân bảo vệ ANTQ")
        verbose_name_plural = _("ngày hội toàn dân bảo vệ ANTQ")
        indexes = [recent_index("festival")]
        ordering = ["-held_on"]
        constraints = non_negative(
            "festival", participants="Số người tham dự", gift_count="Số suất quà"
        )

    def __str__(self) -> str:
        return f"{self.title} – {self.unit} – {self.held_on:%d/%m/%Y}"


def validate_photo(image) -> None:
    """Refuse photos heavier than PHOTO_MAX_BYTES or larger than PHOTO_MAX_PIXELS.

    Reads only the image's header: a 144-megapixel PNG is refused before anything decodes it.
    """
    max_bytes, max_pixels = settings.PHOTO_MAX_BYTES, settings.PHOTO_MAX_PIXELS
    if image.size > max_bytes:
        weight = f"{image.size / 1_048_576:.1f}".replace(".", ",")
        raise ValidationError(
            f"Ảnh nặng {weight} MB, quá mức {max_bytes // 1_048_576} MB: "
            "hãy thu nhỏ ảnh rồi tải lên lại."
        )
    width, height = get_image_dimensions(image)
    if width and height and width * height > max_pixels:
        raise ValidationError(
            f"Ảnh {width}×{height} điểm ảnh ({width * height / 1e6:.0f} megapixel), quá mức "
            f"{max_pixels / 1e6:.0f} megapixel: hãy thu nhỏ ảnh rồi tải lên lại."
        )


class FestivalPhoto(models.Model):
    scope_path = "event__unit__path"

    event = models.ForeignKey(
        FestivalEvent, on_delete=models.CASCADE, related_name="photos", verbose_name=_("ngày hội")
    )
    image = models.ImageField(_("ảnh"), upload_to="festivals/%Y/", validators=[validate_photo])
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ảnh ngày hội")
        verbose_name_plural = _("ảnh ngày hội")

    def __str__(self) -> str:
        return self.caption or self.image.name


class Commendation(UnitRecord):
    """Khen thưởng of a collective or an individual."""

    class RecipientKind(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")

    class Form(models.TextChoices):
        CERTIFICATE_OF_MERIT = "bang_khen", _("Bằng khen")
        CERTIFICATE = "giay_khen", _("Giấy khen")
        MEDAL = "ky_niem_chuong", _("Kỷ niệm chương")
        PRAISE = "bieu_duong", _("Biểu dương")
        OTHER = "other", _("Hình thức khác")

    search_fields_source = ("recipient_name", "authority", "decision_number", "unit.name")

    recipient_kind = models.CharField(_("đối tượng"), max_length=12, choices=RecipientKind.choices)
    recipient_name = models.CharField(_("tên tập thể / cá nhân"), max_length=255)
    form = models.CharField(_("hình thức"), max_length=20, choices=Form.choices)
    authority = models.CharField(
        _("cấp khen"),
        max_length=255,
        help_text=_("Ví dụ: UBND tỉnh, Giám đốc Công an tỉnh, UBND huyện"),
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    festival = models.ForeignKey(
        FestivalEvent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commendations",
        verbose_name=_("nhân dịp ngày hội"),
    )
    occasion = models.CharField(_("dịp khen thưởng"), max_length=255, blank=True)
    reason = models.TextField(_("thành tích"), blank=True)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        indexes = [recent_index("commendation")]
        ordering = ["-decision_date", "recipient_name"]

    def __str__(self) -> str:
        return f"{self.get_form_display()} – {self.recipient_name}"

    def clean(self) -> None:
        super().clean()
        if self.festival_id and self.unit_id and self.festival.unit_id != self.unit_id:
            raise ValidationError(
                {"festival": _("Ngày hội phải thuộc cùng đơn vị với khen thưởng.")}
            )


class PropagandaSession(UnitRecord):
    """Buổi tuyên truyền."""

    class Channel(models.TextChoices):
        CONFERENCE = "conference", _("Hội nghị, lồng ghép tại xã")
        VILLAGE_MEETING = "village_meeting", _("Họp thôn, xóm, tổ dân phố")
        LOUDSPEAKER = "loudspeaker", _("Loa truyền thanh")
        SCHOOL = "school", _("Tại trường học")
        LEAFLET = "leaflet", _("Phát tờ rơi, tài liệu")
        SOCIAL_MEDIA = "social_media", _("Mạng xã hội")
        HOUSEHOLD = "household", _("Đến từng hộ gia đình")
        OTHER = "other", _("Hình thức khác")

    class Venue(models.TextChoices):
        COMMUNE = "commune", _("Cấp xã, phường, thị trấn")
        RESIDENTIAL = "residential", _("Thôn, xóm, tổ dân phố")
        ORGANISATION = "organisation", _("Cơ quan, doanh nghiệp, trường học")

    search_fields_source = ("topic", "unit.name")

    held_on = models.DateField(_("ngày tuyên truyền"))
    channel = models.CharField(_("hình thức"), max_length=20, choices=Channel.choices)
    venue = models.CharField(
        _("cấp tổ chức"), max_length=20, choices=Venue.choices, default=Venue.COMMUNE
    )
    topic = models.CharField(_("nội dung"), max_length=255)
    attendees = count_field(_("số lượt người nghe"))
    leaflets = count_field(_("số tờ rơi"))
    documents = count_field(_("số tài liệu"))

    class Meta:
        verbose_name = _("buổi tuyên truyền")
        verbose_name_plural = _("buổi tuyên truyền")
        indexes = [recent_index("propaganda")]
        ordering = ["-held_on"]
        constraints = non_negative(
            "propaganda",
            attendees="Số lượt người nghe",
            leaflets="Số tờ rơi",
            documents="Số tài liệu",
        )

    def __str__(self) -> str:
        return f"{self.topic} ({self.held_on:%d/%m/%Y})"


class SafetyRecognition(UnitRecord):
    """ "An toàn về ANTT" registration and recognition (Thông tư 124/2021/TT-BCA)."""

    class SubjectKind(models.TextChoices):
        RESIDENTIAL = "residential", _("Khu dân cư")
        COMMUNE = "commune", _("Xã, phường, thị trấn")
        AGENCY = "agency", _("Cơ quan")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        SCHOOL = "school", _("Cơ sở giáo dục")

    class Result(models.TextChoices):
        REGISTERED = "registered", _("Đã đăng ký")
        RECOGNISED = "recognised", _("Được công nhận")
        NOT_RECOGNISED = "not_recognised", _("Không được công nhận")

    search_fields_source = ("subject_name", "subject_unit.name", "unit.name")

    year = models.PositiveSmallIntegerField(_("năm"))
    subject_kind = models.CharField(_("loại đối tượng"), max_length=20, choices=SubjectKind.choices)
    subject_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="safety_recognitions",
        verbose_name=_("khu dân cư / xã"),
    )
    subject_name = models.CharField(
        _("tên cơ quan, doanh nghiệp, trường học"), max_length=255, blank=True
    )
    is_military = models.BooleanField(_("đơn vị quân đội"), default=False)
    registered_on = models.DateField(_("ngày đăng ký"), null=True, blank=True)
    assessed_on = models.DateField(_("ngày đánh giá"), null=True, blank=True)
    result = models.CharField(
        _("kết quả"), max_length=20, choices=Result.choices, default=Result.REGISTERED
    )
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("đăng ký, công nhận “An toàn về ANTT”")
        verbose_name_plural = _("đăng ký, công nhận “An toàn về ANTT”")
        indexes = [recent_index("recognition")]
        ordering = ["-year", "unit__path"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(is_military=True, result="recognised"),
                name="recognition_not_military",
                violation_error_message="Đơn vị quân đội không thuộc diện công nhận “An toàn về ANTT”.",
            ),
            models.CheckConstraint(
                condition=Q(subject_unit__isnull=False) | ~Q(subject_name=""),
                name="recognition_has_subject",
                violation_error_message="Phải chọn khu dân cư / xã hoặc nhập tên cơ quan, doanh nghiệp, trường học.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="recognition_year_range",
                violation_error_message="«Năm» phải từ 2000 đến 2100.",
            ),
            models.UniqueConstraint(
                fields=["year", "subject_unit"],
                condition=Q(subject_unit__isnull=False),
                name="recognition_unique_unit_year",
                violation_error_message="Đối tượng này đã có bản ghi trong năm.",
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "subject_kind", "subject_name"],
                condition=Q(subject_unit__isnull=True),
                name="recognition_unique_name_year",
                violation_error_message="Đối tượng này đã có bản ghi trong năm.",
            ),
            date_order(
                "recognition",
                "registered_on",
                "assessed_on",
                "Ngày đánh giá phải sau ngày đăng ký.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_unit or self.subject_name} – {self.year}"

    def clean(self) -> None:
        super().clean()
        if self.is_military and self.result == self.Result.RECOGNISED:
            raise ValidationError(
                {"result": _("Đơn vị quân đội không thuộc diện công nhận “An toàn về ANTT”.")}
            )
        if self.registered_on and self.registered_on.year != self.year:
            raise ValidationError({"registered_on": _("Ngày đăng ký phải thuộc năm đăng ký.")})
