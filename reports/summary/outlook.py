"""Sections I, III, IV and V of the báo cáo tổng kết drafted from the data (DESIGN §6).

* I. Đặc điểm tình hình: the unit's facts (area, communes, khu dân cư, population) and the
  security situation in figures, with their change where the span before has data.
* III. Đánh giá chung: ưu điểm from what rose or held, hạn chế from what fell, the years without
  an approved yearly report, the communes without a group or a model; nguyên nhân and bài học
  as a scaffold in square brackets that the chief completes (the report is a draft until then).
* IV. Phương hướng, nhiệm vụ: continue what the figures show working, close the gaps found.
* V. Đề xuất, kiến nghị: commendation of the span's named models and exemplars.

Text is in the light markup of ``reports.summary.markup``: ``**1. Ưu điểm**`` a sub-heading,
``- …`` a bullet.
"""

from __future__ import annotations

from decimal import Decimal

from reports.selectors import AnnexFigure, Span
from reports.summary import legal
from reports.summary.details import is_placeholder
from reports.summary.figures import years_text
from reports.summary.narrative import Drafter
from reports.summary.prose import join, lower_first, named_places, number, places, sentence
from reports.templatetags.vi_numbers import vn

# Figures an assessment speaks of, in this order: what was done ("{}" is the amount with its
# unit) and the activity it measures (section IV).
KEY_FIGURES = [
    (
        "propaganda_sessions",
        "tổ chức {} tuyên truyền",
        "công tác tuyên truyền, vận động quần chúng",
    ),
    ("propaganda_attendees", "thu hút {} nghe tuyên truyền", ""),
    (
        "tips_received",
        "tiếp nhận {} của quần chúng liên quan đến an ninh, trật tự",
        "công tác tiếp nhận, xử lý tin báo, tố giác tội phạm của quần chúng",
    ),
    (
        "cases_solved",
        "khám phá {} phạm pháp hình sự",
        "phối hợp đấu tranh, khám phá các vụ phạm pháp hình sự",
    ),
    ("disputes_mediated", "hòa giải thành {} mâu thuẫn, tranh chấp", "công tác hòa giải ở cơ sở"),
    (
        "persons_educated",
        "cảm hóa, giáo dục {} đối tượng",
        "cảm hóa, giáo dục người lầm lỗi tại gia đình và cộng đồng dân cư",
    ),
    (
        "groups_active",
        "duy trì {} tự quản về an ninh, trật tự",
        "hoạt động của các tổ, nhóm tự quản về an ninh, trật tự",
    ),
    (
        "models_built",
        "xây dựng {} trong phong trào",
        "xây dựng, nhân rộng mô hình, điển hình tiên tiến",
    ),
    (
        "communes_registered",
        "có {} đăng ký xây dựng “An toàn về an ninh, trật tự”",
        "xây dựng xã, phường, thị trấn “An toàn về an ninh, trật tự”",
    ),
    (
        "festivals_held",
        "tổ chức {} Ngày hội toàn dân bảo vệ an ninh Tổ quốc",
        "tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc hằng năm",
    ),
]


def scaffold(what: str) -> str:
    return f"[{what}]"


def change_words(figure: AnnexFigure) -> str:
    """``tăng 12,5%``, ``giảm 3,0%``, ``bằng``; "" without a comparison."""
    pct = figure.change_percent
    if pct is None:
        return ""
    if pct > 0:
        return f"tăng {vn(pct, 1)}%"
    if pct < 0:
        return f"giảm {vn(-pct, 1)}%"
    return "bằng"


