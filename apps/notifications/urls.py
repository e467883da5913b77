"""My notifications (mounted at /notifications/)."""

from django.urls import path

from apps.notifications import views

app_name = "notifications"

N = "<uuid:public_id>/"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("bell/", views.bell, name="bell"),
    path("read/", views.mark_all_read, name="read-all"),
    path(N + "read/", views.mark_read, name="read"),
    path(N + "open/", views.notification_open, name="open"),
    # Signed, no sign-in: the link in every reminder email.
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
