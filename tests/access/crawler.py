"""The access crawler: every URL of the portal, as each role, with ids of other units' objects.

It walks the URL resolver (the admin included), so a new page is probed the day it is added:

- an id in a URL is filled with the id of an object the user may not see — one of another
  commune under the same parent and one of another district or province — of the model the
  URL names (the admin says which; other pages through ``ID_MODELS`` or the records'
  registry); a page with an id the crawler cannot place fails the test until it is taught;
- GET and POST on such a URL must answer 403, 404 or 405, and the object must be unchanged;
- pages without ids (lists, searches, autocompletes, exports) are fetched, with searches for
  the foreign objects' marker text, and must not contain that text anywhere (XLSX exports are
  unpacked and read too).

Foreign objects carry ``MARKER`` in a text field; for a model without any object outside the
user's units the crawler builds one from the model's fields.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from movement.models import Unit, User
from movement.selectors.records import REGISTRIES

MARKER = "ZQXJ-NGOAI-PHAM-VI"
# Searched for: a page may echo the search term, so the term is shorter than what is looked for.
SEARCH = MARKER[:-3]

# Pages outside the admin whose <pk> is an object id: the model it names.
ID_MODELS = {
    "movement:report_detail": "movement.periodreport",
    "movement:report_review": "movement.periodreport",
    "movement:report_reopen": "movement.periodreport",
    "reports:cluster": "clusters.safetycluster",
    "summary:edit": "reports.summaryreport",
    "summary:redraft": "reports.summaryreport",
    "summary:preview": "reports.summaryreport",
    "summary:export": "reports.summaryreport",
    "summary:file": "reports.generatedfile",
    "summary:batch": "reports.reportbatch",
    "movement:export_job": "movement.exportjob",
    "movement:export_download": "movement.exportjob",
    "media": "movement.festivalphoto",
}
# Pages whose parameter is not the object's id but one of its fields (a file's name).
ID_ATTRS = {"media": "image"}
# Other URL parameters that are not ids: the values worth trying.
PLAIN_VALUES = {
    "figure": ["chi-so", "don-vi", "nam", "thang", "hoan-thanh"],
    "fmt": ["pdf", "docx", "xlsx"],
    "file_format": ["xlsx"],
    "app_label": ["movement", "clusters", "reports"],
    # A chart's key is the hash of its specification, figures included: unguessable, learnt only
    # from a page the user may see. An unknown key must draw nothing.
    "key": ["0" * 40],
}
# Never fetched: signing out ends the crawl's session; the admin's catch-all and the
# "view on site" redirect carry no data of their own.
SKIPPED_NAMES = {"logout", "admin:logout", "admin:view_on_site"}
# Users and units are probed by id but never marked: a parent unit's name and a reviewer's
# name rightly appear on the pages of the units below.
UNMARKED = {"movement.user", "movement.unit"}
DENIED = {403, 404, 405}


@dataclass
class Leak:
    role: str
    method: str
    url: str
    why: str

    def __str__(self) -> str:
        return f"{self.role} {self.method} {self.url}: {self.why}"


@dataclass
class Route:
    pattern: str  # the full route, e.g. "admin/movement/periodreport/<path:object_id>/change/"
    name: str  # "namespace:name" or the admin's name
    kwargs: list[str]
    default_args: dict[str, Any] = field(default_factory=dict)
    model_label: str | None = None


def routes(resolver: URLResolver | None = None) -> list[Route]:
    """Every URL pattern with its full route and the names of its parameters."""
    found: list[Route] = []

    def walk(res: URLResolver, prefix: str, namespace: str) -> None:
        for entry in res.url_patterns:
            if isinstance(entry, URLResolver):
                ns = ":".join(p for p in (namespace, entry.namespace or "") if p)
                walk(entry, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
                route = prefix + str(entry.pattern)
                params = re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)
                if "^" in str(entry.pattern) and not params:
                    params = ["__positional__"] * str(entry.pattern).count("(")
                found.append(Route(route, name or "", params, dict(entry.default_args)))

    walk(resolver or get_resolver(), "", "")
    admin_models = {
        f"admin/{m._meta.app_label}/{m._meta.model_name}/": m._meta.label_lower
        for m in admin.site._registry
    }
    for route in found:
        for prefix, label in admin_models.items():
            if route.pattern.startswith(prefix):
                route.model_label = label
        if route.model_label is None and route.name in ID_MODELS:
            route.model_label = ID_MODELS[route.name]
        kind = route.default_args.get("kind")
        if route.model_label is None and kind in REGISTRIES:
            route.model_label = REGISTRIES[kind].model._meta.label_lower
    return found


def is_scoped(model: type[models.Model]) -> bool:
    return hasattr(model._default_manager.all(), "for_user")


def _scope_path(obj: models.Model) -> str:
    lookup = getattr(type(obj), "scope_path", "unit__path")
    if type(obj) is Unit:
        return obj.path
    value: Any = obj
    for part in lookup.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return ""
    return value


class ForeignObjects:
    """Objects a user may not see, per model: one of a sibling unit, one from further away."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.cache: dict[str, list[models.Model]] = {}

    def of(self, label: str) -> list[models.Model]:
        if label not in self.cache:
            self.cache[label] = self._find(apps.get_model(label))
        return self.cache[label]

    def _find(self, model: type[models.Model]) -> list[models.Model]:
        if not is_scoped(model):
            return []
        visible = model._default_manager.for_user(self.user).values("pk")
        outside = model._default_manager.exclude(pk__in=visible).order_by("-pk")
        parent_path = self.user.unit.parent.path if self.user.unit.parent_id else ""
        near = far = None
        for obj in outside[:400]:
            path = _scope_path(obj)
            if not path:
                continue
            if parent_path and path.startswith(parent_path):
                near = near or obj
            else:
                far = far or obj
            if near and far:
                break
        picked = [o for o in (near, far) if o is not None]
        if not picked:
            picked = [build_foreign(model, self.user)]
        return picked


