"""Job handlers of the plans app (registered when the app loads)."""

from cchc.jobs.runner import handler
from cchc.plans.services import PARSE_JOB, parse_import_item


@handler(PARSE_JOB)
def run_parse_import_item(job) -> None:
    parse_import_item(job.payload["item"], job=job)
