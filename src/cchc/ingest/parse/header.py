"""The header block and the document's identity: number, issuer, place and date,
title (trích yếu), plan year, signer, and a plan carried inside a Quyết định."""

from __future__ import annotations

import re
from collections import Counter

from cchc.ingest.model import Signer
from cchc.ingest.normalize.citations import deaccent, normalize_symbol_text, parse_date
from cchc.ingest.parse.lines import Line
from cchc.ingest.text import collapse, is_upper_text, sentence_case, starts_lower

_NUMBER = re.compile(r"(?:^|\|)\s*Số\s*:?\s*([^\s|]*(?:\s*-\s*[A-ZĐ][^\s|]*)?)", re.IGNORECASE)
_DATE_LINE = re.compile(
    r"(?:^|\|\s{0,8}|\s{2,8})(?P<place>[^,|\s][^,|]{1,39}),\s{0,8}ngày\s{1,30}(?P<d>[\d.…_]{0,12})\s{0,30}tháng\s{1,30}"
    r"(?P<m>[\d.…_]{0,12})\s{0,30}năm\s{1,30}(?P<y>\d{4}|[.…_]{0,12})",
    re.IGNORECASE,
)
_NATIONAL = re.compile(r"cộng hòa|cộng hoà|độc lập|tự do|hạnh phúc|cong hoa|doc lap|hanh ph", re.IGNORECASE)
_PLAN_TITLE = re.compile(r"^KẾ\s*HOẠCH(?:\s+(.*))?$")
_DECISION_TITLE = re.compile(r"^QUYẾT\s*ĐỊNH\s*:?$")
_OPENING = re.compile(
    r"^(?:[_\-–]\s*)?(?:Căn cứ|Thực hiện|Triển khai|Thi hành|Theo|Nhằm|Để|Trên cơ sở|Xét)\b"
)
_ROMAN_HEADING = re.compile(r"^([IVX]{1,6})\s*[.):\-]\s*(\S.*)$")
_PARENT_LINE = re.compile(r"^\(?\s*(?:Ban hành\s+)?kèm theo\s+(.*?)\)?$", re.IGNORECASE)
_AUTHORITY = re.compile(r"(?:^|\s)(TM|KT|TL|TUQ|Q)\s*\.\s*(\S.*)$")
_POSITION_WORDS = re.compile(
    r"^(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|TRƯỞNG PHÒNG|CHÁNH VĂN PHÒNG|BÍ THƯ|THỦ TRƯỞNG|CỤC TRƯỞNG|"
    r"BỘ TRƯỞNG|THỨ TRƯỞNG|CHI CỤC TRƯỞNG|HIỆU TRƯỞNG|TỔNG BIÊN TẬP|TRƯỞNG|CHÁNH THANH TRA|VIỆN TRƯỞNG)\b",
    re.IGNORECASE,
)
_TERRITORY = ("tỉnh", "huyện", "xã", "thành phố", "thị xã", "thị trấn", "quận", "phường")
_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zđà-ỹ]+$")
_BODY_ISSUER = re.compile(
    r"(?:^|[.;:]\s+)((?:Ủy ban|Uỷ ban|UBND|Sở|Ban|Bộ|Cục|Chi cục|Trung tâm|Văn phòng|Phòng|Đài|Báo|Thanh tra|Hội đồng|HĐND)"
    r"[^.;:]{0,90}?)\s+(?:xây dựng|ban hành|triển khai)\s+(?:Kế hoạch|kế hoạch)"
)
_PROVINCE = re.compile(r"\btỉnh\s+((?:[A-ZĐ][a-zà-ỹđ]+)(?:\s+[A-ZĐ][a-zà-ỹđ]+){0,2})")
_AGENCY_LEAD = re.compile(r"^(ủy ban nhân dân|uỷ ban nhân dân|hội đồng nhân dân|ubnd|hđnd)\b", re.IGNORECASE)
_NAMED_HEADS = (
    "sở",
    "bộ",
    "ban",
    "cục",
    "chi cục",
    "trung tâm",
    "văn phòng",
    "đài",
    "báo",
    "phòng",
    "tổng cục",
    "viện",
    "thanh tra",
)


def expand_abbreviations(text: str) -> str:
    text = re.sub(r"\bUBND\b", "Ủy ban nhân dân", text)
    text = re.sub(r"\bHĐND\b", "Hội đồng nhân dân", text)
    return text


def agency_case(text: str) -> str:
    """'SỞ KHOA HỌC VÀ CÔNG NGHỆ' -> 'Sở Khoa học và Công nghệ'; 'UBND TỈNH HÒA PHONG' ->
    'Ủy ban nhân dân tỉnh Hòa Phong'. Text that is not all capitals is returned as printed."""
    text = collapse(text)
    if not is_upper_text(text):
        return expand_abbreviations(text)
    text = expand_abbreviations(text)
    words = text.lower().split()
    out: list[str] = []
    place = False
    capitalize_next = True
    for index, word in enumerate(words):
        previous = words[index - 1] if index else ""
        joined = f"{previous} {word}"
        if place:
            out.append(word[:1].upper() + word[1:])
            continue
        out.append(word[:1].upper() + word[1:] if capitalize_next else word)
        capitalize_next = False
        if previous not in ("và", "-", "–") and (word in _TERRITORY or joined in _TERRITORY):
            place = True
        elif word in ("và", "-", "–"):
            capitalize_next = True
        elif index == 0 and word in _NAMED_HEADS or index == 1 and joined in _NAMED_HEADS:
            capitalize_next = True
    result = " ".join(out)
    return result.replace("Ủy Ban", "Ủy ban")


