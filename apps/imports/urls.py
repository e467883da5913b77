from django.urls import path

from apps.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("templates/<slug:kind>.<slug:extension>", views.template, name="template"),
    path("samples/<slug:kind>/", views.sample, name="sample"),
    path("<uuid:public_id>/", views.job, name="job"),
    path("<uuid:public_id>/problems.xlsx", views.problems, name="problems"),
    path("<uuid:public_id>/confirm/", views.confirm, name="confirm"),
    path("<uuid:public_id>/cancel/", views.cancel, name="cancel"),
    path("<uuid:public_id>/invite/", views.invite, name="invite"),
]
