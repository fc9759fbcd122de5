"""The demo logins of DESIGN §10: one per role and place the seed articles talk about."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from movement.demo.base import Seeder, catalogue_unit
from movement.models import REFORM_DATE, Role, User
from movement.roles import ensure_role_groups

DEMO_PASSWORD = "Demo@2026"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    level: str
    code: str
    is_superuser: bool = False
    # Today's communes start on 01/07/2025 and may reuse a predecessor's code.
    since: dt.date | None = None


DEMO_LOGINS = [
    DemoLogin("admin", Role.ADMINISTRATOR, "country", "VN", is_superuser=True),
    # Today's units (after 01/07/2025, DESIGN §10).
    DemoLogin("bcd.quangninh", Role.COMMITTEE, "province", "22"),
    DemoLogin("vanphong.quangninh", Role.STAFF, "province", "22"),
    DemoLogin("ca.mongcai1", Role.OFFICER, "commune", "06712", since=REFORM_DATE),
    DemoLogin("ca.mongcai2", Role.OFFICER, "commune", "06709", since=REFORM_DATE),
    DemoLogin("bcd.mongcai1", Role.COMMITTEE, "commune", "06712", since=REFORM_DATE),
    DemoLogin("bcd.caobang", Role.COMMITTEE, "province", "04"),
    DemoLogin("ca.tralinh", Role.OFFICER, "commune", "01447", since=REFORM_DATE),
    # The units of the seed articles, ceased since (huyện Trà Lĩnh in 2020, the others on
    # 01/07/2025): they keep working for the periods those units existed.
    DemoLogin("bcd.mongcai", Role.COMMITTEE, "district", "194"),
    DemoLogin("vanphong.mongcai", Role.STAFF, "district", "194"),
    # Phường Hải Hòa and phường Trần Phú before 2025: 06712 is also the 2025 Phường Móng Cái 1.
    DemoLogin("ca.haihoa", Role.OFFICER, "commune", "06742"),
    DemoLogin("ca.tranphu", Role.OFFICER, "commune", "06712"),
    DemoLogin("ca.hailong", Role.OFFICER, "commune", "16252"),
    DemoLogin("bcd.tralinh", Role.COMMITTEE, "district", "046"),
]


def seed_users(seeder: Seeder) -> None:
    """Create the demo logins; an existing login keeps its password and gains what it lacks."""
    ensure_role_groups()
    groups = {g.name: g for g in Group.objects.filter(name__in=[Role.group_name(r) for r in Role])}
    existing = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    # PBKDF2 is slow on purpose; the demo logins share one published password, so one hash will do.
    password = None
    for login in DEMO_LOGINS:
        home = catalogue_unit(login.level, login.code, since=login.since)
        user = existing.get(login.username)
        if user is None:
            password = password or make_password(DEMO_PASSWORD)
            user = User.objects.create(
                username=login.username,
                password=password,
                unit=home,
                is_staff=True,
                is_superuser=login.is_superuser,
                position=str(login.role.label),
            )
            seeder.created["người dùng"] += 1
        elif user.unit_id is None:
            user.unit = home
            user.save(update_fields=["unit"])
        user.groups.add(groups[Role.group_name(login.role)])
        seeder.users[login.username] = user


def _usernames() -> list[str]:
    return [login.username for login in DEMO_LOGINS]


def describe_logins() -> list[str]:
    """The demo logins for the end of ``seed_demo``: today's units first, then those that ceased."""
    users = {
        u.username: u for u in User.objects.filter(username__in=_usernames()).select_related("unit")
    }
    width = max(len(name) for name in users) if users else 0
    today = timezone.localdate()
    current, ceased = [], []
    for login in DEMO_LOGINS:
        user = users.get(login.username)
        unit = user.unit if user else None
        line = f"  {login.username:<{width}}  {login.role.label} – {unit.name if unit else ''}"
        if unit and unit.valid_to and unit.valid_to <= today:
            ceased.append(f"{line} (thôi tồn tại từ {unit.valid_to:%d/%m/%Y})")
        else:
            current.append(line)
    if ceased:
        current.append("  Ở đơn vị đã thôi tồn tại (cho các kỳ trước khi sắp xếp):")
    return current + ceased