def position_case(text: str) -> str:
    text = collapse(text)
    if not is_upper_text(text):
        return text
    words = text.lower().split()
    if words and words[0] == "phó" and len(words) > 1:
        return "Phó " + words[1].capitalize() + (" " + " ".join(words[2:]) if len(words) > 2 else "")
    return words[0].capitalize() + (" " + " ".join(words[1:]) if len(words) > 1 else "") if words else text


def header_cells(line: Line) -> list[str]:
    raw = line.raw.replace("*", "").replace("#", "")
    parts = re.split(r"\s*\|\s*|\s{3,}|\t+", raw.strip())
    return [collapse(p) for p in parts if collapse(p)]


def parse_number(text: str) -> str | None:
    match = _NUMBER.search(text)
    if not match:
        return None
    symbol = normalize_symbol_text(match.group(1).replace(" - ", "-").replace(" -", "-").replace("- ", "-"))
    symbol = re.sub(r"\s+", "", symbol).strip(".,;")
    if not re.match(r"^\d", symbol) or "/" not in symbol:
        return None  # blank number ("Số: /KH-SNV")
    return symbol


def parse_date_line(text: str) -> tuple[str | None, str | None] | None:
    """(place, ISO date or None when only partly given) or None when not a date line."""
    match = _DATE_LINE.search(text)
    if not match:
        return None
    place = collapse(match.group("place")).strip(" -|")
    # Two header columns on one line: "Số: 12/KH-UBND Hòa Phong, ngày …".
    place = re.sub(r"^.*?\bSố\s*:?\s*\S*\s+", "", place, flags=re.IGNORECASE)
    day, month, year = (re.sub(r"[^\d]", "", match.group(k)) for k in ("d", "m", "y"))
    date = parse_date(day, month, year) if day and month and year else None
    return place or None, date


def find_title(lines: list[Line], limit: int) -> tuple[int, str | None, int]:
    """(index of the 'KẾ HOẠCH' line, trích yếu, index after the title) or (-1, None, 0)."""
    for i in range(min(limit, len(lines))):
        match = _PLAN_TITLE.match(lines[i].text) or _PLAN_TITLE.match(
            deaccent(lines[i].text).replace("KE", "KẾ", 1).replace("HOACH", "HOẠCH", 1)
        )
        if not match:
            continue
        parts = [match.group(1)] if match.group(1) else []
        j = i + 1
        while j < len(lines) and len(parts) < 4:
            text = lines[j].text
            if (
                _OPENING.match(text)
                or _ROMAN_HEADING.match(text)
                or text.startswith("(")
                or re.fullmatch(r"[-_–=.* ]+", text)
            ):
                break
            if parts and not starts_lower(text) and not _continues(parts[-1]):
                break
            parts.append(text)
            j += 1
        title = collapse(" ".join(parts)) if parts else None
        if title:
            title = sentence_case(title)
            title = title[:1].upper() + title[1:]
        while j < len(lines) and (
            lines[j].text.startswith("(") or re.fullmatch(r"[-_–=.* ]+", lines[j].text)
        ):
            j += 1
        return i, title, j
    return -1, None, 0


def _continues(text: str) -> bool:
    word = text.rsplit(" ", 1)[-1].lower()
    return word in {
        "bàn",
        "địa",
        "của",
        "và",
        "về",
        "trên",
        "năm",
        "giai",
        "đoạn",
        "tại",
        "cho",
        "các",
        "với",
        "trong",
    }


def plan_year_from(*texts: str | None) -> int | None:
    for text in texts:
        if not text:
            continue
        years = re.findall(r"năm\s+(\d{4})", text, re.IGNORECASE)
        if years:
            return int(years[-1])
        years = re.findall(r"\b(20\d{2})\b", text)
        if years:
            return int(years[-1])
    return None


def province_from(text: str) -> str | None:
    names = Counter(m.group(1) for m in _PROVINCE.finditer(text))
    if not names:
        return None
    return names.most_common(1)[0][0]


def with_territory(issuer: str, province: str | None) -> str:
    lowered = issuer.lower()
    # "Ủy ban nhân dân tỉnh ban hành …": the body names the level but not the place.
    if province and lowered.rstrip().endswith(" tỉnh"):
        return f"{issuer.rstrip()} {province}"
    if any(re.search(rf"\b{unit}\b", lowered) for unit in _TERRITORY) or not province:
        return issuer
    return f"{issuer} tỉnh {province}"


