"""Documents the product writes: the official DOCX of a plan (Nghị định 30/2020 layout),
its PDF through LibreOffice and page images through Poppler.

Pure Python: nothing here imports Django, so the CLI, the web app and the tests share it.
An exporter returns `(filename, mimetype, bytes)`.
"""

from cchc.exports.docx_plan import DOCX_MIMETYPE, export_plan_docx, plan_docx_filename, render_plan_docx

__all__ = ["DOCX_MIMETYPE", "export_plan_docx", "plan_docx_filename", "render_plan_docx"]
