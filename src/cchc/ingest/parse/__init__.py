"""The parser: a `SourceDocument` in, a `PlanDocument` out (see cchc.ingest.pipeline)."""


class ParseError(Exception):
    """The document was read but is not a plan the parser can make sense of."""
