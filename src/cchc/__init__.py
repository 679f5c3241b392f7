"""cchc: the administrative-reform communication plan cycle, from documents to reports."""

__version__ = "0.1.0"
