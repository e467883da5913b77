from django.urls import path

from apps.employees import views

app_name = "employees"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("search/", views.search, name="search"),
    path("tree/", views.org_tree, name="tree"),
    path("chart/", views.chart, name="chart"),
    path("tree/<uuid:public_id>/children/", views.tree_children, name="tree-children"),
    path("<uuid:public_id>/", views.person, name="person"),
    path("<uuid:public_id>/ratings/", views.rating_history, name="rating-history"),
    path("<uuid:public_id>/invite/", views.invite, name="invite"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<uuid:public_id>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("join/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
