"""The WSGI entry point gunicorn serves (production, `make run`'s embedded mode and the bench)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careermap.settings")
application = get_wsgi_application()

# What start-up built (settings, models, URL patterns, translations: about 180,000 objects)
# lives as long as the worker. Frozen, the collector stops walking it. Collecting the youngest
# generation every 10,000 allocations rather than 700 means fewer collections on pages that
# build a few hundred model instances (six a request on the succession report). Measured
# there: 6.6 ms a request in the collector (a full collection of about 50 ms every ten
# requests), 2.2 ms frozen, 1.3 ms frozen with this threshold. The garbage waiting between
# collections is a few megabytes at most.
gc.collect()
gc.freeze()
gc.set_threshold(10_000, 10, 10)
