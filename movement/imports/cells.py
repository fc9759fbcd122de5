"""Cell values as Vietnamese spreadsheets really hold them, turned into Python values.

Every parser raises ``ValueError`` with a Vietnamese message; the import engine
attaches the row number and the column to it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from movement.text import fold, nfc

EXCEL_EPOCH = dt.date(1899, 12, 30)
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2007]+")
_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_GROUPED_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_GROUPED_COMMAS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)$")

TRUE_WORDS = {"co", "x", "1", "true", "dung", "yes", "v", "✓", "✔"}
FALSE_WORDS = {"", "khong", "0", "false", "sai", "no"}


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not _SPACES.sub("", value).strip())


def text(value: object) -> str:
    """NFC text without surrounding blanks; numbers Excel stored as numbers come back as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    result = nfc(str(value).replace("\u00a0", " ")).strip()
    if result[:1] == "'" and result[1:2] in ("=", "+", "-", "@"):
        result = result[1:]  # the apostrophe our exports put before a would-be formula
    return result


def figure(value: Decimal | int | None) -> str:
    """A stored number as Vietnamese pages show it: 1546.00 → «1.546», 12.50 → «12,5»."""
    if value is None:
        return "trống"
    number = Decimal(value)
    if number == number.to_integral_value():
        return f"{int(number):,}".replace(",", ".")
    whole, _, fraction = f"{number.normalize():f}".partition(".")
    return f"{int(whole):,}".replace(",", ".") + "," + fraction


def line(value: object) -> str:
    """One-line text: inner runs of blanks collapse to one space."""
    return _SPACES.sub(" ", text(value)).strip()


def number(value: object) -> Decimal | None:
    """``1.546`` and ``1546`` are 1546, ``12,5`` is 12.5, ``1.546,5`` is 1546.5 (DESIGN §7)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError("phải là số, không phải Có/Không.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)).normalize() if not value.is_integer() else Decimal(int(value))
    if isinstance(value, Decimal):
        return value
    raw = _SPACES.sub("", text(value))
    cleaned = raw.rstrip("%")
    negative = cleaned.startswith("-")
    digits = cleaned.lstrip("+-")
    if _GROUPED_DOTS.match(digits):
        digits = digits.replace(".", "")
    elif "," in digits and "." in digits:
        if _GROUPED_COMMAS.match(digits):  # 1,546.5 written the English way
            digits = digits.replace(",", "")
        else:  # 1.546,5
            digits = digits.replace(".", "").replace(",", ".")
    elif "," in digits:
        if digits.count(",") > 1:
            raise ValueError(f"«{raw}» không phải là số.")
        digits = digits.replace(",", ".")
    try:
        result = Decimal(digits)
    except InvalidOperation:
        raise ValueError(f"«{raw}» không phải là số.") from None
    if not result.is_finite():
        raise ValueError(f"«{raw}» không phải là số.")
    return -result if negative else result


def integer(value: object) -> int | None:
    result = number(value)
    if result is None:
        return None
    if result != result.to_integral_value():
        raise ValueError(f"«{text(value)}» phải là số nguyên.")
    return int(result)


def year(value: object) -> int | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    raw = line(value)
    if not raw:
        return None
    if not re.fullmatch(r"\d{4}", raw.removeprefix("Năm ").removeprefix("năm ")):
        raise ValueError(f"«{raw}» không phải là một năm (4 chữ số).")
    return int(raw[-4:])


def date(value: object) -> dt.date | None:
    """Real Excel dates, ``15/8/2022``, ``15-08-2022``, ``2022-08-15``; never month first."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A date cell whose format was lost: Excel's serial day number.
        if 1 <= value < 2_958_466:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(f"«{value}» không phải là ngày.")
    raw = line(value)
    match = _DATE.match(raw)
    if match:
        day, month, year_ = (int(g) for g in match.groups())
        if year_ < 100:
            year_ += 2000 if year_ < 70 else 1900
    else:
        iso = _ISO_DATE.match(raw)
        if not iso:
            raise ValueError(
                f"«{raw}» không phải là ngày: hãy ghi theo dạng ngày/tháng/năm, ví dụ 15/08/2022."
            )
        year_, month, day = (int(g) for g in iso.groups())
    try:
        return dt.date(year_, month, day)
    except ValueError:
        if match and month > 12 and day <= 12:
            raise ValueError(
                f"«{raw}» không hợp lệ: ngày ghi trước, tháng ghi sau (dd/mm/yyyy), ví dụ 15/08/2022."
            ) from None
        raise ValueError(f"«{raw}» không phải là ngày có thật.") from None


def boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    word = fold(text(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"«{text(value)}» phải là «Có» hoặc «Không».")


def choice(value: object, choices: Iterable[tuple[str, object]]) -> str:
    """A choice given by its Vietnamese label (any accents, any case) or by its stored value."""
    raw = line(value)
    if not raw:
        return ""
    wanted = fold(raw)
    options = list(choices)
    for stored, label in options:
        if wanted in (fold(str(stored)), fold(str(label))):
            return str(stored)
    labels = "; ".join(f"«{label}»" for _, label in options)
    raise ValueError(f"«{raw}» không có trong danh sách. Chọn một trong: {labels}.")
