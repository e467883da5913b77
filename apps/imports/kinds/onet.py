"""O*NET, the U.S. Department of Labor's occupational database, from its text release.

The bundle is a .zip holding ``Occupation Data.txt``, ``Skills.txt`` and ``Knowledge.txt`` of the
tab-separated text download (the whole ``db_29_x_text.zip`` works as it is: the other files
are ignored). They map to CareerMap as follows:

- an occupation is a role (its title and description), in the job family of its SOC major
  group ("15-1252.00" is in "Computer and Mathematical Occupations");
- a skill or knowledge element ("Programming", 2.B.3.e) is a skill, in a category of its part
  of the content model (Skills: "Basic skills", "Cross-functional skills" and their groups;
  Knowledge: "Knowledge" and its domains). An element of Knowledge named like a skill gets
  "(knowledge)" after its name ("Mathematics (knowledge)");
- an occupation's element becomes a requirement when its importance (scale IM, 1-5) is at
  least the minimum HR chose (3.0 unless changed): essential from the "essential from"
  importance (4.0 unless changed), else desirable. Its level (scale LV, 0-7) is rescaled to
  CareerMap's 1-5::

      level = clamp(round_half_up(1 + LV * 4 / 7), 1, 5)

  so LV 0 and 1 are 1, 2 and 3 are 2 and 3 (2.75 and 3.29 round to 3 and 3), 5.25 is 4, 7 is 5.
  A pair whose importance or level O*NET flags "Recommend Suppress" (low precision), or whose
  level is "Not Relevant", is no requirement (the preview counts the pairs left out, by reason).

O*NET's ratings are the data: a re-import updates a requirement's level and importance; its
weight stays as HR set it. Every record keeps its O*NET identifier (``source_uri``), so a newer
release updates what an earlier one made. HR chooses the occupations by SOC code prefix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.imports.kinds.base import Bundle, Plan, Progress
from apps.imports.kinds.taxonomy import (
    CatalogueChanges,
    CatalogueKind,
    Entry,
    Member,
    Records,
    Ref,
    RequirementDraft,
    Requirements,
    clean_options,
    prefixes,
    read_member,
    round_half_up,
)
from apps.roles.models import Importance, JobFamily, Role
from apps.skills.models import Skill, SkillCategory

OCCUPATIONS = "Occupation Data.txt"
SKILLS = "Skills.txt"
KNOWLEDGE = "Knowledge.txt"
CODE = "O*NET-SOC Code"
RATING_COLUMNS = (CODE, "Element ID", "Element Name", "Scale ID", "Data Value",
                  "Recommend Suppress", "Not Relevant")  # fmt: skip
URI = "https://www.onetonline.org/link/summary/"  # + SOC code: the occupation's public page
ELEMENT_URI = "onet:element/"
FAMILY_URI = "onet:major-group/"
CATEGORY_URI = "onet:content-model/"

# The SOC 2018 major groups (the first two digits of an O*NET-SOC code).
MAJOR_GROUPS = {
    "11": "Management", "13": "Business and Financial Operations",
    "15": "Computer and Mathematical", "17": "Architecture and Engineering",
    "19": "Life, Physical, and Social Science", "21": "Community and Social Service",
    "23": "Legal", "25": "Educational Instruction and Library",
    "27": "Arts, Design, Entertainment, Sports, and Media",
    "29": "Healthcare Practitioners and Technical", "31": "Healthcare Support",
    "33": "Protective Service", "35": "Food Preparation and Serving Related",
    "37": "Building and Grounds Cleaning and Maintenance", "39": "Personal Care and Service",
    "41": "Sales and Related", "43": "Office and Administrative Support",
    "45": "Farming, Fishing, and Forestry", "47": "Construction and Extraction",
    "49": "Installation, Maintenance, and Repair", "51": "Production",
    "53": "Transportation and Material Moving", "55": "Military Specific",
}  # fmt: skip

# The parts of O*NET's content model the two files' elements sit in, by Element ID prefix.
CONTENT_MODEL = {
    "2.A": "Basic skills", "2.A.1": "Content skills", "2.A.2": "Process skills",
    "2.B": "Cross-functional skills", "2.B.1": "Social skills",
    "2.B.2": "Complex problem solving skills", "2.B.3": "Technical skills",
    "2.B.4": "Systems skills", "2.B.5": "Resource management skills",
    "2.C": "Knowledge", "2.C.1": "Business and management knowledge",
    "2.C.2": "Manufacturing and production knowledge",
    "2.C.3": "Engineering and technology knowledge",
    "2.C.4": "Mathematics and science knowledge", "2.C.5": "Health services knowledge",
    "2.C.6": "Education and training knowledge", "2.C.7": "Arts and humanities knowledge",
    "2.C.8": "Law and public safety knowledge", "2.C.9": "Communications knowledge",
    "2.C.10": "Transportation knowledge",
}  # fmt: skip
OTHER_CATEGORY = "Other O*NET elements"


def rescale_level(lv: float) -> int:
    """O*NET's 0-7 level on CareerMap's 1-5 scale (see the module's docstring)."""
    return max(1, min(5, round_half_up(1 + lv * 4 / 7)))


class OnetOptions(forms.Form):
    soc_prefix = forms.CharField(
        label=gettext_lazy("O*NET-SOC codes"),
        required=False,
        max_length=200,
        validators=[
            RegexValidator(
                r"^[\d\s,.-]*$", gettext_lazy("Write SOC codes, e.g. 15-12, comma-separated.")
            )
        ],
        help_text=gettext_lazy(
            "Occupations whose code starts with one of these, e.g. 15-12 or 15-1252.00. "
            "Blank: every occupation."
        ),
    )
    min_importance = forms.FloatField(
        label=gettext_lazy("Minimum importance"),
        initial=3.0,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=gettext_lazy(
            "An element becomes a requirement from this importance (O*NET's 1-5 scale)."
        ),
    )
    essential_importance = forms.FloatField(
        label=gettext_lazy("Essential from importance"),
        initial=4.0,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=gettext_lazy(
            "Requirements at least this important are essential, the others desirable."
        ),
    )


@dataclass(slots=True)
class Rating:
    """An occupation's two ratings of one element: importance and level."""

    name: str
    importance: float | None = None
    level: float | None = None
    suppressed: bool = False
    not_relevant: bool = False


@dataclass
class OnetChanges(CatalogueChanges):
    requirements: Requirements = field(
        default_factory=lambda: Requirements(["required_level", "importance"])
    )


class OnetFile:
    def __init__(self, bundle: Bundle, options: dict[str, Any], progress: Progress) -> None:
        self.bundle, self.options, self.progress = bundle, options, progress
        self.changes = OnetChanges(
            families=Records(JobFamily, "name", "job families", ("description",),
                             one="job family"),
            categories=Records(SkillCategory, "name", "categories", ("parent_id",),
                               one="category"),
            skills=Records(Skill, "name", "skills", ("category_id",)),
            roles=Records(Role, "title", "roles", ("summary", "family_id")),
        )  # fmt: skip
        self.plan = Plan(changes=self.changes)
        self.left_out: dict[str, int] = {}

    def run(self) -> Plan:
        self.progress.phase(_("Reading %(file)s") % {"file": OCCUPATIONS})
        occupations = self._occupations(
            read_member(
                self.bundle,
                OCCUPATIONS,
                (CODE, "Title", "Description"),
                delimiter="\t",
                quoted=False,
                lenient=True,
            )
        )
        ratings: dict[str, dict[tuple[str, str], Rating]] = {}
        for name in (SKILLS, KNOWLEDGE):
            self.progress.phase(_("Reading %(file)s") % {"file": name})
            member = read_member(self.bundle, name, RATING_COLUMNS, delimiter="\t",
                                 quoted=False, lenient=True)  # fmt: skip
            ratings[name] = self._ratings(member, occupations)
        if self.plan.issues:
            return self.plan
        roles = self._roles(occupations)
        elements, drafts = self._requirements(ratings)
        skills = self._skills(elements)
        for code, element, level, importance in drafts:
            self.changes.requirements.add(
                RequirementDraft(roles[code], skills[element], level, importance)
            )
        for label, count in self.left_out.items():
            self.plan.extra[f"ratings left out: {label}"] = count
        for records in (self.changes.families, self.changes.categories,
                        self.changes.skills, self.changes.roles):  # fmt: skip
            records.tally(self.plan)
        self.changes.requirements.tally(self.plan)
        return self.plan

    def _occupations(self, member: Member) -> dict[str, tuple[str, str]]:
        wanted = prefixes(self.options["soc_prefix"])
        found = {}
        for number, cells in member.rows:
            code, title = member.cell(cells, CODE), member.cell(cells, "Title")
            if wanted and not code.startswith(wanted):
                continue
            if not code or not title:
                self.plan.refuse(number, member.where("Title"),
                                 _("An occupation needs its code and title."))  # fmt: skip
                continue
            found[code] = (title, member.cell(cells, "Description"))
        if not found:
            self.plan.refuse(0, member.where(CODE), _("No occupation has the codes chosen."))
        return found

    def _ratings(
        self, member: Member, occupations: dict[str, tuple[str, str]]
    ) -> dict[tuple[str, str], Rating]:
        found: dict[tuple[str, str], Rating] = {}
        for number, cells in member.rows:
            code = member.cell(cells, CODE)
            scale = member.cell(cells, "Scale ID").upper()
            if code not in occupations or scale not in ("IM", "LV"):
                continue
            element = member.cell(cells, "Element ID")
            rating = found.setdefault((code, element), Rating(member.cell(cells, "Element Name")))
            try:
                value = float(member.cell(cells, "Data Value"))
            except ValueError:
                text = member.cell(cells, "Data Value")
                self.plan.refuse(number, member.where("Data Value"),
                                 _("“%(text)s” is not a number.") % {"text": text})  # fmt: skip
                continue
            if scale == "IM":
                rating.importance = value
            else:
                rating.level = value
                rating.not_relevant |= member.cell(cells, "Not Relevant").upper() == "Y"
            rating.suppressed |= member.cell(cells, "Recommend Suppress").upper() == "Y"
        return found

    def _roles(self, occupations: dict[str, tuple[str, str]]) -> dict[str, Ref]:
        families, roles = self.changes.families, self.changes.roles
        found = {}
        for code, (title, description) in occupations.items():
            group = code[:2]
            label = f"{MAJOR_GROUPS.get(group, f'SOC major group {group}')} Occupations"
            family = families.claim(label, uri=f"{FAMILY_URI}{group}", hint=f"SOC {group}")
            family.values["description"] = f"O*NET occupations of SOC major group {group}-0000."
            entry = roles.claim(title, uri=f"{URI}{code}", hint=f"O*NET {code}")
            entry.values["family_id"] = families.ref(family)
            entry.values["summary"] = description
            found[code] = roles.ref(entry)
        return found

    def _requirements(
        self, ratings: dict[str, dict[tuple[str, str], Rating]]
    ) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str, int, str]]]:
        """The elements the requirements need (id -> (name, file)), and the requirements
        (occupation, element, level, importance)."""
        low, essential = (float(self.options["min_importance"]),
                          float(self.options["essential_importance"]))  # fmt: skip
        elements: dict[str, tuple[str, str]] = {}
        drafts: list[tuple[str, str, int, str]] = []
        for name, pairs in ratings.items():
            for (code, element), rating in pairs.items():
                reason = _left_out(rating, low)
                if reason or rating.importance is None or rating.level is None:
                    self.left_out[reason] = self.left_out.get(reason, 0) + 1
                    continue
                essential_one = rating.importance >= essential
                importance = Importance.ESSENTIAL if essential_one else Importance.DESIRABLE
                elements.setdefault(element, (rating.name, name))
                drafts.append((code, element, rescale_level(rating.level), importance.value))
        return elements, drafts

    def _skills(self, elements: dict[str, tuple[str, str]]) -> dict[str, Ref]:
        skills, categories = self.changes.skills, self.changes.categories
        refs: dict[str, Ref] = {}
        # Skills before Knowledge: a knowledge element named like a skill gets the suffix.
        for element, (name, file_name) in sorted(
            elements.items(), key=lambda item: (item[1][1] != SKILLS, _id_order(item[0]))
        ):
            hint = "knowledge" if file_name == KNOWLEDGE else "skill"
            entry = skills.claim(name, uri=f"{ELEMENT_URI}{element}", hint=hint)
            entry.values["category_id"] = categories.ref(self._category(element))
            refs[element] = skills.ref(entry)
        return refs

    def _category(self, element: str) -> Entry:
        """The category of the element's group (under its part of the model), claimed."""
        categories = self.changes.categories
        parts = element.split(".")
        top, group = ".".join(parts[:2]), ".".join(parts[:3])
        if top not in CONTENT_MODEL:
            entry = categories.claim(OTHER_CATEGORY)
            entry.values["parent_id"] = None
            return entry
        parent = categories.claim(CONTENT_MODEL[top], uri=f"{CATEGORY_URI}{top}", hint="O*NET")
        parent.values["parent_id"] = None
        if group not in CONTENT_MODEL:
            return parent
        entry = categories.claim(CONTENT_MODEL[group], uri=f"{CATEGORY_URI}{group}",
                                 hint="O*NET")  # fmt: skip
        entry.values["parent_id"] = categories.ref(parent)
        return entry


