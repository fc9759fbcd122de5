"""Forms of the records pages: scoped choices, Vietnamese numbers, sane dates and stale-edit guard."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.formats import number_format

from movement.forms.choices import in_vietnamese_order
from movement.models import (
    Commendation,
    FestivalEvent,
    GroupMember,
    MovementModel,
    PropagandaSession,
    SafetyRecognition,
    SelfManagementGroup,
    Unit,
)
from movement.models.records import DATE_ORDERS

MIN_DATE = dt.date(2000, 1, 1)
MAX_COUNT = 1_000_000
EMPTY_LABEL = "— Chọn —"


def max_date() -> dt.date:
    """Plans may be entered ahead, but not beyond the end of next year."""
    return dt.date(dt.date.today().year + 1, 12, 31)


def field_label(field: forms.Field) -> str:
    label = str(field.label or "")
    return f"{label[:1].upper()}{label[1:]}"


def unit_choices(base: Unit | None, current: Unit | None = None) -> models.QuerySet:
    """The units a record may belong to: the working unit and the units directly below it."""
    if base is None:
        return Unit.objects.none()
    query = models.Q(pk=base.pk) | models.Q(parent=base)
    if current is not None:
        query |= models.Q(pk=current.pk)
    return Unit.objects.filter(query).order_by("path")


class DateInput(forms.DateInput):
    """Day first, whatever the phone's language: a browser date picker shows the
    device's order (month first on an English phone), so dates are typed dd/mm/yyyy."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        attrs = {
            "placeholder": "ngày/tháng/năm",
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "10",
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format="%d/%m/%Y")


class RecordForm(forms.ModelForm):
    """Base of every records form.

    ``version`` carries the row's ``updated_at`` as loaded, so a save over a newer
    version is refused; ``form_token`` makes a repeated creation POST harmless.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, base: Unit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        if "unit" in self.fields:
            current = instance.unit if instance.pk else None
            self.fields["unit"].queryset = unit_choices(base, current)
            self.fields["unit"].empty_label = None
            in_vietnamese_order(self.fields["unit"])
            if not instance.pk and base is not None and not self.initial.get("unit"):
                self.initial["unit"] = base.pk
        if instance.pk:
            self.initial["version"] = instance.updated_at.isoformat()
        else:
            self.initial.setdefault("form_token", uuid.uuid4().hex)
        prepare_fields(self)
        if "note" in self.fields:
            self.fields["note"] = self.fields.pop("note")
        for hidden in ("version", "form_token"):
            self.fields[hidden] = self.fields.pop(hidden)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_date_order(self)
        return data


def prepare_fields(form: forms.BaseForm) -> None:
    """Numbers typed "1.546", bounded counts and dates, short text areas for phones."""
    for name, field in form.fields.items():
        if isinstance(field, forms.IntegerField) and "year" not in name:
            field.localize = True
            field.widget = forms.TextInput(attrs={"inputmode": "numeric"})
            field.widget.is_localized = True
            field.max_value = MAX_COUNT
            field.validators.append(count_limit(field))
        elif isinstance(field, forms.IntegerField):
            field.widget = forms.NumberInput(attrs={"inputmode": "numeric"})
        elif isinstance(field, forms.DateField):
            field.widget = DateInput()
            field.validators.append(date_range(field))
            field.error_messages["invalid"] = (
                f"«{field_label(field)}»: nhập ngày theo dạng ngày/tháng/năm, ví dụ 19/08/2024."
            )
        elif isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = 3
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None:
                field.empty_label = EMPTY_LABEL
        elif isinstance(field, forms.ChoiceField):
            field.choices = [
                ("", EMPTY_LABEL) if value == "" else (value, label)
                for value, label in field.choices
            ]


def check_date_order(form: forms.ModelForm) -> None:
    """A later date before the earlier one (giải thể before thành lập...): the model's
    message goes beside the later date, and its constraint is then not checked twice."""
    data = form.cleaned_data
    for constraint in form._meta.model._meta.constraints:
        start, end = DATE_ORDERS.get(constraint.name, ("", ""))
        first, last = data.get(start), data.get(end)
        if first and last and last < first and end not in form.errors:
            form.add_error(end, constraint.violation_error_message)


def count_limit(field: forms.Field):
    def check(value: int | None) -> None:
        if value is not None and value > MAX_COUNT:
            raise ValidationError(
                f"«{field_label(field)}» quá lớn: tối đa {number_format(MAX_COUNT, force_grouping=True)}."
            )

    return check


def date_range(field: forms.Field):
    def check(value: dt.date | None) -> None:
        latest = max_date()
        if value is not None and not (MIN_DATE <= value <= latest):
            raise ValidationError(
                f"«{field_label(field)}» phải từ {MIN_DATE:%d/%m/%Y} đến {latest:%d/%m/%Y}."
            )

    return check


def year_range(label: str, low: int, high: int):
    def check(value: int | None) -> None:
        if value is not None and not (low <= value <= high):
            raise ValidationError(f"«{label}» phải từ {low} đến {high}.")

    return check


class PropagandaForm(RecordForm):
    class Meta:
        model = PropagandaSession
        fields = [
            "unit",
            "held_on",
            "topic",
            "channel",
            "venue",
            "attendees",
            "leaflets",
            "documents",
            "note",
        ]


class FestivalForm(RecordForm):
    class Meta:
        model = FestivalEvent
        fields = [
            "unit",
            "title",
            "held_on",
            "place",
            "participants",
            "gift_count",
            "guests",
            "programme",
            "note",
        ]


class CommendationForm(forms.ModelForm):
    class Meta:
        model = Commendation
        fields = [
            "recipient_kind",
            "recipient_name",
            "form",
            "authority",
            "decision_number",
            "decision_date",
            "reason",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prepare_fields(self)


class CommendationFormSet(BaseInlineFormSet):
    """Khen thưởng nhân dịp ngày hội: they belong to the festival's unit."""

    def set_unit(self, unit: Unit | None) -> None:
        for form in self.forms:
            form.instance.unit = unit