def issuer_from_header(cells: list[str]) -> tuple[str | None, str | None]:
    """(issuer, parent body) from the upper-case cells of the header's left column."""
    names: list[str] = []
    for cell in cells:
        if _NATIONAL.search(cell) or cell.lower().startswith("số") or _DATE_LINE.search(cell):
            continue
        if is_upper_text(cell) and not _PLAN_TITLE.match(cell) and not _DECISION_TITLE.match(cell):
            names.append(cell)
    if not names:
        return None, None
    # A name broken over two lines ("ỦY BAN NHÂN DÂN" / "TỈNH HÒA PHONG") is one body.
    merged: list[str] = []
    for name in names:
        if merged and name.lower().split()[0] in _TERRITORY:
            merged[-1] += " " + name
        else:
            merged.append(name)
    bodies = [agency_case(n) for n in merged]
    if len(bodies) == 1:
        return bodies[0], None
    parent, issuer = bodies[0], bodies[-1]
    territory = next(
        (
            parent[parent.lower().find(" " + unit + " ") + 1 :]
            for unit in _TERRITORY
            if (" " + unit + " ") in parent.lower()
        ),
        None,
    )
    if territory and not any(f" {unit} " in f" {issuer.lower()} " for unit in _TERRITORY):
        issuer = f"{issuer} {territory}"
    return issuer, parent


_BODY_TITLE = re.compile(
    r"(?:xây dựng|ban hành|triển khai)\s+Kế hoạch\s+([^.;:()]{5,200}?)(?:\s+(?:như sau|với (?:những|các) nội dung|cụ thể)|[.;:(]|$)"
)


def title_from_body(text: str) -> str | None:
    """'Sở X xây dựng Kế hoạch tuyên truyền … năm 2025 như sau:' -> 'Tuyên truyền … năm 2025'."""
    match = _BODY_TITLE.search(text)
    if not match:
        return None
    title = collapse(match.group(1))
    return title[:1].upper() + title[1:]


def issuer_from_body(text: str) -> str | None:
    match = _BODY_ISSUER.search(text)
    if not match:
        return None
    return expand_abbreviations(collapse(match.group(1)))


def find_signer(lines: list[Line], start: int, end: int) -> tuple[Signer | None, int]:
    """The signature block in lines[start:end]: (signer, index of its first line)."""
    first = -1
    for i in range(end - 1, max(start, end - 60) - 1, -1):
        for cell in header_cells(lines[i]) or [lines[i].text]:
            if _AUTHORITY.search(cell) and is_upper_text(_AUTHORITY.search(cell).group(2), 0.7):
                first = i
        if first >= 0 and i < first - 4:
            break
    if first < 0:
        for i in range(end - 1, max(start, end - 40) - 1, -1):
            text = lines[i].text
            if _POSITION_WORDS.match(text) and is_upper_text(text) and len(text.split()) <= 5:
                if any(_looks_like_name(lines[k].text) for k in range(i + 1, min(end, i + 4))):
                    first = i
                    break
    if first < 0:
        return None, -1
    block: list[str] = []
    authority = None
    position = None
    name = None
    for i in range(first, min(end, first + 12)):
        cells = header_cells(lines[i]) or [lines[i].text]
        cell = next(
            (
                c
                for c in cells
                if _AUTHORITY.search(c) or _POSITION_WORDS.match(c.strip()) or _looks_like_name(c)
            ),
            None,
        )
        if cell is None:
            continue
        match = _AUTHORITY.search(cell)
        if match and is_upper_text(match.group(2), 0.7):
            authority = match.group(1) + "."
            block.append(f"{authority} {collapse(match.group(2))}")
            # "TM." names the collective body; the position is on the next line.
            position = None if authority == "TM." else position_case(match.group(2))
            continue
        if _POSITION_WORDS.match(cell.strip()) and not _looks_like_name(cell):
            block.append(collapse(cell))
            position = position_case(cell)
            continue
        if _looks_like_name(cell) and block:
            name = collapse(cell)
            break
    if not block:
        return None, -1
    if name is None:
        name = _name_after_block(lines, first + 1, min(end, first + _NAME_SEARCH_SPAN))
    return Signer(name=name, position=position, authority=authority, block=" / ".join(block)), first


# In a scan the recipients list ("Nơi nhận") can be read into the lines between the
# signature block and the signer's name; the name is then the first name-like line after it.
_NAME_SEARCH_SPAN = 40


def _name_after_block(lines: list[Line], start: int, end: int) -> str | None:
    for i in range(start, end):
        cells = header_cells(lines[i]) or [lines[i].text]
        for cell in cells:
            if _looks_like_name(cell):
                return collapse(cell)
    return None


def _looks_like_name(text: str) -> bool:
    words = collapse(text).split()
    if not 2 <= len(words) <= 6:
        return False
    return all(_NAME_WORD.match(w) for w in words) and not _POSITION_WORDS.match(text)


__all__ = [
    "agency_case",
    "find_signer",
    "find_title",
    "header_cells",
    "issuer_from_body",
    "issuer_from_header",
    "parse_date_line",
    "parse_number",
    "plan_year_from",
    "position_case",
    "province_from",
    "with_territory",
]
