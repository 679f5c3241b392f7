"""Plan document understanding. Pure Python: nothing here may import Django.

    from cchc.ingest import parse_file
    plan = parse_file("plan.docx")          # -> PlanDocument
    plan.to_dict()                           # the JSON contract of `cchc parse`

The registry's resolver, when the Django side has one, is handed in as a plain
callable (see `AgencyResolver` in cchc.ingest.model).
"""

__all__ = ["parse_file", "parse_source"]


def __getattr__(name: str):
    # Loaded on first use, so importing one small module of the package (the model, a
    # normalizer) does not pull in every reader and the parser.
    if name in __all__:
        from cchc.ingest import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'cchc.ingest' has no attribute {name!r}")