CommendationFormSetFactory = inlineformset_factory(
    FestivalEvent,
    Commendation,
    form=CommendationForm,
    formset=CommendationFormSet,
    fk_name="festival",
    extra=1,
    can_delete=True,
    max_num=200,
    validate_max=True,
)


class GroupForm(RecordForm):
    class Meta:
        model = SelfManagementGroup
        fields = [
            "unit",
            "name",
            "kind",
            "core_force",
            "residential_areas",
            "founded_on",
            "dissolved_on",
            "member_count",
            "note",
        ]
        widgets = {"residential_areas": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, base: Unit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, base=base, **kwargs)
        areas = Unit.objects.filter(parent=base, level__code="residential") if base else None
        if areas is None:
            areas = Unit.objects.none()
        if self.instance.pk:
            areas = areas | self.instance.residential_areas.all()
        self.fields["residential_areas"].queryset = areas.distinct().order_by("name")
        self.fields[
            "residential_areas"
        ].help_text = "Các thôn, tổ dân phố của xã, phường có trong danh mục đơn vị."
        self.fields["member_count"].help_text = (
            "Khi có danh sách thành viên bên dưới, số này tự tính theo danh sách "
            "(người chưa thôi tham gia); chỉ nhập tay khi không ghi danh từng người."
        )


class MemberForm(forms.ModelForm):
    class Meta:
        model = GroupMember
        fields = ["full_name", "role", "birth_year", "phone", "core_force", "joined_on", "left_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prepare_fields(self)
        year = dt.date.today().year
        self.fields["birth_year"].validators.append(year_range("Năm sinh", 1900, year))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_date_order(self)
        return data


def active_leader(form: forms.BaseForm) -> bool:
    data = getattr(form, "cleaned_data", None) or {}
    return data.get("role") == GroupMember.Role.LEADER and not data.get("left_on")


class MemberFormSet(BaseInlineFormSet):
    """Thành viên tổ: at most one Tổ trưởng in office, checked across the rows of the page."""

    def clean(self) -> None:
        super().clean()
        deleted = set(map(id, self.deleted_forms))
        leaders = [f for f in self.forms if id(f) not in deleted and active_leader(f)]
        if len(leaders) > 1:
            names = ", ".join(f.cleaned_data.get("full_name", "") for f in leaders)
            raise ValidationError(
                f"Mỗi tổ chỉ có một Tổ trưởng đang đương nhiệm (đang chọn: {names})."
            )

    def save(self, commit: bool = True) -> list[GroupMember]:
        # A leader handing over to another member in the same save: remove and step
        # down the old one first, or the database's one-leader rule refuses the new one.
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        deleted = set(map(id, self.deleted_forms))
        initial = set(map(id, self.initial_forms))
        for form in self.deleted_forms:
            if id(form) in initial and form.instance.pk:
                self.deleted_objects.append(form.instance)
                self.delete_existing(form.instance, commit=commit)
        remaining = [f for f in self.forms if id(f) not in deleted and f.has_changed()]
        for form in sorted(remaining, key=active_leader):
            if id(form) in initial:
                self.changed_objects.append((self.save_existing(form, form.instance), []))
            else:
                self.new_objects.append(self.save_new(form, commit=commit))
        return self.new_objects + [obj for obj, _ in self.changed_objects]


MemberFormSetFactory = inlineformset_factory(
    SelfManagementGroup,
    GroupMember,
    form=MemberForm,
    formset=MemberFormSet,
    fk_name="group",
    extra=1,
    can_delete=True,
    max_num=500,
    validate_max=True,
)


class MovementModelForm(RecordForm):
    class Meta:
        model = MovementModel
        fields = [
            "unit",
            "name",
            "kind",
            "field",
            "year_recognised",
            "status",
            "group",
            "description",
            "note",
        ]

    def __init__(self, *args: Any, base: Unit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, base=base, **kwargs)
        groups = SelfManagementGroup.objects.none()
        if base is not None:
            groups = SelfManagementGroup.objects.within(base).select_related("unit")[:500]
        self.fields["group"].queryset = SelfManagementGroup.objects.filter(
            pk__in=[g.pk for g in groups]
            + ([self.instance.group_id] if self.instance.group_id else [])
        )
        self.fields["year_recognised"].validators.append(
            year_range("Năm công nhận", 1990, max_date().year)
        )


class RecognitionForm(RecordForm):
    class Meta:
        model = SafetyRecognition
        fields = [
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
        ]

    def __init__(self, *args: Any, base: Unit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, base=base, **kwargs)
        current = self.instance.subject_unit if self.instance.subject_unit_id else None
        self.fields["subject_unit"].queryset = unit_choices(base, current)
        self.fields["year"].validators.append(year_range("Năm", 2000, max_date().year))
