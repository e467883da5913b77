from django.urls import path

from apps.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.team, name="team"),
    path("heatmap/", views.heatmap, name="heatmap"),
    path("heatmap.csv", views.heatmap_csv, name="heatmap-csv"),
    path("summary/", views.summary, name="summary"),
    path("stats/", views.stats, name="stats"),
    path("health/", views.health, name="health"),
    path("feed/", views.feed, name="feed"),
    path("reviews/", views.reviews, name="reviews"),
    path("managers/", views.managers, name="managers"),
    path("people/<uuid:employee_id>/skills/<int:skill_id>/rate/", views.rate, name="rate"),
    path(
        "recognise/milestone/<uuid:milestone_id>/",
        views.recognise_milestone,
        name="recognise-milestone",
    ),
    path("recognise/goal/<uuid:goal_id>/", views.recognise_goal, name="recognise-goal"),
]
