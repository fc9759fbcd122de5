"""Section II of the báo cáo tổng kết drafted as Vietnamese prose from the figures (DESIGN §6).

The register is that of the seed articles: "Trong năm 2018, Công an huyện Trà Lĩnh đã phối hợp
tuyên truyền 38 cuộc tại các xã, thị trấn với 1.546 lượt người nghe ...". Rules:

* an indicator without data (no approved figure, no record) gets no sentence, and a subsection
  with nothing to say is left out;
* numbers are Vietnamese (``1.546``, ``2.239,5``) and counts under ten are written with two
  digits as administrative documents do (``01 khẩu``, ``06 công cụ hỗ trợ``);
* zero is said in words where it completes a sentence ("trong đó không có vụ trọng án"), one
  place is not "các" places, and lists end with "và";
* every sentence has its verb; the span is named in full once, later subsections open
  differently; a place is named only when it is not the report's own unit; the registries' real
  names come before numbered placeholders; awards are listed highest first.

Every function returns plain text, one paragraph per line, in the light markup of
``reports.summary.markup``; staff edit it before export.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from movement.models import Indicator, ReportSection, Unit
from reports.selectors import NamedModel, Span, SummaryFigures, SummaryRegistries
from reports.summary.details import Details, is_placeholder, note_parts
from reports.summary.narrative_community import CommunityDrafting
from reports.summary.prose import (
    COMMUNE_KINDS,
    join,
    lower_first,
    number,
    place_name,
    places,
    semi,
    sentence,
    unit_phrase,
)

__all__ = ["Drafter", "Subject", "join", "lower_first", "number", "place_name", "unit_phrase"]


@dataclass(frozen=True)
class Subject:
    """Whom the report is about, in the words the prose needs."""

    name: str  # "huyện Trà Lĩnh", "cụm địa bàn an toàn - đơn vị an toàn phường Hải Hòa"
    police: str  # "Công an huyện Trà Lĩnh"
    level: str  # UnitLevel code of the unit ("district", "commune"...), "cluster" for a cluster
    communes_label: str  # "xã, thị trấn"; "" when the unit is a commune itself
    unit_name: str = ""  # "Xã Hải Long": a place of that name is the report's own
    kind: str = ""  # "thành phố", "huyện", "xã"... ("cụm" for a cluster)

    @property
    def is_commune(self) -> bool:
        return self.level in ("commune", "residential")

    @property
    def whole(self) -> str:
        """``toàn thành phố``, ``toàn xã``; ``cụm`` for a cluster."""
        if self.level == "cluster":
            return "các đơn vị trong cụm"
        return f"toàn {self.kind}" if self.kind else self.name

    @classmethod
    def of_unit(cls, unit: Unit, commune_kinds: Sequence[str] = ()) -> Subject:
        kinds = [k.lower() for k in COMMUNE_KINDS if k in commune_kinds] or ["xã", "phường"]
        phrase = unit_phrase(unit)
        return cls(
            phrase,
            f"Công an {phrase}",
            unit.level.code,
            ", ".join(kinds),
            unit_name=unit.name,
            kind=(unit.kind or "").lower(),
        )

    @classmethod
    def of_cluster(cls, name: str) -> Subject:
        return cls(
            lower_first(name),
            "Công an các xã, phường trong cụm",
            "cluster",
            "xã, phường",
            "",
            "cụm",
        )


class Drafter(CommunityDrafting):
    """Drafts the paragraphs of one report from its figures, registries and details."""

    def __init__(
        self,
        subject: Subject,
        span: Span,
        figures: SummaryFigures,
        registries: SummaryRegistries,
        details: Details | None = None,
    ) -> None:
        self.subject = subject
        self.span = span
        self.figures = figures.by_code()
        self.registries = registries
        self.details = details or Details()
        self._openings = 0

    # Helpers -------------------------------------------------------------------------------------

    def value(self, code: str) -> Decimal | None:
        """The figure of ``code`` over the span; None when there is no data for it."""
        figure = self.figures.get(code)
        if figure is None or figure.value is None:
            return None
        if figure.source == Indicator.Source.COMPUTED and not figure.value:
            return None  # no record: nothing to say
        return figure.value

    def n(self, code: str) -> str:
        figure = self.figures[code]
        return number(figure.value, figure.decimal_places)

    def note(self, code: str) -> str:
        """The approved figure's own words when one report gives them ("01 khẩu súng hơi cồn tự
        chế"), "" otherwise."""
        notes = self.details.notes.get(code, ())
        return notes[0] if len(notes) == 1 else ""

    @property
    def when(self) -> str:
        """``Trong năm 2018`` or ``Trong giai đoạn 2013 - 2023``."""
        return f"Trong {self.span.label}"

    def opening(self) -> str:
        """How a subsection's first sentence opens: the span in full the first time, then in
        fewer words, or not at all (the reader knows the period by then)."""
        count = len(self.span.years)
        if self.span.is_range:
            options = [
                f"{self.when}, ",
                "",
                f"Qua {count} năm thực hiện, ",
                "",
                f"Trong {count} năm, ",
            ]
        else:
            options = [f"{self.when}, ", "", f"Năm {self.span.last_year}, ", "", "Trong năm, "]
        text = options[self._openings % len(options)]
        self._openings += 1
        return text

    @property
    def as_of(self) -> str:
        """Stocks are counted on the last day with data: ``Đến hết năm 2018``."""
        years = [y for y in self.span.years if y in self.data_years] or self.span.years
        return f"Đến hết năm {years[-1]}"

    @property
    def data_years(self) -> set[int]:
        out = set(self.details.report_years)
        for figure in self.figures.values():
            for year, value in figure.by_year:
                if value:
                    out.add(year)
        if not self.span.is_range and any(f.value for f in self.figures.values()):
            out.add(self.span.last_year)
        return out

    @property
    def area(self) -> str:
        return "địa bàn" if self.subject.level == "cluster" else f"địa bàn {self.subject.name}"

    def where(self, name: str) -> str:
        """`` ở xã Cô Mười``; "" for the report's own unit."""
        if not name or name == self.subject.unit_name:
            return ""
        return f" ở {places([name])}"

    # Sections -----------------------------------------------------------------------------------

    def leadership(self) -> list[str]:
        parts = []
        if self.value("leadership_documents") is not None:
            parts.append(
                f"ban hành {self.n('leadership_documents')} văn bản lãnh đạo, chỉ đạo triển khai "
                "phong trào Toàn dân bảo vệ an ninh Tổ quốc"
            )
        if self.value("security_councils") is not None:
            councils = self.note("security_councils") or (
                f"{self.n('security_councils')} Hội đồng ANTT"
            )
            parts.append(f"duy trì hoạt động của {councils}")
        if not parts:
            return []
        return [sentence(f"{self.opening()}Ban Chỉ đạo {self.subject.name} đã {semi(parts)}")]

    def propaganda(self) -> list[str]:
        paragraphs = []
        clauses = []
        commune = self.value("propaganda_sessions_commune")
        residential = self.value("propaganda_sessions_residential")
        where_commune = (
            "ở cấp xã" if self.subject.is_commune else f"tại các {self.subject.communes_label}"
        )
        if commune is not None:
            clause = f"tuyên truyền {self.n('propaganda_sessions_commune')} cuộc {where_commune}"
            if self.value("propaganda_attendees_commune") is not None:
                clause += f" với {self.n('propaganda_attendees_commune')} lượt người nghe"
            clauses.append(clause)
        if residential is not None:
            clause = (
                f"tổ chức {self.n('propaganda_sessions_residential')} đợt tuyên truyền tại các "
                "thôn, xóm, tổ dân phố"
            )
            if self.value("propaganda_attendees_residential") is not None:
                clause += f" với {self.n('propaganda_attendees_residential')} lượt người nghe"
            clauses.append(clause)
        total = self.value("propaganda_sessions")
        other = (total or 0) - (commune or 0) - (residential or 0)
        if clauses and other > 0:
            clauses.append(f"tổ chức {number(other)} buổi tại cơ quan, doanh nghiệp, trường học")
        elif not clauses and total is not None:
            clause = f"tổ chức {self.n('propaganda_sessions')} buổi tuyên truyền"
            if self.value("propaganda_attendees") is not None:
                clause += f" với {self.n('propaganda_attendees')} lượt người tham gia"
            clauses.append(clause)
        if clauses:
            paragraphs.append(
                sentence(
                    f"{self.opening()}{self.subject.police} đã phối hợp với Ủy ban Mặt trận Tổ "
                    f"quốc, các ban, ngành, đoàn thể {join(clauses)} về chủ trương, đường lối của "
                    "Đảng, chính sách, pháp luật của Nhà nước và phong trào Toàn dân bảo vệ an "
                    "ninh Tổ quốc"
                )
            )
        channels = [c for c in self.registries.propaganda_by_channel if c[1]]
        if len(channels) > 1:
            listed = [
                f"{lower_first(label)} ({number(count)} lượt)" for label, count, _ in channels[:5]
            ]
            paragraphs.append(sentence(f"Các hình thức tuyên truyền gồm: {semi(listed)}"))
        material = []
        if self.value("propaganda_leaflets") is not None:
            material.append(f"{self.n('propaganda_leaflets')} tờ rơi")
        if self.value("propaganda_documents") is not None:
            material.append(f"{self.n('propaganda_documents')} tệp tài liệu tuyên truyền")
        if material:
            text = f"Các lực lượng đã cấp phát {join(material)}"
            if self.value("residential_areas_reached") is not None:
                text += f" đến {self.n('residential_areas_reached')} khu dân cư"
            paragraphs.append(sentence(text))
        if self.value("propaganda_loudspeaker") is not None:
            paragraphs.append(
                sentence(
                    f"Hệ thống loa truyền thanh đã phát {self.n('propaganda_loudspeaker')} lượt "
                    "tin, bài tuyên truyền"
                )
            )
        households = self.value("households_committed")
        share = self.value("households_committed_share")
        if households is not None or share is not None:
            who = f"{self.n('households_committed')} hộ gia đình" if households is not None else ""
            if share is not None:
                who = (
                    f"{who} ({self.n('households_committed_share')}%)"
                    if who
                    else (f"{self.n('households_committed_share')}% hộ gia đình")
                )
            paragraphs.append(
                sentence(
                    f"Mặt trận Tổ quốc và các đoàn thể đã vận động {who} ký cam kết không vi "
                    "phạm pháp luật, bảo đảm an ninh, trật tự, an toàn giao thông, bài trừ tệ "
                    "nạn xã hội"
                )
            )
        if self.value("thematic_programmes") is not None:
            paragraphs.append(
                sentence(
                    f"Các cơ quan, đơn vị đã triển khai thực hiện {self.n('thematic_programmes')} "
                    "chuyên đề về xây dựng phong trào Toàn dân bảo vệ an ninh Tổ quốc"
                )
            )
        return paragraphs

    def models(self) -> list[str]:
        parts = []
        if self.value("models_built") is not None:
            parts.append(f"{self.n('models_built')} mô hình")
        if self.value("exemplars_recognised") is not None:
            parts.append(f"{self.n('exemplars_recognised')} điển hình tiên tiến")
        paragraphs = []
        if parts:
            paragraphs.append(
                sentence(
                    f"{self.opening()}{self.subject.whole} đã xây dựng, nhân rộng {join(parts)} "
                    "trong phong trào Toàn dân bảo vệ an ninh Tổ quốc"
                )
            )
        named = _notable(self.registries.models, self)
        if named:
            listed = semi(named) if len(named) > 1 else named[0]
            paragraphs.append(sentence(f"Tiêu biểu là: {listed}"))
        return paragraphs

    def crime(self) -> list[str]:
        paragraphs = []
        if self.value("tips_received") is not None:
            text = (
                f"Quần chúng nhân dân đã cung cấp cho cơ quan Công an {self.n('tips_received')} "
                "tin liên quan đến an ninh, trật tự"
            )
            valuable = self.value("tips_valuable")
            if valuable is not None:
                text += (
                    f", trong đó có {self.n('tips_valuable')} tin có giá trị"
                    if valuable
                    else ", trong đó không có tin có giá trị"
                )
            paragraphs.append(sentence(text))
        clauses = []
        if self.value("cases_solved") is not None:
            clause = f"điều tra, khám phá {self.n('cases_solved')} vụ phạm pháp hình sự"
            serious = self.value("cases_serious")
            if serious is not None:
                clause += (
                    f", trong đó có {self.n('cases_serious')} vụ trọng án"
                    if serious
                    else ", trong đó không có vụ trọng án"
                )
            clauses.append(clause)
        if self.value("persons_arrested") is not None:
            clauses.append(f"bắt giữ {self.n('persons_arrested')} đối tượng")
        if self.value("wanted_caught") is not None:
            wanted = f"bắt {self.n('wanted_caught')} đối tượng truy nã"
            note = self.note("wanted_caught")
            notes = set(self.details.notes.get("wanted_caught", ()))
            if len(notes) == 1 and not note:
                note = notes.pop()
            if note and "người" in note:
                wanted = f"bắt {self.n('wanted_caught')} {lower_first(note)}"
            clauses.append(wanted)
        if clauses:
            paragraphs.append(
                sentence(f"Dựa trên nguồn tin đó, lực lượng Công an đã {semi(clauses)}")
            )
        clauses = []
        if self.value("foreigners_immigration") is not None:
            clause = (
                f"phát hiện, bắt giữ {self.n('foreigners_immigration')} người nước ngoài vi phạm "
                "quy định về xuất nhập cảnh"
            )
            if self.value("immigration_fines") is not None:
                clause += f", phạt tiền {self.n('immigration_fines')} đồng"
            clauses.append(clause)
        if self.value("handed_over_abroad") is not None:
            clauses.append(
                f"bàn giao {self.n('handed_over_abroad')} đối tượng cho phía nước ngoài xử lý"
            )
        if self.value("traffic_violations") is not None:
            clause = (
                f"xử lý {self.n('traffic_violations')} trường hợp vi phạm trật tự, an toàn giao "
                "thông"
            )
            if self.value("traffic_fines") is not None:
                clause += f", phạt tiền {self.n('traffic_fines')} đồng"
            clauses.append(clause)
        if self.value("admin_violations") is not None:
            clause = (
                f"xử lý {self.n('admin_violations')} trường hợp vi phạm hành chính về trật tự "
                "xã hội"
            )
            if self.value("admin_fines") is not None:
                clause += f", phạt tiền {self.n('admin_fines')} đồng"
            clauses.append(clause)
        if self.value("firecrackers_seized") is not None:
            clauses.append(f"thu giữ {self.n('firecrackers_seized')} kg pháo các loại")
        for cases, suspects, what in [
            ("weapon_cases", "weapon_suspects", "tàng trữ, vận chuyển vũ khí quân dụng"),
            (
                "firecracker_cases",
                "firecracker_suspects",
                "mua bán, vận chuyển, tàng trữ pháo trái phép",
            ),
        ]:
            if self.value(cases) is not None:
                clause = f"khởi tố {self.n(cases)} vụ"
                if self.value(suspects) is not None:
                    clause += f", {self.n(suspects)} bị can"
                clauses.append(f"{clause} về tội {what}")
        if clauses:
            paragraphs.append(sentence(f"Các lực lượng chức năng còn {semi(clauses)}"))
        handed = [
            self.note(code) or text.format(self.n(code))
            for code, text in [
                ("weapons_surrendered", "{} khẩu vũ khí"),
                ("explosives_surrendered", "{} kg vật liệu nổ"),
                ("support_tools_surrendered", "{} công cụ hỗ trợ"),
            ]
            if self.value(code) is not None
        ]
        if handed:
            paragraphs.append(
                sentence(
                    "Thực hiện Cuộc vận động toàn dân giao nộp vũ khí, vật liệu nổ, công cụ hỗ "
                    f"trợ, nhân dân đã tự giác giao nộp {join(handed)}"
                )
            )
        clauses = []
        if self.value("disputes_mediated") is not None:
            clauses.append(
                f"hòa giải {self.n('disputes_mediated')} vụ mâu thuẫn, tranh chấp trong nội bộ "
                "nhân dân"
            )
        if self.value("persons_educated") is not None:
            clauses.append(
                f"cảm hóa, giáo dục tại gia đình và cộng đồng dân cư {self.n('persons_educated')} "
                "lượt đối tượng"
            )
        if self.value("persons_reintegrated") is not None:
            clauses.append(f"giúp đỡ {self.n('persons_reintegrated')} người tái hòa nhập cộng đồng")
        if clauses:
            paragraphs.append(sentence(f"Quần chúng nhân dân đã phối hợp {semi(clauses)}"))
        if self.value("persons_trained") is not None:
            parts = note_parts(self.details.notes.get("persons_trained", ()))
            if parts and sum(n for n, _ in parts) == self.value("persons_trained"):
                who = join([f"{number(n)} {label}" for n, label in parts])
            else:
                who = f"{self.n('persons_trained')} lượt cán bộ, hội viên, quần chúng"
            paragraphs.append(
                sentence(
                    "Công an và các đoàn thể đã tập huấn kiến thức phòng, chống tội phạm, bảo vệ "
                    f"an ninh, trật tự cho {who}"
                )
            )
        return paragraphs

    def results(self) -> dict[str, str]:
        """Section II: ``{ReportSection value: text}``, only the subsections with something to say."""
        self._openings = 0
        drafts = {
            ReportSection.LEADERSHIP: self.leadership(),
            ReportSection.PROPAGANDA: self.propaganda(),
            ReportSection.MODELS: self.models(),
            ReportSection.CRIME: self.crime(),
            ReportSection.SELF_MANAGEMENT: self.self_management(),
            ReportSection.CLUSTERS: self.clusters(),
            ReportSection.SAFETY: self.safety(),
            ReportSection.FESTIVALS: self.festivals(),
            ReportSection.COMMENDATIONS: self.commendations(),
        }
        return {str(key): "\n".join(text) for key, text in drafts.items() if text}


def _notable(models: Sequence[NamedModel], drafter: Drafter, limit: int = 4) -> list[str]:
    """Named models, real names before numbered placeholders, most places first: "mô hình “Xã
    không có ma túy” ở các xã A, B và C"; the place is left out when it is the report's own unit,
    and a model working inside it says where ("ở thôn Vĩnh Lợi")."""
    ranked = sorted(models, key=lambda m: (is_placeholder(m.name), -len(m.places), -m.year, m.name))
    ranked = [m for m in ranked if not is_placeholder(m.name)][:limit]
    out = []
    for model in ranked:
        name = model.name
        if name.lower().startswith(("mô hình", "điển hình")):
            label = f"{lower_first(name)}"
        else:
            label = ("điển hình" if model.kind == "exemplar" else "mô hình") + f" “{name}”"
        inside = drafter.details.model_places.get(name, "")
        own = [p for p in model.places if p != drafter.subject.unit_name]
        if own:
            label += f" ở {places(list(own))}"
        elif inside:
            label += f" ở {lower_first(inside)}"
        out.append(label)
    return out
