"""Folding, query words and highlighting, without a database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cchc.search import text


def test_it_folds_marks_and_the_letter_d_with_stroke():
    assert text.fold("Cải cách THỦ TỤC hành chính") == "cai cach thu tuc hanh chinh"
    assert text.fold("Đường Đắk Lắk") == "duong dak lak"
    # Decomposed input (as some keyboards and PDFs produce it) folds the same.
    assert text.fold("Cải cách".replace("ả", "a\u0309")) == "cai cach"


def test_the_index_keeps_letters_and_digits_as_words():
    assert text.index_text("Căn cứ Nghị quyết số 76/NQ-CP;") == "can cu nghi quyet so 76 nq cp"


def test_query_words_for_postgresql_keep_marks_but_nothing_that_is_syntax():
    assert text.query_words("Đường & cải-cách | x:* ½") == ["đường", "cải", "cách", "x"]


def test_it_marks_matches_in_the_original_spelling_and_escapes_the_rest():
    marked = text.highlight("Cải cách <b>thủ tục</b> & đường", "cai cach thu duong")
    assert marked == (
        "<mark>Cải</mark> <mark>cách</mark> &lt;b&gt;<mark>thủ</mark> tục&lt;/b&gt; &amp; <mark>đường</mark>"
    )


def test_a_prefix_marks_only_the_typed_part():
    assert text.highlight("thủ tục", "thu tu") == "<mark>thủ</mark> <mark>tụ</mark>c"


def test_a_snippet_centres_on_the_matches():
    body = "mở đầu " * 80 + "cải cách thủ tục hành chính" + " kết thúc" * 80
    snippet = text.snippet(body, "cai cach thu tuc", width=120)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>cải</mark> <mark>cách</mark> <mark>thủ</mark> <mark>tục</mark>" in snippet
    assert len(snippet) < 250


@given(st.text(max_size=200), st.text(max_size=30))
def test_highlighting_never_lets_markup_through(body, query):
    marked = text.highlight(body, query)
    assert "<" not in marked.replace("<mark>", "").replace("</mark>", "")
    snippet = text.snippet(body, query, width=60)
    assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")


@given(st.text(max_size=100))
def test_folding_is_idempotent(value):
    assert text.fold(text.fold(value)) == text.fold(value)


def test_a_snippet_shows_the_first_stretch_that_holds_every_word():
    body = "thủ tục riêng lẻ " * 40 + "ở đây cải cách thủ tục cùng nhau" + " phần sau" * 40 + " cải cách"
    snippet = text.snippet(body, "cai cach thu tuc", width=80)
    # Not the start (only "thủ tục") nor the end (only "cải cách"): where all four words are.
    assert "ở đây <mark>cải</mark> <mark>cách</mark> <mark>thủ</mark> <mark>tục</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")


def test_a_very_long_text_is_only_read_from_its_beginning():
    body = "mở đầu về cải cách. " + "nội dung dài " * 5000 + "thủ tục ở cuối"
    assert len(body) > text.SNIPPET_SCAN_CHARS
    snippet = text.snippet(body, "cai cach thu tuc", width=120)
    assert "<mark>cải</mark> <mark>cách</mark>" in snippet and snippet.endswith("…")
    assert "thủ tục ở cuối" not in snippet
