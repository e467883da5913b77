"""Mentor matching (mounted at /mentoring/)."""

from django.urls import path

from apps.careermaps.views import mentoring

app_name = "mentoring"

M = "<uuid:mentorship_id>/"

urlpatterns = [
    path("", mentoring.index, name="index"),
    path("offer/", mentoring.offer, name="offer"),
    path("mentors/<uuid:employee_id>/request/", mentoring.request_mentor, name="request"),
    path(M, mentoring.detail, name="detail"),
    path(M + "accept/", mentoring.accept, name="accept"),
    path(M + "decline/", mentoring.decline, name="decline"),
    path(M + "end/", mentoring.end, name="end"),
]
