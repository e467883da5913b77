"""Talent review URLs (mounted at /talent/). Key positions and successors are in urls_plans.py."""

from django.urls import path

from apps.succession.views import audit, reviews

app_name = "succession"

urlpatterns = [
    path("", reviews.index, name="index"),
    path("reviews/new/", reviews.review_create, name="review-create"),
    path("reviews/<uuid:review_id>/", reviews.review, name="review"),
    path("reviews/<uuid:review_id>/status/", reviews.review_status, name="review-status"),
    path("reviews/<uuid:review_id>/rate/", reviews.rate, name="rate"),
    path(
        "reviews/<uuid:review_id>/rate/<uuid:employee_id>/",
        reviews.rating_save,
        name="rating-save",
    ),
    path("reviews/<uuid:review_id>/nine-box/", reviews.nine_box, name="nine-box"),
    path("reviews/<uuid:review_id>/export.csv", reviews.review_export, name="review-export"),
    path("ratings/<uuid:rating_id>/", reviews.rating, name="rating"),
    path("ratings/<uuid:rating_id>/calibrate/", reviews.rating_calibrate, name="rating-calibrate"),
    path("nine-box/cells/", reviews.cells, name="cells"),
    path("audit/", audit.audit_log, name="audit"),
]
