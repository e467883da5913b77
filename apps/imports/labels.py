"""How the preview (before the write) and the result (after it) name each count of a job.

A job's summary stores counts under fixed English keys (``Plan.extra``, the sample groups);
the page names them here, in the reader's language, when it renders. A key not listed (a
kind's count added since, or one of an old job) shows as it is stored.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:  # a type only (django-stubs-ext is a development dependency)
    from django_stubs_ext import StrOrPromise

Labels = tuple["StrOrPromise", "StrOrPromise"]  # (preview, result)

COUNT_LABELS: dict[str, Labels] = {
    "create": (_("to create"), _("created")),
    "update": (_("to update"), _("updated")),
    "unchanged": (_("unchanged"), _("unchanged")),
    "leave": (_("to mark as leavers"), _("marked as leavers")),
    # employees
    "departments to create": (_("departments to create"), _("departments created")),
    "accounts to deactivate": (_("accounts to deactivate"), _("accounts deactivated")),
    "accounts to reactivate": (_("accounts to reactivate"), _("accounts reactivated")),
    # skills, roles, ladders and the taxonomies
    "categories to create": (_("categories to create"), _("categories created")),
    "categories to update": (_("categories to update"), _("categories updated")),
    "categories to move": (_("categories to move"), _("categories moved")),
    "job families to create": (_("job families to create"), _("job families created")),
    "job families to update": (_("job families to update"), _("job families updated")),
    "skills to create": (_("skills to create"), _("skills created")),
    "skills to update": (_("skills to update"), _("skills updated")),
    "roles to create": (_("roles to create"), _("roles created")),
    "roles to update": (_("roles to update"), _("roles updated")),
    "requirements to create": (_("requirements to create"), _("requirements created")),
    "requirements to update": (_("requirements to update"), _("requirements updated")),
    "promotions to create": (_("promotions to create"), _("promotions created")),
    "promotions to update": (_("promotions to update"), _("promotions updated")),
    # ratings, ESCO, O*NET
    "older than the current rating: history only": (
        _("older than the current rating: history only"),
        _("older than the current rating: added to the history only"),
    ),
    "synonyms left out (another skill's name, or too long)": (
        _("synonyms left out (another skill's name, or too long)"),
        _("synonyms left out (another skill's name, or too long)"),
    ),
}


def _same(label: StrOrPromise) -> Labels:
    return label, label


# The employee fields an update changes ("manager changes"), as employees.FIELD_LABELS keys them.
COUNT_LABELS |= {
    "name changes": _same(_("name changes")),
    "email changes": _same(_("email changes")),
    "external id changes": _same(_("external id changes")),
    "manager changes": _same(_("manager changes")),
    "role changes": _same(_("role changes")),
    "department changes": _same(_("department changes")),
    "location changes": _same(_("location changes")),
    "hire date changes": _same(_("hire date changes")),
    "time zone changes": _same(_("time zone changes")),
    "status changes": _same(_("status changes")),
    # O*NET's reasons for leaving a rating out (onet._left_out)
    "ratings left out: importance or level missing": _same(
        _("ratings left out: importance or level missing")
    ),
    "ratings left out: recommended for suppression": _same(
        _("ratings left out: recommended for suppression")
    ),
    "ratings left out: level not relevant": _same(_("ratings left out: level not relevant")),
    "ratings left out: below the minimum importance": _same(
        _("ratings left out: below the minimum importance")
    ),
}

# "skills: names shortened to 120 characters" (taxonomy.Records.tally), the limit kept.
SHORTENED = re.compile(r"(?P<records>[a-z ]+): names shortened to (?P<limit>\d+) characters")
SHORTENED_LABELS: dict[str, StrOrPromise] = {
    "job families": pgettext_lazy(
        "import count", "job families: names shortened to %(limit)s characters"
    ),
    "categories": pgettext_lazy(
        "import count", "categories: names shortened to %(limit)s characters"
    ),
    "skills": pgettext_lazy("import count", "skills: names shortened to %(limit)s characters"),
    "roles": pgettext_lazy("import count", "roles: names shortened to %(limit)s characters"),
}


def count_label(key: str, done: bool) -> str:
    """The name of the count ``key`` before (``done`` false) or after the write."""
    if key in COUNT_LABELS:
        return str(COUNT_LABELS[key][done])
    shortened = SHORTENED.fullmatch(key)
    if shortened and shortened["records"] in SHORTENED_LABELS:
        return str(SHORTENED_LABELS[shortened["records"]]) % {"limit": shortened["limit"]}
    return key