def _left_out(rating: Rating, low: float) -> str:
    """Why a rating is no requirement ("" when it is one)."""
    if rating.importance is None or rating.level is None:
        return "importance or level missing"
    if rating.suppressed:
        return "recommended for suppression"
    if rating.not_relevant:
        return "level not relevant"
    if rating.importance < low:
        return "below the minimum importance"
    return ""


def _id_order(element: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else ord(part[0]) for part in element.split("."))


class OnetKind(CatalogueKind):
    key = "onet"
    sample = "onet"
    label = gettext_lazy("O*NET occupations, skills and knowledge")
    description = gettext_lazy(
        "The O*NET database's text files (Occupation Data.txt, Skills.txt, Knowledge.txt) in "
        "one .zip: occupations become roles, skill and knowledge elements become skills, and "
        "each element important enough for an occupation becomes a requirement, its 0-7 "
        "level rescaled to 1-5. Choose the SOC codes and the minimum importance."
    )
    bundle_files = (OCCUPATIONS, SKILLS, KNOWLEDGE)
    options_form = OnetOptions

    def plan(
        self, source: Bundle, *, options: dict[str, Any], full_sync: bool, progress: Progress
    ) -> Plan:
        return OnetFile(source, clean_options(OnetOptions, options), progress).run()


KIND = OnetKind()