def _far_unit(user: User) -> Unit:
    """A commune in another province than the user's."""
    own = user.unit.path[:16]
    return (
        Unit.objects.filter(level__code="commune")
        .exclude(path__startswith=own)
        .order_by("path")
        .first()
    )


def build_foreign(model: type[models.Model], user: User, depth: int = 0) -> models.Model:
    """An object of ``model`` in a unit the user may not see, built from its fields."""
    values: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.has_default() or f.null or getattr(f, "auto_now_add", False):
            continue
        if getattr(f, "auto_now", False):
            continue
        if isinstance(f, models.ForeignKey):
            target = f.related_model
            if target is Unit:
                values[f.name] = _far_unit(user)
            elif target is User or target._meta.label_lower == "auth.user":
                values[f.name] = User.objects.filter(is_superuser=True).first()
            elif depth < 3:
                found = (
                    ForeignObjects(user).of(target._meta.label_lower) if is_scoped(target) else []
                )
                values[f.name] = found[-1] if found else build_foreign(target, user, depth + 1)
        elif f.choices:
            values[f.name] = f.choices[0][0]
        elif isinstance(f, (models.CharField, models.TextField)):
            values[f.name] = MARKER[: f.max_length] if f.max_length else MARKER
        elif isinstance(f, models.DateTimeField):
            values[f.name] = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
        elif isinstance(f, models.DateField):
            values[f.name] = dt.date(2022, 1, 1)
        elif isinstance(f, models.DecimalField):
            values[f.name] = Decimal(1)
        elif isinstance(f, models.IntegerField):
            values[f.name] = 2022
        elif isinstance(f, models.FileField):
            name = f"crawler/{MARKER}.png"
            if not default_storage.exists(name):
                default_storage.save(name, ContentFile(b"\x89PNG\r\n\x1a\n" + MARKER.encode()))
            values[f.name] = name
        elif isinstance(f, models.BinaryField):
            values[f.name] = MARKER.encode()
        elif isinstance(f, models.JSONField):
            values[f.name] = {}
    # A CHECK constraint may refuse the first choice (a border post must be military...):
    # try the choices of the first choice field in turn.
    choice_field = next(
        (f for f in model._meta.concrete_fields if f.name in values and f.choices), None
    )
    options = [c[0] for c in choice_field.choices] if choice_field else [None]
    for option in options:
        if choice_field is not None:
            values[choice_field.name] = option
        try:
            with transaction.atomic():
                return model._default_manager.create(**values)
        except IntegrityError:
            continue
    raise AssertionError(f"The crawler cannot build a foreign {model._meta.label}: teach it.")


def mark(obj: models.Model) -> None:
    """Write MARKER into the object's first free text field, so its data can be recognised."""
    for f in type(obj)._meta.concrete_fields:
        if (
            isinstance(f, (models.CharField, models.TextField))
            and not f.choices
            and f.editable
            and (f.max_length or 999) >= len(MARKER)
            and not f.unique
            and f.name not in {"code", "path", "search_text", "username", "password", "sha256"}
        ):
            setattr(obj, f.name, MARKER)
            obj.save()  # save(), not update(): the folded search column follows
            return


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # xlsx, docx: read every XML part
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                return " ".join(
                    archive.read(n).decode("utf-8", "replace")
                    for n in archive.namelist()
                    if n.endswith(".xml")
                )
        except zipfile.BadZipFile:
            pass
    return content.decode("utf-8", "replace")


def _fill(route: Route, ids: dict[str, str]) -> str | None:
    url = route.pattern
    for name in route.kwargs:
        value = ids.get(name)
        if value is None:
            return None
        url = re.sub(rf"<(?:\w+:)?{name}>", value, url, count=1)
        url = re.sub(rf"\(\?P<{name}>[^)]*\)", value, url, count=1)
    return "/" + url.replace("^", "").replace("$", "")


