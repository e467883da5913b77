"""Internal opportunities (mounted at /opportunities/)."""

from django.urls import path

from apps.opportunities import views

app_name = "opportunities"

OPP = "<uuid:opportunity_id>/"
INTEREST = OPP + "interested/<uuid:interest_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path(OPP, views.detail, name="detail"),
    path(OPP + "edit/", views.edit, name="edit"),
    path(OPP + "interest/", views.interest, name="interest"),
    path(OPP + "withdraw/", views.withdraw, name="withdraw"),
    path(OPP + "close/", views.close, name="close"),
    path(OPP + "interested/", views.interested, name="interested"),
    path(INTEREST + "shortlist/", views.shortlist, name="shortlist"),
    path(INTEREST + "fill/", views.fill, name="fill"),
]
