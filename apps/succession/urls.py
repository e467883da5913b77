"""Succession (mounted at the site root): talent reviews and calibration under /talent/, key
positions, successor slates and HR's reports under /succession/.
"""

from django.urls import path

from apps.succession.views import audit, leavers, plans, reports, reviews

app_name = "succession"

T = "talent/"
S = "succession/"
P = S + "key-positions/<uuid:plan_id>/"
C = P + "successors/<uuid:candidate_id>/"

urlpatterns = [
    path("talent/", reviews.index, name="index"),
    path(S + "org-chart/", plans.org_chart, name="org-chart"),
    path(T + "reviews/new/", reviews.review_create, name="review-create"),
    path(T + "reviews/<uuid:review_id>/", reviews.review, name="review"),
    path(T + "reviews/<uuid:review_id>/status/", reviews.review_status, name="review-status"),
    path(T + "reviews/<uuid:review_id>/rate/", reviews.rate, name="rate"),
    path(
        T + "reviews/<uuid:review_id>/rate/<uuid:employee_id>/",
        reviews.rating_save,
        name="rating-save",
    ),
    path(T + "reviews/<uuid:review_id>/nine-box/", reviews.nine_box, name="nine-box"),
    path(T + "reviews/<uuid:review_id>/export.csv", reviews.review_export, name="review-export"),
    path(T + "ratings/<uuid:rating_id>/", reviews.rating, name="rating"),
    path(
        T + "ratings/<uuid:rating_id>/calibrate/", reviews.rating_calibrate, name="rating-calibrate"
    ),
    path(T + "ratings/<uuid:rating_id>/move/", reviews.rating_move, name="rating-move"),
    path(T + "nine-box/cells/", reviews.cells, name="cells"),
    path(T + "audit/", audit.audit_log, name="audit"),
    # Key positions and successor slates.
    path(S + "key-positions/", plans.index, name="plan-index"),
    path(S + "key-positions/new/", plans.create, name="plan-create"),
    path(S + "key-positions/for-role/<uuid:role_id>/", plans.for_role, name="plan-for-role"),
    path(P, plans.detail, name="plan-detail"),
    path(P + "edit/", plans.edit, name="plan-edit"),
    path(P + "delete/", plans.delete, name="plan-delete"),
    path(P + "reviewed/", plans.review, name="plan-review"),
    path(P + "suggestions/", plans.suggestions, name="plan-suggestions"),
    path(P + "nominate/", plans.nominate, name="plan-nominate"),
    path(P + "successors/add/", plans.candidate_add, name="candidate-add"),
    path(C, plans.candidate_edit, name="candidate-edit"),
    path(C + "up/", plans.candidate_move_up, name="candidate-up"),
    path(C + "down/", plans.candidate_move_down, name="candidate-down"),
    path(C + "remove/", plans.candidate_remove, name="candidate-remove"),
    path(C + "develop/", plans.candidate_develop, name="candidate-develop"),
    # Reports (HR).
    path(S + "reports/", reports.succession, name="report-succession"),
    path(S + "reports/succession.csv", reports.succession_csv, name="report-succession-csv"),
    path(S + "reports/succession.xlsx", reports.succession_xlsx, name="report-succession-xlsx"),
    path(S + "reports/print/", reports.succession_print, name="report-succession-print"),
    path(S + "reports/skills/", reports.skills, name="report-skills"),
    path(S + "reports/future-needs/", reports.future, name="report-future"),
    path(S + "reports/future-needs/add/", reports.demand_add, name="demand-add"),
    path(
        S + "reports/future-needs/<uuid:demand_id>/delete/",
        reports.demand_delete,
        name="demand-delete",
    ),
    path(S + "reports/equity/", reports.equity, name="report-equity"),
    # A person's data on HR's request (export, anonymise a leaver).
    path("people/<uuid:employee_id>/data.json", leavers.export, name="leaver-export"),
    path("people/<uuid:employee_id>/anonymise/", leavers.anonymise, name="leaver-anonymise"),
]
