"""The career map (mounted at the site root): /map/..., notification preferences at /preferences/,
and the map's side of the learning catalogue, "add this resource to my plan".
"""

from django.urls import path

from apps.careermaps.views import assessment, goals, journal, overview, plan, preferences, profile

app_name = "careermaps"

M = "map/<uuid:map_id>/"

urlpatterns = [
    path("map/", overview.mine, name="mine"),
    path("map/start/", overview.start, name="start"),
    path("map/of/<uuid:employee_id>/card/", profile.profile_card, name="profile-card"),
    path(M, overview.overview, name="overview"),
    path(M + "target/", overview.target_set, name="target-set"),
    path(M + "settings/", overview.settings_edit, name="settings-edit"),
    path(M + "print/", overview.print_view, name="print"),
    path(M + "export.json", overview.export, name="export"),
    # Self-assessment: ratings, strengths and weaknesses, values and interests, SWOT, quiz.
    path(M + "assessment/", assessment.assessment, name="assessment"),
    path(M + "assessment/about/", assessment.about_edit, name="about-edit"),
    path(M + "assessment/ratings/", assessment.rating_set, name="rating-set"),
    path(M + "swot/", assessment.swot_add, name="swot-add"),
    path(M + "swot/<uuid:item_id>/", assessment.swot_edit, name="swot-edit"),
    path(M + "swot/<uuid:item_id>/delete/", assessment.swot_delete, name="swot-delete"),
    path(M + "quiz/", assessment.quiz, name="quiz"),
    # Goals, milestones and the roadmap.
    path(M + "goals/", goals.goals, name="goals"),
    path(M + "goals/add/", goals.goal_add, name="goal-add"),
    path(M + "goals/<uuid:goal_id>/", goals.goal_edit, name="goal-edit"),
    path(M + "goals/<uuid:goal_id>/delete/", goals.goal_delete, name="goal-delete"),
    path(M + "goals/<uuid:goal_id>/milestones/", goals.milestone_add, name="milestone-add"),
    path(
        M + "milestones/<uuid:milestone_id>/toggle/",
        goals.milestone_toggle,
        name="milestone-toggle",
    ),
    path(
        M + "milestones/<uuid:milestone_id>/delete/",
        goals.milestone_delete,
        name="milestone-delete",
    ),
    # Development plan and networking.
    path(M + "plan/", plan.plan, name="plan"),
    path(M + "plan/add/", plan.action_add, name="action-add"),
    path(M + "plan/<uuid:action_id>/", plan.action_edit, name="action-edit"),
    path(M + "plan/<uuid:action_id>/delete/", plan.action_delete, name="action-delete"),
    path(M + "contacts/add/", plan.contact_add, name="contact-add"),
    path(M + "contacts/<uuid:contact_id>/", plan.contact_edit, name="contact-edit"),
    path(M + "contacts/<uuid:contact_id>/delete/", plan.contact_delete, name="contact-delete"),
    # Reflection journal.
    path(M + "journal/", journal.journal, name="journal"),
    path(M + "journal/add/", journal.reflection_add, name="reflection-add"),
    path(
        M + "journal/<uuid:reflection_id>/share/", journal.reflection_share, name="reflection-share"
    ),
    path("preferences/", preferences.index, name="preferences"),
    path("resources/<uuid:resource_id>/plan/", plan.resource_add, name="resource-add"),
]
