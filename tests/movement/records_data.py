"""Form data of the five registries' pages, valid by default, for the record page tests."""

from __future__ import annotations

from movement.models import (
    FestivalEvent,
    MovementModel,
    PropagandaSession,
    SafetyRecognition,
    SelfManagementGroup,
    Unit,
)
from tests import factories

KINDS = ["propaganda", "festival", "group", "model", "recognition"]
FACTORIES = {
    "propaganda": lambda unit, **kw: factories.propaganda(unit, **kw),
    "festival": lambda unit, **kw: factories.festival(unit, **kw),
    "group": lambda unit, **kw: factories.group(unit, **kw),
    "model": lambda unit, **kw: factories.movement_model(unit, **kw),
    "recognition": lambda unit, **kw: factories.recognition(unit, **kw),
}


def management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def propaganda_data(unit: Unit, **kw) -> dict[str, str]:
    return {
        "unit": str(unit.pk),
        "held_on": "15/03/2024",
        "topic": "Phòng, chống ma túy",
        "channel": "village_meeting",
        "venue": "residential",
        "attendees": "1.546",
        "leaflets": "200",
        "documents": "0",
        "note": "",
        "form_token": "tok-propaganda",
        **kw,
    }


def festival_data(unit: Unit, **kw) -> dict[str, str]:
    data = {
        "unit": str(unit.pk),
        "title": "Ngày hội toàn dân bảo vệ ANTQ năm 2024",
        "held_on": "2024-08-10",
        "place": "Nhà văn hóa khu 3",
        "participants": "350",
        "gift_count": "20",
        "guests": "",
        "programme": "",
        "note": "",
        "form_token": "tok-festival",
        **management("khen_thuong", 2),
    }
    for i, name in enumerate(["Khu 3", "Ông Nguyễn Văn A"]):
        data.update(
            {
                f"khen_thuong-{i}-recipient_kind": "collective" if i == 0 else "individual",
                f"khen_thuong-{i}-recipient_name": name,
                f"khen_thuong-{i}-form": "giay_khen",
                f"khen_thuong-{i}-authority": "UBND thành phố",
                f"khen_thuong-{i}-decision_number": f"{i + 1}/QĐ-UBND",
                f"khen_thuong-{i}-decision_date": "10/08/2024",
                f"khen_thuong-{i}-reason": "",
            }
        )
    data.update(kw)
    return data


def group_data(unit: Unit, members: list[tuple[str, str]] | None = None, **kw) -> dict:
    members = members if members is not None else [("Trần Văn B", "leader"), ("Lê Thị C", "member")]
    data = {
        "unit": str(unit.pk),
        "name": "Tổ tự quản khu 5",
        "kind": "people_antt",
        "core_force": "",
        "founded_on": "01/02/2023",
        "dissolved_on": "",
        "member_count": "12",
        "note": "",
        "form_token": "tok-group",
        **management("thanh_vien", len(members)),
    }
    for i, (name, role) in enumerate(members):
        data.update(
            {
                f"thanh_vien-{i}-full_name": name,
                f"thanh_vien-{i}-role": role,
                f"thanh_vien-{i}-birth_year": "1975",
                f"thanh_vien-{i}-phone": "",
                f"thanh_vien-{i}-core_force": "",
                f"thanh_vien-{i}-joined_on": "",
                f"thanh_vien-{i}-left_on": "",
            }
        )
    data.update(kw)
    return data


def model_data(unit: Unit, **kw) -> dict[str, str]:
    return {
        "unit": str(unit.pk),
        "name": "Camera an ninh khu phố",
        "kind": "model",
        "field": "Phòng ngừa tội phạm",
        "year_recognised": "2023",
        "status": "active",
        "group": "",
        "description": "",
        "note": "",
        "form_token": "tok-model",
        **kw,
    }


def recognition_data(unit: Unit, **kw) -> dict[str, str]:
    return {
        "unit": str(unit.pk),
        "year": "2024",
        "subject_kind": "enterprise",
        "subject_unit": "",
        "subject_name": "Công ty TNHH Hải Hòa Xanh",
        "registered_on": "10/01/2024",
        "assessed_on": "",
        "result": "registered",
        "decision_number": "",
        "note": "",
        "form_token": "tok-recognition",
        **kw,
    }


DATA = {
    "propaganda": propaganda_data,
    "festival": festival_data,
    "group": group_data,
    "model": model_data,
    "recognition": recognition_data,
}
MODELS = {
    "propaganda": PropagandaSession,
    "festival": FestivalEvent,
    "group": SelfManagementGroup,
    "model": MovementModel,
    "recognition": SafetyRecognition,
}
