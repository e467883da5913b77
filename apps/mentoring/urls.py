"""Mentor matching (mounted at /mentoring/)."""

from django.urls import path

from apps.mentoring import views

app_name = "mentoring"

M = "<uuid:mentorship_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("offer/", views.offer, name="offer"),
    path("mentors/<uuid:employee_id>/request/", views.request_mentor, name="request"),
    path(M, views.detail, name="detail"),
    path(M + "accept/", views.accept, name="accept"),
    path(M + "decline/", views.decline, name="decline"),
    path(M + "end/", views.end, name="end"),
]