class Outlook:
    """Drafts sections I, III, IV and V with the figures and details of a ``Drafter``."""

    def __init__(self, drafter: Drafter, *, superior: str = "") -> None:
        self.d = drafter
        self.superior = superior  # "Ban Chỉ đạo 138 tỉnh Quảng Ninh": to whom V proposes

    # Helpers -------------------------------------------------------------------------------------

    @property
    def span(self):
        return self.d.span

    def figure(self, code: str) -> AnnexFigure | None:
        f = self.d.figures.get(code)
        return f if f is not None and self.d.value(code) is not None else None

    def amount(self, f: AnnexFigure, value: Decimal | None = None) -> str:
        return f"{number(f.value if value is None else value, f.decimal_places)} {f.unit_label}"

    def said(self, f: AnnexFigure) -> str:
        """The amount as the sentence needs it: "121 cuộc", but "170" before "Ngày hội"."""
        if f.key == "festivals_held":
            return number(f.value, f.decimal_places)
        return self.amount(f)

    def tail(self, f: AnnexFigure) -> str:
        """``, tăng 12,5% so với năm 2017``; "" when the span before has no data."""
        words = change_words(f)
        before = self.span.previous().label
        if words == "bằng":
            return f", bằng {before}"
        return f", {words} so với {before}" if words else ""

    def missing_years(self) -> list[int]:
        return [y for y in self.span.years if y not in self.d.data_years]

    def without(self, names: frozenset[str]) -> list[str]:
        return [c for c in self.d.details.communes if c not in names]

    # I. Đặc điểm tình hình ------------------------------------------------------------------------

    def situation(self) -> str:
        d, subject = self.d, self.d.subject
        paragraphs = []
        facts = d.details.facts
        parts = []
        if facts is not None and facts.area_km2:
            parts.append(f"diện tích tự nhiên {vn(facts.area_km2, 0)} km²")
        communes = len(d.details.communes) or d.registries.communes
        if subject.level == "cluster":
            if d.details.communes:
                paragraphs.append(
                    sentence(
                        f"{subject.name[:1].upper()}{subject.name[1:]} gồm "
                        f"{number(len(d.details.communes))} {subject.communes_label}: "
                        f"{named_places(list(d.details.communes))}"
                    )
                )
        else:
            if communes and not subject.is_commune:
                parts.append(
                    f"{number(communes)} đơn vị hành chính cấp xã ({subject.communes_label})"
                )
            residential = (facts.residential_areas if facts else None) or (
                d.registries.residential_areas or None
            )
            if residential:
                label = (facts.residential_label if facts else "") or "khu dân cư"
                parts.append(f"{number(residential)} {label}")
            text = ""
            if parts:
                text = f"{subject.name[:1].upper()}{subject.name[1:]} có {join(parts)}"
            if facts is not None and facts.population:
                over = "trên " if facts.population_at_least else ""
                text += f"{'; ' if text else f'{subject.name} có '}dân số {over}{vn(facts.population)} người"
            if text:
                paragraphs.append(sentence(text))
        security = []
        for code, words, _ in [KEY_FIGURES[3], KEY_FIGURES[2], KEY_FIGURES[4]]:
            f = self.figure(code)
            if f is not None:
                security.append(words.format(self.said(f)) + self.tail(f))
        groups = self.figure("groups_active")
        if security:
            paragraphs.append(
                sentence(
                    f"Tình hình an ninh, trật tự trên {d.area} {self.span.label} cơ bản được giữ "
                    f"vững: lực lượng Công an đã {'; '.join(security)}"
                )
            )
        elif groups is not None:
            paragraphs.append(
                sentence(
                    f"Tình hình an ninh, trật tự trên {d.area} {self.span.label} được giữ ổn "
                    f"định, với {self.amount(groups)} tự quản duy trì hoạt động ở cơ sở"
                )
            )
        missing = self.missing_years()
        if missing and len(missing) < len(self.span.years):
            years = years_text(missing)
            paragraphs.append(
                sentence(
                    f"Năm {years} chưa có báo cáo năm được duyệt: số liệu của "
                    f"{'năm này' if len(missing) == 1 else 'các năm này'} để trống (–) trong báo "
                    "cáo và phụ lục"
                )
            )
        return "\n".join(paragraphs)

    # III. Đánh giá chung -------------------------------------------------------------------------

    def assessment(self) -> str:
        strengths, weaknesses = [], []
        for code, done, _ in KEY_FIGURES:
            f = self.figure(code)
            if f is None:
                continue
            words = change_words(f)
            if words.startswith("giảm"):
                weaknesses.append(
                    sentence(
                        f"{f.label} giảm còn {self.amount(f)} ({words} so với "
                        f"{self.span.previous().label})"
                    )
                )
            else:
                strengths.append(
                    # A bullet opens with its verb: "- Tổ chức 121 cuộc tuyên truyền."
                    sentence(f"{done.format(self.said(f))}{self.tail(f)}")
                )
        details = self.d.details
        communes = details.communes
        if len(communes) > 1:
            covered = len(details.communes_with_groups)
            if covered == len(communes):
                strengths.append(
                    sentence(
                        f"Tổ, nhóm tự quản về an ninh, trật tự hoạt động ở {covered}/{len(communes)} "
                        f"{self.d.subject.communes_label}"
                    )
                )
            for names, what in [
                (details.communes_with_groups, "tổ, nhóm tự quản về an ninh, trật tự hoạt động"),
                (details.communes_with_models, "mô hình, điển hình tiên tiến"),
            ]:
                lacking = self.without(names)
                if lacking and len(lacking) < len(communes):
                    weaknesses.append(
                        sentence(
                            f"Còn {number(len(lacking))} {self.d.subject.communes_label} chưa có "
                            f"{what}: {named_places(lacking)}"
                        )
                    )
        missing = self.missing_years()
        if missing and len(missing) < len(self.span.years):
            weaknesses.append(
                sentence(
                    f"Chưa có báo cáo năm được duyệt của năm {years_text(missing)}, "
                    "số liệu tổng hợp chưa đầy đủ"
                )
            )
        late = self.d.details.late_reports
        if late:
            listed = join([f"{lower_first(name)} năm {year}" for name, year in late[:5]])
            more = f" và {number(len(late) - 5)} báo cáo khác" if len(late) > 5 else ""
            weaknesses.append(sentence(f"Báo cáo năm gửi muộn so với thời hạn: {listed}{more}"))
        lines = ["**1. Ưu điểm**"]
        lines += [f"- {s}" for s in strengths] or [f"- {scaffold('Bổ sung ưu điểm')}"]
        lines.append("**2. Hạn chế**")
        lines += [f"- {s}" for s in weaknesses] or [f"- {scaffold('Bổ sung hạn chế, tồn tại')}"]
        lines += [
            "**3. Nguyên nhân**",
            f"- Nguyên nhân của ưu điểm: {scaffold('Ban Chỉ đạo bổ sung')}",
            f"- Nguyên nhân của hạn chế: {scaffold('Ban Chỉ đạo bổ sung')}",
            "**4. Bài học kinh nghiệm**",
            f"- {scaffold('Ban Chỉ đạo bổ sung bài học kinh nghiệm')}",
        ]
        return "\n".join(lines)

    # IV. Phương hướng, nhiệm vụ ------------------------------------------------------------------

    def next_span_label(self) -> str:
        return "thời gian tới" if self.span.is_range else f"năm {self.span.last_year + 1}"

    def directions(self) -> str:
        d = self.d
        lines = [
            sentence(
                f"Phát huy kết quả đạt được {self.span.label}, {self.next_span_label()} "
                f"{d.subject.whole} tập trung thực hiện tốt các nhiệm vụ sau"
            ).rstrip(".")
            + ":"
        ]
        for code, _, activity in KEY_FIGURES:
            f = self.figure(code)
            if f is None or not activity:
                continue
            if change_words(f).startswith("giảm"):
                lines.append(
                    f"- {sentence(f'Khắc phục sự sụt giảm của {lower_first(f.label)}; tăng cường {activity}')}"
                )
            elif code == "models_built":
                named = [
                    m.name
                    for m in d.registries.models
                    if not is_placeholder(m.name) and m.kind == "model"
                ][:2]
                labels = [
                    lower_first(n) if n.lower().startswith("mô hình") else f"mô hình “{n}”"
                    for n in named
                ]
                extra = f", nhất là {join(labels)}" if named else ""
                lines.append(f"- {sentence(f'Tiếp tục {activity}{extra}')}")
            elif code == "communes_registered":
                cited = legal.in_force(legal.SAFETY_STANDARD, _next(self.span))
                tail = f" theo {cited[-1].number}" if cited else ""
                lines.append(f"- {sentence(f'Tiếp tục {activity}{tail}')}")
            else:
                lines.append(
                    f"- {sentence(f'Tiếp tục duy trì, nâng cao chất lượng {activity} ({self.amount(f)} {self.span.label})')}"
                )
        lacking = self.without(d.details.communes_with_groups)
        if lacking and len(lacking) < len(d.details.communes):
            lines.append(
                f"- {sentence(f'Thành lập tổ, nhóm tự quản về an ninh, trật tự ở {named_places(lacking)}')}"
            )
        if _next(self.span).end.year >= 2024 and legal.in_force(
            legal.GRASSROOTS_FORCE, _next(self.span)
        ):
            law = legal.in_force(legal.GRASSROOTS_FORCE, _next(self.span))[0]
            lines.append(
                f"- {sentence(f'Kiện toàn Tổ bảo vệ an ninh, trật tự ở cơ sở theo {law.number}')}"
            )
        if len(lines) == 1:
            lines.append(f"- {scaffold('Bổ sung phương hướng, nhiệm vụ')}")
        return "\n".join(lines)

    # V. Đề xuất, kiến nghị -----------------------------------------------------------------------

    def proposals(self) -> str:
        d = self.d
        superior = self.superior or "cấp trên"
        by_name = {m.name: m for m in d.registries.models}
        named = []
        for name in d.details.exemplars[:4]:
            model = by_name.get(name)
            where = ""
            if model is not None:
                own = [p for p in model.places if p != d.subject.unit_name]
                where = f" của {places(own)}" if own else ""
            kind = "điển hình" if model is not None and model.kind == "exemplar" else "mô hình"
            label = (
                lower_first(name)
                if name.lower().startswith(("mô hình", "điển hình"))
                else f"{kind} “{name}”"
            )
            named.append(f"{label}{where}")
        lines = []
        if named:
            lines.append(
                f"- {sentence(f'Đề nghị {superior} xem xét, khen thưởng các tập thể, cá nhân có thành tích tiêu biểu trong xây dựng {join(named)}')}"
            )
        if not lines:
            lines.append(f"- {scaffold('Bổ sung đề xuất, kiến nghị')}")
        return "\n".join(lines)


def _next(span: Span) -> Span:
    """The year after the report, when it is signed: the tasks cite what is in force then (a
    report of 2015–2019 signed in 2020 cannot cite a law of 2023)."""
    return Span(span.last_year + 1, span.last_year + 1)
