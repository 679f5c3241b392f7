"""Editors' HTML is cleaned with nh3: a safe set of tags stays, anything that could run or
restyle the page goes."""

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from cchc.portal.sanitize import ALLOWED_TAGS, clean_html, plain_text


def test_it_keeps_the_safe_structure_of_an_article():
    html = (
        "<h2>Mục</h2><p>Đoạn <strong>đậm</strong> và <em>nghiêng</em>.</p>"
        "<ul><li>một</li></ul><table><tr><th scope='col'>A</th></tr></table>"
    )
    cleaned = clean_html(html)
    for kept in (
        "<h2>Mục</h2>",
        "<strong>đậm</strong>",
        "<em>nghiêng</em>",
        "<li>một</li>",
        '<th scope="col">',
    ):
        assert kept in cleaned


def test_it_drops_scripts_styles_handlers_and_frames_with_their_content():
    cleaned = clean_html(
        '<p onclick="alert(1)" style="color:red" class="x">Chữ</p><script>alert(2)</script>'
        "<style>p{}</style><iframe src='https://x'></iframe><img src=x onerror=alert(3)>"
    )
    assert cleaned == "<p>Chữ</p>"


def test_it_neutralises_javascript_links_and_marks_others_noopener():
    cleaned = clean_html('<a href="javascript:alert(1)">xấu</a> <a href="https://example.org">tốt</a>')
    assert "javascript" not in cleaned
    assert '<a href="https://example.org" rel="noopener noreferrer">tốt</a>' in cleaned


def test_it_turns_plain_text_into_escaped_paragraphs():
    assert (
        clean_html("Dòng một\ncòn tiếp\n\nĐoạn hai & ba")
        == "<p>Dòng một<br>còn tiếp</p><p>Đoạn hai &amp; ba</p>"
    )


def test_it_gives_the_words_of_a_fragment():
    assert plain_text("<p>Cải cách&nbsp;<b>hành</b> chính</p><script>x()</script>") == "Cải cách hành chính"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.seen = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, dict(attrs)))


MARKUP = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<script>",
            "</script>",
            "<a href='javascript:x'>",
            "<img src=x onerror=y>",
            "<div style='x'>",
            "<b onclick=z>",
            "<svg onload=1>",
            "chữ",
            " ",
            "<",
            ">",
            '"',
            "'",
        ]
    )  # fmt: skip
    | st.text(max_size=10),
    max_size=30,
).map("".join)


@given(MARKUP)
def test_nothing_it_returns_can_run_a_script_or_restyle_the_page(text):
    parser = _Tags()
    parser.feed(clean_html(text))
    for tag, attrs in parser.seen:
        assert tag in ALLOWED_TAGS
        assert not any(name.startswith("on") or name == "style" for name in attrs)
        assert not (attrs.get("href") or "").strip().lower().startswith("javascript")
