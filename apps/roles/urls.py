"""HR's catalogue management, mounted at /catalogue/. Every URL is for catalogue editors only.

Roles are addressed by their public UUID; families, requirements and career paths only have
integer keys, which is acceptable here: every URL is HR-only and answers 404 to anyone else,
and a requirement or path is always looked up inside its role.
"""

from django.urls import path

from apps.roles import views

app_name = "roles"

R = "roles/<uuid:role_id>/"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("families/new/", views.family_create, name="family-create"),
    path("families/<int:family_id>/", views.family_edit, name="family-edit"),
    path("families/<int:family_id>/delete/", views.family_delete, name="family-delete"),
    path("roles/new/", views.role_create, name="role-create"),
    path(R, views.role_edit, name="role-edit"),
    path(R + "delete/", views.role_delete, name="role-delete"),
    # Required skills: the list, and one row at a time.
    path(R + "requirements/", views.requirements, name="requirements"),
    path(R + "requirements/add/", views.requirement_add, name="requirement-add"),
    path(R + "requirements/<int:requirement_id>/", views.requirement_edit, name="requirement-edit"),
    path(
        R + "requirements/<int:requirement_id>/delete/",
        views.requirement_delete,
        name="requirement-delete",
    ),
    # Career paths out of the role (next roles) and into it (previous roles).
    path(R + "paths/out/", views.transitions, {"direction": "out"}, name="transitions-out"),
    path(R + "paths/in/", views.transitions, {"direction": "in"}, name="transitions-in"),
    path(
        R + "paths/out/add/", views.transition_add, {"direction": "out"}, name="transition-out-add"
    ),
    path(R + "paths/in/add/", views.transition_add, {"direction": "in"}, name="transition-in-add"),
    path(R + "paths/<int:transition_id>/", views.transition_edit, name="transition-edit"),
    path(
        R + "paths/<int:transition_id>/delete/", views.transition_delete, name="transition-delete"
    ),
]
