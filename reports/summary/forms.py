"""Forms of the báo cáo tổng kết pages: create (unit or cluster, years), edit (header and
narrative), batch for every unit below."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q

from clusters.models import SafetyCluster
from movement.forms.records import EMPTY_LABEL, DateInput, date_range
from movement.models import ReportSection, Unit
from reports.summary.builder import SECTION_TITLES
from reports.summary.models import GeneratedFile, SummaryReport

FIRST_YEAR = 2000
UNIT_CHOICES_LIMIT = 400  # beyond this, only the user's unit and one level down are offered


def year_field(label: str, *, required: bool = True) -> forms.IntegerField:
    last = dt.date.today().year
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=FIRST_YEAR,
        max_value=last,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": f"Hãy nhập «{label}».",
            "invalid": f"«{label}»: nhập năm gồm 4 chữ số, ví dụ 2018.",
            "min_value": f"«{label}» phải từ {FIRST_YEAR} trở đi.",
            "max_value": f"«{label}» không được sau năm {last}.",
        },
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit: Unit) -> str:
        indent = "\u00a0\u00a0" * max(0, unit.level.rank - 1)
        ended = f" (đến {unit.valid_to - dt.timedelta(days=1):%d/%m/%Y})" if unit.valid_to else ""
        return f"{indent}{unit.name}{ended}"


def unit_queryset(user) -> Any:
    """The user's unit and the units below it down to the communes, or one level down when a
    national or provincial scope would make the list too long to choose from."""
    scope = Unit.objects.for_user(user).select_related("level")
    base = user.unit or scope.filter(parent__isnull=True).order_by("path").first()
    if base is None:
        return Unit.objects.none()
    below = scope.subtree(base).filter(level__rank__lte=3)
    if below.count() > UNIT_CHOICES_LIMIT:
        below = scope.filter(Q(pk=base.pk) | Q(parent=base))
    return below.order_by("path")


class YearsMixin:
    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and not last:
            data["last_year"] = first
        elif first and last and last < first:
            self.add_error("last_year", "«Đến năm» không được trước «Từ năm».")
        return data


class SummaryCreateForm(YearsMixin, forms.Form):
    unit = UnitChoiceField(
        label="Đơn vị",
        queryset=Unit.objects.none(),
        required=False,
        empty_label=EMPTY_LABEL,
        help_text="Báo cáo của đơn vị và các đơn vị trực thuộc (kể cả đơn vị cũ đã sáp nhập vào).",
        error_messages={"invalid_choice": "Đơn vị này không thuộc phạm vi của bạn."},
    )
    cluster = forms.ModelChoiceField(
        label="Hoặc cụm địa bàn an toàn",
        queryset=SafetyCluster.objects.none(),
        required=False,
        empty_label="— Không —",
        error_messages={"invalid_choice": "Cụm này không thuộc phạm vi của bạn."},
    )
    first_year = year_field("Từ năm")
    last_year = year_field("Đến năm", required=False)

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_queryset(user)
        self.fields["cluster"].queryset = SafetyCluster.objects.for_user(user).order_by("name")
        self.fields["last_year"].help_text = "Để trống nếu chỉ báo cáo một năm."
        if not self.is_bound:
            self.initial.setdefault("first_year", dt.date.today().year - 1)
            if user.unit_id:
                self.initial.setdefault("unit", user.unit_id)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("unit") and not data.get("cluster"):
            self.add_error("unit", "Hãy chọn đơn vị hoặc cụm địa bàn an toàn.")
        return data


class BatchForm(YearsMixin, forms.Form):
    unit = UnitChoiceField(
        label="Đơn vị cấp trên",
        queryset=Unit.objects.none(),
        empty_label=EMPTY_LABEL,
        help_text="Mỗi đơn vị trực thuộc đơn vị này được tạo một tệp.",
        error_messages={
            "required": "Hãy chọn đơn vị cấp trên.",
            "invalid_choice": "Đơn vị này không thuộc phạm vi của bạn.",
        },
    )
    first_year = year_field("Từ năm")
    last_year = year_field("Đến năm", required=False)
    format = forms.ChoiceField(
        label="Định dạng", choices=GeneratedFile.Format.choices, initial=GeneratedFile.Format.PDF
    )

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Units with units below them that get a report of their own (not the khu dân cư).
        self.fields["unit"].queryset = unit_queryset(user).filter(level__rank__lte=2)
        if not self.is_bound:
            self.initial.setdefault("first_year", dt.date.today().year - 1)
            if user.unit_id:
                self.initial.setdefault("unit", user.unit_id)


def text_rows(text: str) -> int:
    """Tall enough to read a drafted subsection without scrolling inside the box."""
    lines = sum(1 + len(line) // 100 for line in (text or "").splitlines())
    return min(16, max(4, lines + 1))


class SummaryEditForm(forms.ModelForm):
    """Header and narrative; section II as one text area per subsection."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = SummaryReport
        fields = [*SummaryReport.HEADER_FIELDS, *SummaryReport.NARRATIVE_FIELDS]
        widgets = {
            "recipients": forms.Textarea(attrs={"rows": 4}),
            "situation": forms.Textarea(attrs={"rows": 5}),
            "assessment": forms.Textarea(attrs={"rows": 5}),
            "directions": forms.Textarea(attrs={"rows": 5}),
            "proposals": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["version"] = self.instance.version
        issued = self.fields["issued_on"]
        issued.widget = DateInput()
        issued.validators.append(date_range(issued))
        issued.error_messages["invalid"] = (
            "«Ngày ban hành»: nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/01/2024."
        )
        self.fields["signer_capacity"].choices = SummaryReport.Capacity.choices
        results = self.instance.results or {}
        for key in ReportSection.values:
            self.fields[f"results_{key}"] = forms.CharField(
                label=f"II. {SECTION_TITLES[ReportSection(key)]}",
                required=False,
                widget=forms.Textarea(attrs={"rows": text_rows(results.get(key, ""))}),
                initial=results.get(key, ""),
                help_text="Mỗi dòng là một đoạn văn; để trống thì mục này không có trong báo cáo.",
            )
        for name, field in self.fields.items():
            if field.required and name != "version":
                field.error_messages["required"] = f"Hãy nhập «{field.label}»."

    def header_fields(self) -> list:
        return [self[name] for name in SummaryReport.HEADER_FIELDS]

    def narrative_fields(self) -> list:
        names = ["situation", *[f"results_{k}" for k in ReportSection.values]]
        return [self[name] for name in [*names, "assessment", "directions", "proposals"]]

    def cleaned_results(self) -> dict[str, str]:
        return {
            key: text.strip()
            for key in ReportSection.values
            if (text := self.cleaned_data.get(f"results_{key}") or "").strip()
        }


MAX_VERIFY_BYTES = 50 * 1024 * 1024


class VerifyForm(forms.Form):
    """A copy of an exported file, to find which report, version and export it is."""

    file = forms.FileField(
        label="Tệp cần đối chiếu (PDF hoặc XLSX đã tải từ cổng)",
        error_messages={
            "required": "Hãy chọn tệp cần đối chiếu.",
            "empty": "Tệp trống.",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_VERIFY_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 50 MB: không phải tệp báo cáo của cổng.")
        return upload
