"""REST endpoints of this app, mounted on the project API (cchc.api.api) at /api/tracking/.

Operation names start with "tracking_" (their URL names, e.g. "api:tracking_list"), so the
app's own persona matrix covers them (see tests/web/test_permissions_matrix.py).
"""

from ninja import Router

router = Router()
