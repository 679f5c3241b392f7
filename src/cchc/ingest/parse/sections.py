"""The body: headings (I., 1., a), -), the "Tổ chức thực hiện" paragraphs and funding."""

from __future__ import annotations

import re

from cchc.ingest.model import Responsibility, Section
from cchc.ingest.parse.lines import Line
from cchc.ingest.text import collapse, is_upper_text, starts_lower

_ROMAN = re.compile(r"^([IVX]{1,6})\s*[.):\-–]\s*(\S.*)$")
_ARABIC = re.compile(r"^(\d{1,2})\s*[.)]\s*(\S.*)$")
_LETTER = re.compile(r"^([a-zđ])\s*[).]\s*(\S.*)?$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_RESPONSIBILITY_TITLE = re.compile(r"TỔ CHỨC THỰC HIỆN|TRÁCH NHIỆM|PHÂN CÔNG", re.IGNORECASE)
_FUNDING_TITLE = re.compile(r"KINH PHÍ", re.IGNORECASE)
_CLOSING = re.compile(
    r"^(?:Trong quá trình|Trên đây|Quá trình|Yêu cầu các|Đề nghị các cơ quan|Ủy ban nhân dân .{0,40}yêu cầu)",
    re.IGNORECASE,
)
_FOOTER = re.compile(r"^(?:Nơi nhận|(?:TM|KT|TL|TUQ|Q)\.\s)", re.IGNORECASE)
_INTRO_VERBS = re.compile(r"^(?:Giao cho|Giao|Đề nghị|Yêu cầu|Phân công)\s+")
_DUTY_VERBS = (
    "có trách nhiệm",
    "chịu trách nhiệm",
    "chủ trì",
    "phối hợp",
    "xây dựng",
    "căn cứ",
    "thực hiện",
    "triển khai",
    "theo dõi",
    "hướng dẫn",
    "tham mưu",
    "bố trí",
    "lồng ghép",
    "duy trì",
    "cung cấp",
    "nghiêm túc",
    "đẩy mạnh",
    "kiểm tra",
    "rà soát",
    "chỉ đạo",
    "tuyên truyền",
    "phổ biến",
    "quán triệt",
    "tăng cường",
    "khẩn trương",
    "tổng hợp",
    "đăng tải",
    "cập nhật",
    "bảo đảm",
    "đảm bảo",
    "tích cực",
    "thường xuyên",
    "chủ động",
    "giao",
    "trên cơ sở",
    "tiếp tục",
)
_VERB_RE = re.compile(r"\s(?:" + "|".join(re.escape(v) for v in _DUTY_VERBS) + r")(?=[\s,.:;]|$)")


def roman_value(numeral: str) -> int:
    total = 0
    values = [_ROMAN_VALUES.get(ch, 0) for ch in numeral]
    for i, value in enumerate(values):
        total += -value if i + 1 < len(values) and values[i + 1] > value else value
    return total


def _heading_title(text: str) -> str:
    title = collapse(text).rstrip(" .:;")
    # A heading set in capitals keeps a capitalised word only where OCR or mark
    # restoration lost the case of its tail ("KINH Phí"): the heading is all capitals.
    if is_upper_text(title, 0.75):
        return title.upper()
    return title


def is_roman_heading(text: str) -> re.Match[str] | None:
    match = _ROMAN.match(text)
    if not match or len(match.group(2)) < 3:
        return None
    title = match.group(2)
    if is_upper_text(title, 0.75):
        return match
    # Some plans set headings in sentence case: short, capitalised, not a clause of a list.
    if (
        len(title) <= 80
        and title[0].isupper()
        and not title.rstrip().endswith((";", ","))
        and title.count(".") <= 1
    ):
        return match
    return None


def parse_sections(
    lines: list[Line], start: int, end: int
) -> tuple[list[Section], list[tuple[int, Section]]]:
    """The heading tree of lines[start:end], and each top-level heading's line index."""
    top: list[Section] = []
    positions: list[tuple[int, Section]] = []
    current_top: Section | None = None
    current_second: Section | None = None
    current: Section | None = None  # the deepest open section: where body paragraphs go
    in_footer = False
    for i in range(start, end):
        text = lines[i].text
        match = is_roman_heading(text)
        if match:
            number = match.group(1)
            title = _heading_title(match.group(2))
            section = Section(number=number, title=title, level=1, heading=f"{number}. {title}")
            top.append(section)
            positions.append((i, section))
            current_top, current_second, current = section, None, section
            continue
        if current_top is None:
            continue
        match = _ARABIC.match(text)
        if match and len(match.group(2)) <= 90 and not match.group(2).rstrip().endswith((";", ",")):
            title = _heading_title(match.group(2))
            child = Section(number=match.group(1), title=title, level=2, heading=f"{match.group(1)}. {title}")
            current_top.children.append(child)
            current_second = current = child
            continue
        match = _LETTER.match(text)
        if match and current_second is not None and match.group(2):
            title = _heading_title(match.group(2))[:120]
            current = Section(
                number=match.group(1), title=title, level=3, heading=f"{match.group(1)}) {title}"
            )
            full = collapse(match.group(2))
            if len(full) > len(title):
                current.body.append(full)
            current_second.children.append(current)
            continue
        in_footer = in_footer or bool(_FOOTER.match(text))
        if not in_footer and current is not None:
            _add_body_line(current, text)
    return top, positions


_BULLET_START = re.compile(r"^[-–•+]")
_SENTENCE_END = (".", ":", ";", "!", "?")


def _add_body_line(section: Section, text: str) -> None:
    """A line of running text under `section`. A wrapped line continues the paragraph before it:
    one that starts in lower case, or follows a line that did not end a sentence; a bullet starts
    a new paragraph. Table rows are not body text."""
    text = collapse(text)
    if not text or text.startswith("|"):
        return
    previous = section.body[-1] if section.body else None
    continues = previous is not None and not _BULLET_START.match(text)
    continues = continues and (starts_lower(text) or not previous.endswith(_SENTENCE_END))
    if continues:
        section.body[-1] = f"{previous} {text}"
    else:
        section.body.append(text)


def section_span(
    positions: list[tuple[int, Section]], pattern: re.Pattern[str], end: int
) -> tuple[int, int] | None:
    for n, (index, section) in enumerate(positions):
        if pattern.search(section.title):
            stop = positions[n + 1][0] if n + 1 < len(positions) else end
            return index + 1, stop
    return None


def agency_label(text: str) -> str:
    """'Giao Văn phòng Sở có trách nhiệm …' -> 'Văn phòng Sở'."""
    text = collapse(text)
    text = _INTRO_VERBS.sub("", text)
    cut = len(text)
    colon = text.find(":")
    if colon > 0:
        cut = colon
    match = _VERB_RE.search(text[:cut])
    if match:
        cut = match.start()
    label = text[:cut].strip(" .;,:-–")
    label = re.sub(r"\s+-\s+", " - ", label)
    words = label.split()
    # A word or phrase printed twice ("Trung tâm Trung tâm …", "Căn cứ Căn cứ") is kept once.
    for size in (3, 2, 1):
        if len(words) >= 2 * size and words[:size] == words[size : 2 * size]:
            words = words[size:]
            break
    return " ".join(words)


_BULLET_ITEM = re.compile(r"^[-–•+]\s*(\S[^:]{2,120}):\s*(.*)$")


def parse_responsibilities(lines: list[Line], start: int, end: int) -> list[Responsibility]:
    """One entry per numbered paragraph of the section; when the section has no
    numbered paragraphs, one per '- <cơ quan>: …' bullet."""
    numbered = any(_ARABIC.match(lines[i].text) for i in range(start, end))
    if not numbered:
        return _bullet_responsibilities(lines, start, end)
    return _numbered_responsibilities(lines, start, end)


def _bullet_responsibilities(lines: list[Line], start: int, end: int) -> list[Responsibility]:
    from cchc.ingest.normalize.agencies import starts_with_agency

    items: list[Responsibility] = []
    for i in range(start, end):
        text = lines[i].text
        if _CLOSING.match(text) or _FOOTER.match(text):
            break
        match = _BULLET_ITEM.match(text)
        if match and starts_with_agency(_INTRO_VERBS.sub("", match.group(1))):
            items.append(
                Responsibility(agency=agency_label(match.group(1)), duties=[collapse(match.group(2))])
            )
        elif items and not re.match(r"^[-–•+]", text):
            items[-1].duties[-1] = collapse(items[-1].duties[-1] + " " + text)
    return items


def _numbered_responsibilities(lines: list[Line], start: int, end: int) -> list[Responsibility]:
    items: list[Responsibility] = []
    bodies: list[list[str]] = []
    heading_parts: list[str] = []
    collecting_heading = False
    for i in range(start, end):
        text = lines[i].text
        if _CLOSING.match(text):
            break
        if _FOOTER.match(text):
            break
        match = _ARABIC.match(text)
        if match:
            heading_parts = [match.group(2)]
            collecting_heading = not re.search(r"[:]|" + _VERB_RE.pattern, match.group(2))
            items.append(Responsibility(agency=agency_label(match.group(2))))
            bodies.append([match.group(2)])
            continue
        if not items:
            continue
        letter = _LETTER.match(text)
        if letter:
            collecting_heading = False
            items[-1].duties.append(collapse(letter.group(2) or ""))
            continue
        if collecting_heading and starts_lower(text):
            heading_parts.append(text)
            items[-1].agency = agency_label(" ".join(heading_parts))
            continue
        collecting_heading = False
        bodies[-1].append(text)
        if items[-1].duties and not re.match(r"^[-–•+]", text):
            items[-1].duties[-1] = collapse(items[-1].duties[-1] + " " + text)
    for item, body in zip(items, bodies, strict=True):
        if not item.duties:
            # No lettered sub-items: the paragraph itself is the one duty.
            item.duties = [collapse(" ".join(body))]
    return items


def funding_text(lines: list[Line], positions: list[tuple[int, Section]], end: int) -> str | None:
    span = section_span(positions, _FUNDING_TITLE, end)
    if span:
        start, stop = span
        parts = []
        for i in range(start, min(stop, start + 30)):
            if _CLOSING.match(lines[i].text) or _FOOTER.match(lines[i].text):
                break
            parts.append(lines[i].text)
        return collapse(" ".join(parts)) or None
    for i in range(len(lines) if end is None else end):
        match = _ARABIC.match(lines[i].text)
        if match and _FUNDING_TITLE.search(match.group(2)) and len(match.group(2)) < 60:
            parts = []
            for j in range(i + 1, min(end, i + 12)):
                if _ARABIC.match(lines[j].text) or _ROMAN.match(lines[j].text):
                    break
                parts.append(lines[j].text)
            return collapse(" ".join(parts)) or None
    return None
