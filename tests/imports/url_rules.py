"""Who may use the import pages (collected by tests/project/test_url_access.py): HR only;
everyone else gets 404, as for a page that does not exist. The writes answer HR's POST with a
redirect back to the job (a refusal is a message there)."""

from __future__ import annotations

from typing import Any

from apps.imports import services
from tests.access_matrix import Expect, signed_in
from tests.conftest import Org

HR_ONLY = signed_in(404, hr=200)
HR_WRITES = signed_in(404, hr=302)


def _job(org: Org) -> dict[str, Any]:
    job = services.job_create(
        kind="departments",
        file_name="departments.csv",
        data=b"name,parent\nOps,Nowhere\n",
        actor=org.hr_user,
        enqueue=False,
    )
    services.job_check(job.pk)  # INVALID: an unknown parent, so it has problems to download
    return {"public_id": job.public_id}


RULES: dict[str, Expect] = {
    "imports:index": Expect(HR_ONLY),
    "imports:template": Expect(
        HR_ONLY, kwargs=lambda org: {"kind": "employees", "extension": "xlsx"}
    ),
    "imports:sample": Expect(HR_ONLY, kwargs=lambda org: {"kind": "esco"}),
    "imports:job": Expect(HR_ONLY, kwargs=_job),
    "imports:problems": Expect(HR_ONLY, kwargs=_job),
    "imports:confirm": Expect(HR_WRITES, kwargs=_job, method="post"),
    "imports:cancel": Expect(HR_WRITES, kwargs=_job, method="post"),
    "imports:invite": Expect(HR_WRITES, kwargs=_job, method="post"),
}
