"""The NinjaAPI object mounted at /api/v1/: routers, problem-details errors, OpenAPI."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from apps.api import problems
from apps.api.endpoints import hr_reports, router

DESCRIPTION = """CareerMap's JSON API. Authenticate with a personal access token
(`Authorization: Bearer cm_...`), made on the Integrations > API tokens page. A token acts as
the person who made it and sees exactly what they see in the app. Lists are cursor-paginated
(follow `next`); errors are RFC 9457 problem details; each token may make
`API_RATE_LIMIT_PER_MINUTE` requests a minute (then 429 with Retry-After)."""


class CareerMapAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        problems.retype_error_content(schema)
        return schema


api = CareerMapAPI(
    title="CareerMap API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",  # apps/api/urls.py mounts it in the app's namespace
    # Swagger UI from the files ninja vendors: no CDN, and no inline script (strict CSP).
    docs=Swagger(),
)
problems.install(api)
api.add_router("", router)
api.add_router("/reports", hr_reports)
