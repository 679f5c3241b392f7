"""`cchc search "QUERY" [--kind news|plan|document|answer] [--limit N] [--format text|json]`
and `cchc search --reindex [--kind …]`."""

from __future__ import annotations

import json
import re

from django.core.management.base import BaseCommand, CommandError

from cchc.search import backends
from cchc.search.index import reindex as rebuild_index
from cchc.search.models import Kind
from cchc.search.selectors import DEFAULT_LIMIT, MAX_LIMIT, search


class Command(BaseCommand):
    help = (
        "Tìm tin tức, kế hoạch, văn bản pháp lý và trả lời phản ánh (có dấu hay không dấu đều được); "
        "--reindex dựng lại chỉ mục tìm kiếm."
    )

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", default="", help='từ khóa, ví dụ "cai cach thu tuc"')
        parser.add_argument(
            "--kind",
            action="append",
            choices=Kind.values,
            help="chỉ tìm loại này (lặp lại để chọn nhiều loại)",
        )
        parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help=f"tối đa {MAX_LIMIT}")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--reindex", action="store_true", help="dựng lại chỉ mục từ dữ liệu")

    def handle(self, *args, query, kind, limit, format, reindex: bool, **options):
        if reindex:
            counts = rebuild_index(kind, progress=self._progress)
            if format == "json":
                self.stdout.write(json.dumps({"reindexed": counts}, ensure_ascii=False))
            else:
                for name, count in counts.items():
                    self.stdout.write(f"{Kind(name).label}: {count}")
            if not query:
                return
        if not query.strip():
            raise CommandError("Cần từ khóa tìm kiếm (hoặc --reindex).")
        hits = search(query, kinds=kind, limit=limit)
        if format == "json":
            payload = {
                "query": query,
                "backend": backends.backend_name(),
                "count": len(hits),
                "results": [{"rank": rank, **hit.as_dict()} for rank, hit in enumerate(hits, 1)],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if not hits:
            self.stdout.write(f"Không tìm thấy kết quả nào cho “{query}”.")
            return
        for number, hit in enumerate(hits, 1):
            when = f" ({hit.date:%d/%m/%Y})" if hit.date else ""
            self.stdout.write(f"{number}. [{hit.kind_label}] {_terminal(hit.title_html)}{when}  {hit.url}")
            self.stdout.write(f"   {_terminal(hit.snippet_html)}")

    def _progress(self, kind: str, done: int, total: int) -> None:
        """Progress on stderr (stdout stays one JSON document with --format json)."""
        if done == 0:
            line = f"{Kind(kind).label}: {total} mục cần lập chỉ mục…"
        else:
            line = f"{Kind(kind).label}: {done}/{total} ({done * 100 // max(total, 1)}%)"
        self.stderr.write(line, style_func=str)


def _terminal(snippet_html: str) -> str:
    """The snippet for a terminal: <mark> as «…», entities back to characters."""
    import html

    text = re.sub(r"</?mark>", lambda m: "»" if m.group().startswith("</") else "«", snippet_html)
    return html.unescape(text)
