"""Section II, subsections 5–9 (tổ tự quản, cụm, "An toàn về ANTT", Ngày hội, khen thưởng):
the part of the ``Drafter`` about the community's own organisations, split from
``reports.summary.narrative`` by meaning. The methods use the drafter's helpers (``value``,
``n``, ``opening``, ``details``...)."""

from __future__ import annotations

from movement.models import Commendation
from reports.summary import legal
from reports.summary.details import short_authority
from reports.summary.prose import join, lower_first, number, semi, sentence
from reports.templatetags.vi_numbers import vn

# Highest first: how awards are listed.
AWARD_ORDER = [
    Commendation.Form.CERTIFICATE_OF_MERIT,
    Commendation.Form.CERTIFICATE,
    Commendation.Form.MEDAL,
    Commendation.Form.PRAISE,
    Commendation.Form.OTHER,
]


def award_rank(label: str) -> int:
    labels = [str(form.label) for form in AWARD_ORDER]
    return labels.index(label) if label in labels else len(labels)


class CommunityDrafting:
    def self_management(self) -> list[str]:
        paragraphs = []
        founded = self.registries.groups_founded
        if founded:
            new = "" if self.span.is_range else "mới "
            paragraphs.append(
                sentence(
                    f"{self.opening()}{self.subject.whole} đã thành lập {new}{number(founded)} "
                    "tổ, nhóm tự quản về an ninh, trật tự"
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
        communes = self.details.communes
        covered = len(self.details.communes_with_groups)
        if len(communes) > 1 and covered:
            text += f", ở {covered}/{len(communes)} {self.subject.communes_label}"
        if len(kinds) > 1:
            listed = [f"{number(count)} {lower_first(label)}" for label, count, _ in kinds]
            text += f" (gồm {join(listed)})"
        paragraphs.append(sentence(text))
        if self.span.last_year >= 2024 and any(
            "30/2023" in label for label, _, _ in self.registries.groups_by_kind
        ):
            cited = legal.in_force(legal.GRASSROOTS_FORCE, self.span)
            if cited:
                paragraphs.append(
                    sentence(
                        f"Từ ngày {cited[0].in_force_from:%d/%m/%Y}, các Tổ bảo vệ an ninh, trật "
                        f"tự được kiện toàn theo {cited[0].number}"
                    )
                )
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
                text += (
                    f", trong đó có {number(summary.military)} đơn vị quân đội ({self._military()})"
                )
            paragraphs.append(sentence(text))
        if summary.activities:
            count = sum(n for _, n, _ in summary.activities)
            people = sum(p for _, _, p in summary.activities)
            kinds = semi(
                [f"{lower_first(label)} ({number(n)} lượt)" for label, n, _ in summary.activities]
            )
            who = "cụm" if self.subject.level == "cluster" else "các cụm"
            text = f"{self.opening()}{who} đã tổ chức {number(count)} hoạt động: {kinds}"
            if people:
                text += (
                    f", với {number(people)} lượt cán bộ, chiến sĩ, đoàn viên, hội viên tham gia"
                )
            paragraphs.append(sentence(text))
        return paragraphs

    def _military(self) -> str:
        """``06 đồn biên phòng, Lâm trường 42, Lâm trường 27 và Đại đội đảo Vĩnh Thực``: a kind
        with several members is counted, the others are named."""
        if not self.details.military:
            return join(
                [
                    f"{number(n)} {lower_first(label)}"
                    for label, n in self.registries.clusters.military_by_kind
                ]
            )
        parts = []
        for label, names in self.details.military:
            if len(names) > 2:
                parts.append(f"{number(len(names))} {lower_first(label)}")
            else:
                parts.extend(names)
        return join(parts)

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
        cited = legal.citation(legal.SAFETY_STANDARD, self.span)
        standard = "“An toàn về an ninh, trật tự”" + (f" {cited}" if cited else "")
        if registered:
            paragraphs.append(
                sentence(
                    f"{self.opening()}có {join(registered)} đăng ký, cam kết xây dựng đạt tiêu "
                    f"chuẩn {standard}"
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
        told = self.details.festivals
        if len(told) == 1 and count == 1:
            out = []
            for festival in told:
                day = festival.day
                text = (
                    f"Ngày {day.day}/{day.month}/{day.year}, Ban Chỉ đạo "
                    f"{self._festival_host(festival)} tổ chức {festival.title}"
                )
                if festival.guests:
                    text += f", với sự tham dự, chỉ đạo của đồng chí {festival.guests}"
                if festival.participants:
                    text += f"; {number(festival.participants)} lượt người tham gia"
                out.append(sentence(text))
            return out
        what = "Ngày hội toàn dân bảo vệ an ninh Tổ quốc"
        if count != 1:
            what = f"{self.n('festivals_held')} {what}"
        text = f"{self.opening()}{self.subject.whole} đã tổ chức {what}"
        if self.value("festival_participants") is not None:
            text += f" với {self.n('festival_participants')} lượt người tham gia"
        return [sentence(text)]

    def _festival_host(self, festival) -> str:
        if self.subject.is_commune or not festival.unit_name:
            return f"138 {self.subject.name}"
        return f"138 {lower_first(festival.unit_name)}"

    def commendations(self) -> list[str]:
        parts = []
        if self.value("collectives_commended") is not None:
            parts.append(f"{self.n('collectives_commended')} tập thể")
        if self.value("individuals_commended") is not None:
            parts.append(f"{self.n('individuals_commended')} cá nhân")
        if not parts:
            return []
        forms = sorted(
            self.registries.commendations_by_form,
            key=lambda f: award_rank(f[0]),
        )
        authorities = [short_authority(a) for a in self.details.authorities]
        authorities = list(dict.fromkeys(authorities))
        by = f" được {join(authorities, ', ')}" if authorities else " được các cấp"
        awarded = f" tặng {join([label for label, _ in forms], ', ')}" if forms else " khen thưởng"
        text = (
            f"{self.opening()}có {join(parts)}{by}{awarded} vì có thành tích xuất sắc trong "
            "phong trào Toàn dân bảo vệ an ninh Tổ quốc"
        )
        if len(forms) > 1:
            text += f" (gồm {join([f'{number(n)} {label}' for label, n in forms])})"
        return [sentence(text)]
