"""A crawler of the portal's own pages, as a signed-in user walks them: every link followed, every
GET form (filters, period pickers) submitted with the values it shows.

Pages of the same shape (the same path with other ids, the same query keys) are many: the
dashboard of each of 3.321 communes, each sorted by each column. A shape is visited a few
times, which is what finds a defect of its template, not of one unit.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

# Not pages of the portal, or not to be followed by a walker: the back office (Django's own),
# signing out, static files.
SKIPPED_PREFIXES = ("/admin/", "/dang-xuat/", "/static/", "/media/")
DIGITS = re.compile(r"\d+")


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)


class _Page(HTMLParser):
    """The links and forms of one page (the standard library's parser: no dependency)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, list[str], list[str]] | None = None  # name, selected, first
        self._textarea: str | None = None
        self._text: list[str] = []
        # Values a machine reads back (URLs, hidden fields, options, data attributes).
        self.machine_values: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for name, value in a.items():
            if name in {"href", "action", "src"}:
                self.machine_values.extend(
                    (f"{tag} {name}: {value}", v) for _, v in parse_qsl(urlsplit(value).query)
                )
            elif name.startswith("data-") or (
                name == "value" and (tag == "option" or a.get("type") == "hidden")
            ):
                self.machine_values.append((f"<{tag} {name}>", value))
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is None or "disabled" in a:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self._form.fields.append(
                (a["name"], a.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "select" and a.get("name"):
            self._select = (a["name"], [], [])
        elif tag == "option" and self._select is not None:
            value = a.get("value")
            if value is None:
                return
            (self._select[1] if "selected" in a else self._select[2]).append(value)
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, selected, options = self._select
            chosen = selected[-1:] or options[:1]
            self._form.fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def shape(url: str) -> str:
    """``/bao-cao/123/?trang=2&loai_ky=month`` → ``/bao-cao/#/?loai_ky&trang``."""
    parts = urlsplit(url)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return DIGITS.sub("#", parts.path) + ("?" + "&".join(keys) if keys else "")


@dataclass
class Visit:
    url: str
    status: int
    source: str  # the page that linked to it, or the form that sent it


@dataclass
class Crawl:
    visits: list[Visit] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)  # url → HTML of the pages read

    @property
    def failures(self) -> list[Visit]:
        return [v for v in self.visits if v.status >= 400]


def own(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in {"", "http", "https"} or parts.netloc not in {"", "testserver"}:
        return False
    return parts.path.startswith("/") and not parts.path.startswith(SKIPPED_PREFIXES)


def normalised(url: str, base: str) -> str | None:
    absolute = urljoin(base, url.split("#", 1)[0])
    if not own(absolute):
        return None
    parts = urlsplit(absolute)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.path + ("?" + query if query else "")


def crawl(client, start: str = "/", *, per_shape: int = 3, limit: int = 400) -> Crawl:
    """Walk from ``start`` with the signed-in ``client``; each shape at most ``per_shape`` times.

    Every response is recorded; HTML pages are parsed for links and GET forms. Files (XLSX,
    PDF) are requested and checked for their status only.
    """
    result = Crawl()
    seen: set[str] = set()
    shapes: Counter[str] = Counter()
    queue: deque[tuple[str, str]] = deque([(start, "(start)")])

    def enqueue(urls: Iterable[str], source: str) -> None:
        for url in urls:
            if url in seen:
                continue
            seen.add(url)
            if shapes[shape(url)] >= per_shape:
                continue
            shapes[shape(url)] += 1
            queue.append((url, source))

    seen.add(start)
    while queue and len(result.visits) < limit:
        url, source = queue.popleft()
        response = client.get(url)
        result.visits.append(Visit(url, response.status_code, source))
        if response.status_code in {301, 302, 303, 307, 308}:
            target = normalised(response["Location"], url)
            enqueue([target] if target else [], url)
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        result.pages[url] = html
        page = parse(html)
        enqueue(filter(None, (normalised(href, url) for href in page.links)), url)
        for form in page.forms:
            if form.method != "get":
                continue
            action = normalised(form.action or url, url)
            if action is None:
                continue
            path = urlsplit(action).path
            query = urlencode(sorted(form.fields))
            enqueue([path + ("?" + query if query else "")], f"biểu mẫu GET của {url}")
    return result


# --- what a page must not say ------------------------------------------------------------------

# A number grouped with dots for people ("3.410") where a machine reads it back: the page then
# sends another id, or none (the dashboard's period form answered 404 for every unit ≥ 1000).
GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


def localised_numbers(html: str) -> list[str]:
    """Where ``html`` puts a number grouped for people in a URL, hidden field, option or data-."""
    return [
        f"{where} = {value}" for where, value in parse(html).machine_values if GROUPED.match(value)
    ]
