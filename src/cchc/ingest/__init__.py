"""Plan document understanding. Pure Python: nothing here may import Django.

    from cchc.ingest import parse_file
    plan = parse_file("plan.docx")          # -> PlanDocument
    plan.to_dict()                           # the JSON contract of `cchc parse`

The registry's resolver, when the Django side has one, is handed in as a plain
callable (see `AgencyResolver` in cchc.ingest.model).
"""

from cchc.ingest.pipeline import parse_file, parse_source  # noqa: E402

__all__ = ["parse_file", "parse_source"]
