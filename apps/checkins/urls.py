"""Check-ins between a person and their manager (mounted at /checkins/)."""

from django.urls import path

from apps.checkins import views

app_name = "checkins"

C = "<uuid:checkin_id>/"

urlpatterns = [
    path("map/<uuid:map_id>/", views.index, name="index"),
    path("map/<uuid:map_id>/schedule/", views.schedule, name="schedule"),
    path(C, views.detail, name="detail"),
    path(C + "prepare/", views.prepare, name="prepare"),
    path(C + "reschedule/", views.reschedule, name="reschedule"),
    path(C + "held/", views.hold, name="hold"),
    path(C + "actions/", views.agree, name="agree"),
]
