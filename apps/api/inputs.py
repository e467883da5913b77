"""What the write endpoints take, as typed schemas. Unknown fields are refused (422), so a
typo never silently does nothing. A PATCH body's fields are all optional: only those sent
change, and ``null`` (where allowed) clears."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, StringConstraints

from careermap.fields import plausible_date


def _storable(value: str) -> str:
    # PostgreSQL text holds neither NUL nor lone surrogates; refuse them here, not with a 500.
    if "\x00" in value:
        raise ValueError("Text cannot contain the NUL character.")
    try:
        value.encode()
    except UnicodeEncodeError:
        raise ValueError("Text must be valid Unicode.") from None
    return value.strip()


def _plausible(value: date) -> date:
    try:
        plausible_date(value)
    except ValidationError as error:
        raise ValueError(error.messages[0]) from None
    return value


Text = Annotated[str, AfterValidator(_storable)]


# The model fields' lengths, so the document states them; the import checks them again.
Name = Annotated[Text, StringConstraints(min_length=1, max_length=150)]
Email = Annotated[Text, StringConstraints(min_length=3, max_length=254)]
Short = Annotated[Text, StringConstraints(max_length=120)]
ShortName = Annotated[Text, StringConstraints(min_length=1, max_length=120)]
Title = Annotated[Text, StringConstraints(max_length=150)]
Code = Annotated[Text, StringConstraints(max_length=64)]  # an external id, a time zone
Day = Annotated[date, AfterValidator(_plausible)]
Status = Literal["active", "leave", "on_leave", "left"]
Track = Literal["ic", "manager"]
Level = Annotated[int, Field(ge=1, le=12)]


def keep(description: str | None = None) -> Any:
    """A PATCH field that takes no null: leave it out to keep what is there."""
    return Field(None, description=description)


class Body(Schema):
    model_config = ConfigDict(extra="forbid")

    def given(self) -> dict[str, Any]:
        """The fields the client sent, by name."""
        return self.model_dump(exclude_unset=True)


class EmployeeCreate(Body):
    full_name: Name
    work_email: Email
    external_id: Code | None = Field(None, description="The HR system's id for the person.")
    department: Short | None = Field(None, description="A department's name; created if new.")
    manager: UUID | None = Field(None, description="The manager's employee id.")
    role: Title | None = Field(None, description="A role's title from the catalogue.")
    location: Short = ""
    hire_date: Day | None = None
    timezone: Code = Field("UTC", description="An IANA time zone, e.g. Europe/Lisbon.")
    status: Status = "active"


class EmployeePatch(Body):
    full_name: Name = keep()
    work_email: Email = keep()
    department: Short | None = Field(None, description="A department's name; created if new.")
    manager: UUID | None = Field(None, description="The manager's employee id; null: none.")
    role: Title | None = Field(None, description="A role's title from the catalogue.")
    location: Short | None = Field(None)
    hire_date: Day | None = Field(None)
    timezone: Code = keep("An IANA time zone, e.g. Europe/Lisbon.")
    status: Status = keep()


class DepartmentCreate(Body):
    name: ShortName
    parent_id: int | None = Field(None, description="The department it sits under.")


class DepartmentPatch(Body):
    name: ShortName = keep("The same name: only its case may change.")
    parent_id: int | None = Field(None, description="The department it sits under; null: none.")


class RoleCreate(Body):
    title: Name
    job_family: ShortName = Field(description="The job family's name; created if new.")
    level: Level = 1
    track: Track = "ic"
    summary: Text = ""
    responsibilities: Text = Field("", description="One responsibility per line.")
    is_key_position: bool = False


class RolePatch(Body):
    title: Name = keep("The same title: only its case may change.")
    job_family: ShortName = keep("The job family's name; created if new.")
    level: Level = keep()
    track: Track = keep()
    summary: Text = keep("Cannot be emptied through the API.")
    responsibilities: Text = keep("Cannot be emptied through the API.")
    is_key_position: bool = keep()
