"""Settings for the HTTP bench: production's, plus a floor page and a query count header.

gunicorn serves the app with DEBUG off and every production middleware. Two things are added,
both outside the product: ``bench.urls`` mounts the floor page beside the real URLs, and
``bench.probe.CountQueries`` (first in the chain, so it sees every query of the request) sends
the number of SQL queries in an ``X-Bench-Queries`` header.
"""

from careermap.settings import *  # noqa: F403
from careermap.settings import BASE_DIR, MIDDLEWARE

DEBUG = False
ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.probe.CountQueries", *MIDDLEWARE]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
# collectstatic writes here before the server starts (the manifest the templates need).
STATIC_ROOT = BASE_DIR / ".data" / "bench-static"