@dataclass
class Crawl:
    client: Client
    user: User
    foreign: ForeignObjects
    leaks: list[Leak] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    requests: int = 0

    def get(self, url: str, **params: str):
        self.requests += 1
        return self.client.get(url, params)

    def post(self, url: str):
        self.requests += 1
        return self.client.post(url, {"post": "yes", "note": MARKER, "value": "1"})

    def probe_object(self, route: Route, obj: models.Model) -> None:
        if route.kwargs and route.kwargs[0] == "__positional__":
            # simple_history's «/history/<id>/<version>/»: the object, then one of its versions.
            history = getattr(obj, "history", None)
            version = history.order_by("-history_id").first() if history is not None else None
            values = iter([str(obj.pk), str(version.history_id if version else obj.pk)])
            url = "/" + re.sub(r"\([^)]*\)", lambda m: next(values), route.pattern)
            url = url.replace("^", "").replace("$", "")
        else:
            plain = {k: PLAIN_VALUES[k][0] for k in route.kwargs if k in PLAIN_VALUES}
            id_names = [k for k in route.kwargs if k not in PLAIN_VALUES]
            attr = ID_ATTRS.get(route.name)
            value = str(getattr(obj, attr)) if attr else str(obj.pk)
            url = _fill(route, {**plain, **dict.fromkeys(id_names, value)})
        if url is None:
            return
        before = _snapshot(obj)
        for method in ("GET", "POST"):
            response = self.get(url) if method == "GET" else self.post(url)
            if response.status_code in (301, 302):
                response = self.get(response.url)  # the admin's «<id>/» sends on to «<id>/change/»
            if response.status_code not in DENIED:
                self.leaks.append(
                    Leak(self.user.username, method, url, f"answered {response.status_code}")
                )
        if _snapshot(obj) != before:
            self.leaks.append(Leak(self.user.username, "POST", url, "changed the object"))

    def probe_page(self, route: Route) -> None:
        choices = [PLAIN_VALUES.get(k, [None]) for k in route.kwargs]
        if any(c == [None] for c in choices):
            return
        urls = [
            _fill(route, {k: v for k, v in zip(route.kwargs, combo, strict=True)})
            for combo in _product(choices)
        ]
        for url in urls:
            if url is None:
                continue
            params = [{}]
            if route.pattern.endswith("/") and (
                route.name.endswith("_changelist") or route.name.endswith("_list")
            ):
                params.append({"q": SEARCH})
            if route.name == "admin:autocomplete":
                params = _autocomplete_params()
            for query in params:
                response = self.get(url, **query)
                if response.status_code >= 500:
                    self.leaks.append(Leak(self.user.username, "GET", url, "server error"))
                elif response.status_code == 200 and MARKER in body_text(response):
                    self.leaks.append(
                        Leak(self.user.username, "GET", f"{url} {query}", "shows foreign data")
                    )


def _product(choices: list[list[str]]) -> list[tuple[str, ...]]:
    combos: list[tuple[str, ...]] = [()]
    for options in choices:
        combos = [c + (o,) for c in combos for o in options]
    return combos


def _autocomplete_params() -> list[dict[str, str]]:
    """Every autocomplete field of every admin, searched for the marker."""
    params = []
    for model, model_admin in admin.site._registry.items():
        for name in getattr(model_admin, "autocomplete_fields", ()):
            params.append(
                {
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": name,
                    "term": SEARCH,
                }
            )
    return params


def _snapshot(obj: models.Model) -> tuple:
    fresh = type(obj)._default_manager.filter(pk=obj.pk).values().first()
    return tuple(sorted((fresh or {}).items(), key=lambda kv: kv[0]))


def crawl(user: User, *, resolver: URLResolver | None = None, only: str = "") -> Crawl:
    """Probe every route (or those whose pattern starts with ``only``) as ``user``."""
    client = Client(raise_request_exception=False)  # a server error is a finding, not a crash
    client.force_login(user)
    run = Crawl(client=client, user=user, foreign=ForeignObjects(user))
    every_route = [r for r in routes(resolver) if r.name not in SKIPPED_NAMES]
    all_routes = [r for r in every_route if r.pattern.startswith(only)]
    # Every foreign object first, so list pages can be searched for all of them.
    for route in every_route:
        if route.model_label and is_scoped(apps.get_model(route.model_label)):
            for obj in run.foreign.of(route.model_label):
                if route.model_label not in UNMARKED:
                    mark(obj)
    for route in all_routes:
        id_names = [k for k in route.kwargs if k not in PLAIN_VALUES]
        if route.pattern.startswith("admin/") and route.pattern.endswith("(?P<url>.*)$"):
            continue
        if not id_names:
            run.probe_page(route)
            continue
        if route.model_label is None:
            run.unplaced.append(route.pattern)
            continue
        model = apps.get_model(route.model_label)
        if not is_scoped(model):
            continue  # the catalogue (indicators, levels, schedules) is the same for everyone
        for obj in run.foreign.of(route.model_label):
            run.probe_object(route, obj)
    return run
