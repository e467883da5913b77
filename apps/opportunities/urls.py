"""Internal opportunities (mounted at /opportunities/)."""

from django.urls import path

from apps.opportunities import views

app_name = "opportunities"

O = "<uuid:opportunity_id>/"
I = O + "interested/<uuid:interest_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path(O, views.detail, name="detail"),
    path(O + "edit/", views.edit, name="edit"),
    path(O + "interest/", views.interest, name="interest"),
    path(O + "withdraw/", views.withdraw, name="withdraw"),
    path(O + "close/", views.close, name="close"),
    path(O + "interested/", views.interested, name="interested"),
    path(I + "shortlist/", views.shortlist, name="shortlist"),
    path(I + "fill/", views.fill, name="fill"),
]
