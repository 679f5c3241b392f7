"""REST endpoints of this app, mounted on the project API (cchc.api.api) at /api/feedback/.

Operation names start with "feedback_" (their URL names, e.g. "api:feedback_list"), so the
app's own persona matrix covers them (see tests/web/test_permissions_matrix.py).
"""

from ninja import Router

router = Router()
