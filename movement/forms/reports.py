"""Forms of the report pages: one number field per entered indicator, the workflow's small forms."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator

from movement.models import Indicator, PeriodReport, check_rules
from movement.models.indicators import vn_number
from movement.periods import MONTHS_PER_KIND, Period, PeriodKind

# Larger than any plausible count or amount in đồng, well inside DecimalField(16, 2).
ABSURD = Decimal("999999999999")


class ReportValuesForm(forms.Form):
    """Entered indicators of one report; rules are checked with the computed values too."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label="Ghi chú của đơn vị", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args,
        indicators: list[Indicator],
        computed: dict[str, Decimal],
        report: PeriodReport | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.computed = computed
        self.entered = [i for i in indicators if i.source == Indicator.Source.ENTERED]
        for ind in self.entered:
            # The plausible maximum of this report's period kind and unit level (DESIGN §12).
            limit = (
                ind.plausible_maximum(
                    period_kind=report.period_kind, level_rank=report.unit.level.rank
                )
                if report is not None
                else ind.max_value
            )
            limit = min(limit, ABSURD) if limit is not None else ABSURD
            self.fields[ind.code] = forms.DecimalField(
                label=ind.name,
                required=False,
                localize=True,
                min_value=0,
                max_digits=14,
                decimal_places=ind.decimal_places,
                validators=[MaxValueValidator(limit)],
                help_text=ind.unit_label,
                error_messages={
                    "invalid": f"«{ind.name}»: hãy nhập một số, ví dụ 1546 hoặc 1.546.",
                    "min_value": f"«{ind.name}» không được là số âm.",
                    "max_value": (
                        f"«{ind.name}» vượt quá mức hợp lý của kỳ và cấp này "
                        f"({vn_number(limit)}); hãy kiểm tra lại."
                    ),
                    "max_digits": f"«{ind.name}» quá lớn; hãy kiểm tra lại.",
                    "max_whole_digits": f"«{ind.name}» quá lớn; hãy kiểm tra lại.",
                    "max_decimal_places": (
                        f"«{ind.name}» chỉ nhận số nguyên."
                        if ind.decimal_places == 0
                        else f"«{ind.name}» có tối đa {ind.decimal_places} chữ số thập phân."
                    ),
                },
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "autocomplete": "off", "class": "num"}
                ),
            )

        # Stored values carry two decimals; show them as the indicator counts (1546, not 1546,00).
        for ind in self.entered:
            value = self.initial.get(ind.code)
            if isinstance(value, Decimal):
                self.initial[ind.code] = value.quantize(Decimal(1).scaleb(-ind.decimal_places))

    def values(self) -> dict[str, Decimal | None]:
        return {ind.code: self.cleaned_data.get(ind.code) for ind in self.entered}

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors:
            for code, message in check_rules({**self.computed, **self.values()}).items():
                if code in self.fields:
                    self.add_error(code, message)
                else:
                    self.add_error(None, message)
        return data


class PeriodChoiceForm(forms.Form):
    """Which period to open a report for: kind, year and number within the year."""

    kind = forms.ChoiceField(label="Loại kỳ", choices=PeriodKind.choices, initial=PeriodKind.MONTH)
    year = forms.IntegerField(
        label="Năm",
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": "«Năm» phải từ 2000 trở đi.",
            "max_value": "«Năm» không hợp lệ.",
            "invalid": "«Năm» phải là một số, ví dụ 2024.",
            "required": "Hãy nhập «Năm».",
        },
    )
    number = forms.IntegerField(
        label="Kỳ số",
        min_value=1,
        max_value=12,
        initial=1,
        error_messages={"required": "Hãy nhập «Kỳ số».", "invalid": "«Kỳ số» phải là một số."},
    )

    def clean(self) -> dict:
        data = super().clean()
        kind, number = data.get("kind"), data.get("number")
        if kind and number:
            count = 12 // MONTHS_PER_KIND[PeriodKind(kind)]
            if number > count:
                self.add_error("number", f"{PeriodKind(kind).label} chỉ có kỳ số từ 1 đến {count}.")
        return data

    def period(self) -> Period:
        d = self.cleaned_data
        return Period.of(d["kind"], d["year"], d["number"])


class BoardPeriodForm(forms.Form):
    """The period of the completeness board, chosen from the unit's latest periods of each kind
    (not a kind, a year and a number to type)."""

    ky = forms.ChoiceField(label="Kỳ báo cáo")

    def __init__(self, *args, periods: list[Period], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[str, str]]] = {}
        for period in periods:
            groups.setdefault(str(PeriodKind(period.kind).label), []).append(
                (self.value_of(period), period.label)
            )
        self.fields["ky"].choices = list(groups.items())
        self.fields["ky"].error_messages["invalid_choice"] = "Hãy chọn một kỳ trong danh sách."

    @staticmethod
    def value_of(period: Period) -> str:
        return f"{period.kind}-{period.start.year}-{period.number}"

    def period(self) -> Period:
        kind, year, number = self.cleaned_data["ky"].rsplit("-", 2)
        return Period.of(kind, int(year), int(number))


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="Ý kiến của Ban Chỉ đạo",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bắt buộc khi trả lại: ghi rõ cần sửa gì.",
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Lý do mở lại",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Phải ghi lý do mở lại báo cáo."},
    )
