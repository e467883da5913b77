"""The learning catalogue (mounted at /resources/). Adding a resource to one's plan is the
map's own URL (careermaps:resource-add).
"""

from django.urls import path

from apps.learning import views

app_name = "learning"

R = "<uuid:resource_id>/"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    # HR maintains the catalogue; to anyone else these do not exist.
    path("new/", views.resource_create, name="create"),
    path(R + "edit/", views.resource_edit, name="edit"),
    path(R + "delete/", views.resource_delete, name="delete"),
    path(R + "skills/", views.skill_add, name="skill-add"),
    path(R + "skills/<int:skill_id>/", views.skill_edit, name="skill-edit"),
    path(R + "skills/<int:skill_id>/remove/", views.skill_remove, name="skill-remove"),
]
