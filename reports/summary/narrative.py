"""Section II of the báo cáo tổng kết drafted as Vietnamese prose from the figures (DESIGN §6).

The register is that of the seed articles: "Trong năm 2018, Công an huyện Trà Lĩnh đã phối hợp
tuyên truyền 38 cuộc tại các xã, thị trấn với 1.546 lượt người nghe ...". Rules:

* an indicator without data (no approved figure, no record) gets no sentence, and a subsection
  with nothing to say is left out;
* numbers are Vietnamese (``1.546``, ``2.239,5``) and counts under ten are written with two
  digits as administrative documents do (``01 khẩu``, ``06 công cụ hỗ trợ``);
* zero is said in words where it completes a sentence ("trong đó không có vụ trọng án"), one
  place is not "các" places, and lists end with "và".

Every function returns plain text, one paragraph per line; staff edit it before export.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from movement.models import Indicator, ReportSection, Unit
from reports.selectors import NamedModel, Span, SummaryFigures, SummaryRegistries
from reports.templatetags.vi_numbers import vn

COMMUNE_KINDS = ["Xã", "Phường", "Thị trấn", "Đặc khu"]


def unit_phrase(unit: Unit) -> str:
    """``Thành phố Móng Cái`` → ``thành phố Móng Cái`` (the kind in lower case, as in prose)."""
    if unit.kind and unit.name.startswith(unit.kind):
        return unit.kind.lower() + unit.name[len(unit.kind) :]
    return unit.name


def place_name(unit: Unit) -> str:
    """``Thành phố Móng Cái`` → ``Móng Cái`` (the địa danh of the document's date line)."""
    if unit.kind and unit.name.startswith(unit.kind + " "):
        return unit.name[len(unit.kind) + 1 :]
    return unit.name


def number(value: Decimal | int | None, places: int = 0) -> str:
    """``1546`` → ``1.546``; ``6`` → ``06``; ``2239.5`` with one place → ``2.239,5``."""
    value = Decimal(value or 0)
    if value == value.to_integral_value() and 0 < value < 10:
        return f"{int(value):02d}"
    return vn(value, places)


def join(parts: Sequence[str], last: str = " và ") -> str:
    """``a``; ``a và b``; ``a, b và c``."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + last + parts[-1]


def semi(parts: Sequence[str]) -> str:
    """Clauses that contain commas themselves: ``a; b; c``."""
    return "; ".join(p for p in parts if p)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    text = text.strip().rstrip(";,")
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


@dataclass(frozen=True)
class Subject:
    """Whom the report is about, in the words the prose needs."""

    name: str  # "huyện Trà Lĩnh", "cụm địa bàn an toàn - đơn vị an toàn phường Hải Hòa"
    police: str  # "Công an huyện Trà Lĩnh"
    level: str  # UnitLevel code of the unit ("district", "commune"...), "cluster" for a cluster
    communes_label: str  # "xã, thị trấn"; "" when the unit is a commune itself

    @property
    def is_commune(self) -> bool:
        return self.level in ("commune", "residential")

    @classmethod
    def of_unit(cls, unit: Unit, commune_kinds: Sequence[str] = ()) -> Subject:
        kinds = [k.lower() for k in COMMUNE_KINDS if k in commune_kinds] or ["xã", "phường"]
        phrase = unit_phrase(unit)
        return cls(phrase, f"Công an {phrase}", unit.level.code, ", ".join(kinds))

    @classmethod
    def of_cluster(cls, name: str) -> Subject:
        return cls(lower_first(name), "Công an các xã, phường trong cụm", "cluster", "xã, phường")


class Drafter:
    """Drafts the paragraphs of one report from its figures and registries."""

    def __init__(
        self, subject: Subject, span: Span, figures: SummaryFigures, registries: SummaryRegistries
    ) -> None:
        self.subject = subject
        self.span = span
        self.figures = figures.by_code()
        self.registries = registries

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

    @property
    def when(self) -> str:
        """``Trong năm 2018`` or ``Trong giai đoạn 2013 - 2023``."""
        return f"Trong {self.span.label}"

    @property
    def as_of(self) -> str:
        """Stocks are counted on the last day: ``Đến hết năm 2018``."""
        return f"Đến hết năm {self.span.last_year}"

    @property
    def area(self) -> str:
        return "địa bàn" if self.subject.level == "cluster" else f"địa bàn {self.subject.name}"

    # Sections -----------------------------------------------------------------------------------

    def leadership(self) -> list[str]:
        parts = []
        if self.value("leadership_documents") is not None:
            parts.append(
                f"ban hành {self.n('leadership_documents')} văn bản lãnh đạo, chỉ đạo triển khai "
                "phong trào Toàn dân bảo vệ an ninh Tổ quốc"
            )
        if self.value("security_councils") is not None:
            parts.append(f"duy trì hoạt động của {self.n('security_councils')} Hội đồng ANTT")
        if not parts:
            return []
        return [sentence(f"{self.when}, Ban Chỉ đạo {self.subject.name} đã {semi(parts)}")]

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
                f"{self.n('propaganda_sessions_residential')} đợt tuyên truyền tại các thôn, "
                "xóm, tổ dân phố"
            )
            if self.value("propaganda_attendees_residential") is not None:
                clause += f" với {self.n('propaganda_attendees_residential')} lượt người nghe"
            clauses.append(clause)
        total = self.value("propaganda_sessions")
        other = (total or 0) - (commune or 0) - (residential or 0)
        if clauses and other > 0:
            clauses.append(f"{number(other)} buổi tại cơ quan, doanh nghiệp, trường học")
        elif not clauses and total is not None:
            clause = f"tổ chức {self.n('propaganda_sessions')} buổi tuyên truyền"
            if self.value("propaganda_attendees") is not None:
                clause += f" với {self.n('propaganda_attendees')} lượt người tham gia"
            clauses.append(clause)
        if clauses:
            paragraphs.append(
                sentence(
                    f"{self.when}, {self.subject.police} đã phối hợp với Ủy ban Mặt trận Tổ quốc, "
                    f"các ban, ngành, đoàn thể {join(clauses, ', ')} về chủ trương, đường lối của "
                    "Đảng, chính sách, pháp luật của Nhà nước và phong trào Toàn dân bảo vệ an "
                    "ninh Tổ quốc"
                )
            )
        channels = [c for c in self.registries.propaganda_by_channel if c[1]]
        if len(channels) > 1:
            listed = [
                f"{lower_first(label)} ({number(count)} lượt)" for label, count, _ in channels[:5]
            ]
            paragraphs.append(sentence(f"Hình thức tuyên truyền gồm: {semi(listed)}"))
        material = []
        if self.value("propaganda_leaflets") is not None:
            material.append(f"{self.n('propaganda_leaflets')} tờ rơi")
        if self.value("propaganda_documents") is not None:
            material.append(f"{self.n('propaganda_documents')} tệp tài liệu tuyên truyền")
        if material:
            text = f"Cấp phát {join(material)}"
            if self.value("residential_areas_reached") is not None:
                text += f" đến {self.n('residential_areas_reached')} khu dân cư"
            paragraphs.append(sentence(text))
        if self.value("propaganda_loudspeaker") is not None:
            paragraphs.append(
                sentence(
                    f"Phát {self.n('propaganda_loudspeaker')} lượt tuyên truyền trên hệ thống "
                    "loa truyền thanh"
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
                    f"Vận động {who} ký cam kết không vi phạm pháp luật, bảo đảm an ninh, trật "
                    "tự, an toàn giao thông, bài trừ tệ nạn xã hội"
                )
            )
        if self.value("thematic_programmes") is not None:
            paragraphs.append(
                sentence(
                    f"Triển khai thực hiện {self.n('thematic_programmes')} chuyên đề về xây dựng "
                    "phong trào Toàn dân bảo vệ an ninh Tổ quốc"
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
                    f"{self.when}, đã phối hợp xây dựng, nhân rộng {join(parts)} trong phong trào "
                    "Toàn dân bảo vệ an ninh Tổ quốc"
                )
            )
        named = _notable(self.registries.models)
        if named:
            paragraphs.append(sentence(f"Tiêu biểu như: {semi(named)}"))
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
            clauses.append(f"bắt {self.n('wanted_caught')} đối tượng truy nã")
        if clauses:
            paragraphs.append(sentence(f"Lực lượng Công an đã {semi(clauses)}"))
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
                clauses.append(f"{clause} {what}")
        if clauses:
            paragraphs.append(sentence(semi(clauses)))
        handed = [
            (code, text)
            for code, text in [
                ("weapons_surrendered", "{} khẩu vũ khí"),
                ("explosives_surrendered", "{} kg vật liệu nổ"),
                ("support_tools_surrendered", "{} công cụ hỗ trợ"),
                ("firecrackers_seized", "{} kg pháo các loại"),
            ]
            if self.value(code) is not None
        ]
        if handed:
            items = join([text.format(self.n(code)) for code, text in handed])
            paragraphs.append(
                sentence(
                    "Thực hiện Cuộc vận động toàn dân giao nộp vũ khí, vật liệu nổ, công cụ hỗ "
                    f"trợ, nhân dân đã tự giác giao nộp, lực lượng chức năng thu hồi {items}"
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
            paragraphs.append(
                sentence(
                    "Tổ chức tập huấn kiến thức phòng, chống tội phạm, bảo vệ an ninh, trật tự "
                    f"cho {self.n('persons_trained')} lượt cán bộ, hội viên, quần chúng"
                )
            )
        return paragraphs

    def self_management(self) -> list[str]:
        paragraphs = []
        founded = self.registries.groups_founded
        if founded:
            new = "" if self.span.is_range else "mới "
            paragraphs.append(
                sentence(
                    f"{self.when}, đã thành lập {new}{number(founded)} tổ, nhóm tự quản về an "
                    "ninh, trật tự"
                )
            )
        if self.value("groups_active") is None:
            return paragraphs
        kinds = [k for k in self.registries.groups_by_kind if k[1]]
        if len(kinds) == 1:
            groups = f"{self.n('groups_active')} {lower_first(kinds[0][0])}"
        else:
            groups = f"{self.n('groups_active')} tổ, nhóm tự quản về an ninh, trật tự"
        text = f"{self.as_of}, trên {self.area} duy trì hoạt động của {groups}"
        if self.value("group_members") is not None:
            text += f" với {self.n('group_members')} thành viên"
        if self.registries.core_force:
            text += f", do {lower_first(self.registries.core_force)} làm nòng cốt"
        if len(kinds) > 1:
            listed = [f"{number(count)} {lower_first(label)}" for label, count, _ in kinds]
            text += f" (gồm {join(listed)})"
        paragraphs.append(sentence(text))
        return paragraphs

    def clusters(self) -> list[str]:
        summary = self.registries.clusters
        paragraphs = []
        if summary.clusters:
            if self.subject.level == "cluster":
                text = f"{self.as_of}, cụm có {number(summary.members)} đơn vị thành viên"
            else:
                text = (
                    f"{self.as_of}, trên {self.area} có {number(summary.clusters)} cụm địa bàn an "
                    f"toàn - đơn vị an toàn với {number(summary.members)} đơn vị thành viên"
                )
            if summary.military:
                kinds = join(
                    [f"{number(n)} {lower_first(label)}" for label, n in summary.military_by_kind]
                )
                text += f", trong đó có {number(summary.military)} đơn vị quân đội ({kinds})"
            paragraphs.append(sentence(text))
        if summary.activities:
            count = sum(n for _, n, _ in summary.activities)
            people = sum(p for _, _, p in summary.activities)
            kinds = semi(
                [f"{lower_first(label)} ({number(n)} lượt)" for label, n, _ in summary.activities]
            )
            who = "cụm" if self.subject.level == "cluster" else "các cụm"
            text = f"{self.when}, {who} đã tổ chức {number(count)} hoạt động: {kinds}"
            if people:
                text += (
                    f", với {number(people)} lượt cán bộ, chiến sĩ, đoàn viên, hội viên tham gia"
                )
            paragraphs.append(sentence(text))
        return paragraphs

    def safety(self) -> list[str]:
        kinds = [
            ("communes", "xã, phường, thị trấn", self.registries.communes),
            ("residential", "khu dân cư", self.registries.residential_areas),
            ("agencies", "cơ quan", 0),
            ("enterprises", "doanh nghiệp", 0),
            ("schools", "cơ sở giáo dục", 0),
        ]
        if self.subject.communes_label:
            kinds[0] = ("communes", self.subject.communes_label, self.registries.communes)
        registered, recognised = [], []
        for key, label, total in kinds:
            count = self.value(f"{key}_registered")
            if count is not None:
                shown = self.n(f"{key}_registered")
                # "10/10 xã": registrations of one year against the communes of that year.
                if key == "communes" and total and count <= total and not self.span.is_range:
                    shown = f"{vn(count)}/{vn(total)}"
                registered.append(f"{shown} {label}")
            if self.value(f"{key}_recognised") is not None:
                recognised.append(f"{self.n(f'{key}_recognised')} {label}")
        paragraphs = []
        if registered:
            paragraphs.append(
                sentence(
                    f"{self.when}, có {join(registered)} đăng ký, cam kết xây dựng đạt tiêu chuẩn "
                    "“An toàn về an ninh, trật tự” theo Thông tư 124/2021/TT-BCA"
                )
            )
        if recognised:
            paragraphs.append(
                sentence(f"Kết quả, {join(recognised)} được công nhận đạt tiêu chuẩn")
            )
        return paragraphs

    def festivals(self) -> list[str]:
        count = self.value("festivals_held")
        if count is None:
            return []
        what = (
            "Ngày hội toàn dân bảo vệ an ninh Tổ quốc"
            if count == 1
            else f"{self.n('festivals_held')} Ngày hội toàn dân bảo vệ an ninh Tổ quốc"
        )
        text = f"{self.when}, đã tổ chức {what}"
        if self.value("festival_participants") is not None:
            text += f" với {self.n('festival_participants')} lượt người tham gia"
        return [sentence(text)]

    def commendations(self) -> list[str]:
        parts = []
        if self.value("collectives_commended") is not None:
            parts.append(f"{self.n('collectives_commended')} tập thể")
        if self.value("individuals_commended") is not None:
            parts.append(f"{self.n('individuals_commended')} cá nhân")
        if not parts:
            return []
        text = f"{self.when}, có {join(parts)} được các cấp khen thưởng vì có thành tích xuất sắc trong phong trào Toàn dân bảo vệ an ninh Tổ quốc"
        forms = self.registries.commendations_by_form
        if forms:
            text += f" ({semi([f'{label}: {number(n)}' for label, n in forms])})"
        return [sentence(text)]

    def results(self) -> dict[str, str]:
        """Section II: ``{ReportSection value: text}``, only the subsections with something to say."""
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

    def situation(self) -> str:
        """Section I's factual opening; staff add the assessment of the situation."""
        communes, residential = self.registries.communes, self.registries.residential_areas
        if self.subject.level == "cluster":
            return ""
        parts = []
        if communes and not self.subject.is_commune:
            parts.append(
                f"{number(communes)} đơn vị hành chính cấp xã ({self.subject.communes_label})"
            )
        if residential:
            parts.append(f"{number(residential)} thôn, xóm, tổ dân phố")
        if not parts:
            return ""
        return sentence(f"{self.subject.name[:1].upper()}{self.subject.name[1:]} có {join(parts)}")


def _notable(models: Sequence[NamedModel], limit: int = 4) -> list[str]:
    """The models with the most places first: "mô hình “Xã không có ma túy” ở các xã A, B và C"."""
    ranked = sorted(models, key=lambda m: (-len(m.places), -m.year, m.name))[:limit]
    out = []
    for model in ranked:
        name = model.name
        if name.lower().startswith(("mô hình", "điển hình")):
            label = lower_first(name)
        else:
            label = ("điển hình" if model.kind == "exemplar" else "mô hình") + f" “{name}”"
        out.append(f"{label} ở {_places(model.places)}")
    return out


PLACES_LISTED = 4  # more places than this are counted, not named


def _places(names: Sequence[str]) -> str:
    """``Xã Cô Mười``, ``Xã Lưu Ngọc`` → ``các xã Cô Mười và Lưu Ngọc``; one place has no "các";
    many places are counted: ``17 xã, phường``."""
    kinds = {next((k for k in COMMUNE_KINDS if n.startswith(k + " ")), "") for n in names}
    if len(names) > PLACES_LISTED:
        listed = [k.lower() for k in COMMUNE_KINDS if k in kinds] or ["đơn vị"]
        return f"{number(len(names))} {', '.join(listed)}"
    if len(names) > 1 and len(kinds) == 1 and "" not in kinds:
        kind = kinds.pop()
        return f"các {kind.lower()} " + join([n[len(kind) + 1 :] for n in names])
    return join(
        [lower_first(n) if any(n.startswith(k + " ") for k in COMMUNE_KINDS) else n for n in names]
    )
