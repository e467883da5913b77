"""The learning-resource catalogue (mounted at /resources/)."""

from django.urls import path

from apps.careermaps.views import resources

app_name = "resources"

R = "<uuid:resource_id>/"

urlpatterns = [
    path("", resources.catalogue, name="catalogue"),
    path(R + "plan/", resources.add_to_plan, name="add-to-plan"),
    # HR maintains the catalogue; to anyone else these do not exist.
    path("new/", resources.resource_create, name="create"),
    path(R + "edit/", resources.resource_edit, name="edit"),
    path(R + "delete/", resources.resource_delete, name="delete"),
    path(R + "skills/", resources.skill_add, name="skill-add"),
    path(R + "skills/<int:skill_id>/", resources.skill_edit, name="skill-edit"),
    path(R + "skills/<int:skill_id>/remove/", resources.skill_remove, name="skill-remove"),
]
