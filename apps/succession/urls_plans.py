"""Key positions, successor slates and HR's reports (mounted at /succession/)."""

from django.urls import path

from apps.succession.views import plans, reports

app_name = "plans"

P = "key-positions/<uuid:plan_id>/"
C = P + "successors/<uuid:candidate_id>/"

urlpatterns = [
    path("key-positions/", plans.index, name="index"),
    path("key-positions/new/", plans.create, name="create"),
    path(P, plans.detail, name="detail"),
    path(P + "edit/", plans.edit, name="edit"),
    path(P + "delete/", plans.delete, name="delete"),
    path(P + "reviewed/", plans.review, name="review"),
    path(P + "suggestions/", plans.suggestions, name="suggestions"),
    path(P + "nominate/", plans.nominate, name="nominate"),
    path(P + "successors/add/", plans.candidate_add, name="candidate-add"),
    path(C, plans.candidate_edit, name="candidate-edit"),
    path(C + "up/", plans.candidate_move_up, name="candidate-up"),
    path(C + "down/", plans.candidate_move_down, name="candidate-down"),
    path(C + "remove/", plans.candidate_remove, name="candidate-remove"),
    path(C + "develop/", plans.candidate_develop, name="candidate-develop"),
    # Reports (HR).
    path("reports/", reports.succession, name="report-succession"),
    path("reports/succession.csv", reports.succession_csv, name="report-succession-csv"),
    path("reports/succession.xlsx", reports.succession_xlsx, name="report-succession-xlsx"),
    path("reports/print/", reports.succession_print, name="report-succession-print"),
    path("reports/skills/", reports.skills, name="report-skills"),
    path("reports/future-needs/", reports.future, name="report-future"),
    path("reports/future-needs/add/", reports.demand_add, name="demand-add"),
    path(
        "reports/future-needs/<uuid:demand_id>/delete/",
        reports.demand_delete,
        name="demand-delete",
    ),
    path("reports/equity/", reports.equity, name="report-equity"),
]
