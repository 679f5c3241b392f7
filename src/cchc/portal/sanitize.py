"""Editors' rich text, made safe to show to everyone: nh3 keeps a small set of tags and drops
everything else (scripts, styles, event handlers, iframes, javascript: links).

No Django here: the rules can be tested on their own.
"""

from __future__ import annotations

import html
import re

import nh3

# Headings start at h2: the page's own title is the h1.
ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark", "small",
        "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "hr", "a", "abbr",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
        "figure", "figcaption",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Whose content goes with the tag, not only the tag itself.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript"})

_HAS_TAG = re.compile(r"<[a-zA-Z/!]")


def clean_html(text: str) -> str:
    """Safe HTML from an editor's input. Plain text (no tags at all) becomes paragraphs, so
    an editor who types without markup still gets readable paragraphs."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    if not _HAS_TAG.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        text = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def plain_text(fragment: str) -> str:
    """The words of an HTML fragment, for summaries, feeds and the search index."""
    text = nh3.clean(fragment or "", tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))
    return " ".join(html.unescape(text).split())
