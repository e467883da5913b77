from django.db import migrations

# (performance, potential, name, description): common 9-box conventions.
CELLS = [
    (1, 3, "Rough diamond", "High potential, not yet performing: coach and clarify expectations."),
    (2, 3, "Future star", "High potential, solid performance: stretch assignments."),
    (3, 3, "Star", "High potential and high performance: ready for bigger roles."),
    (1, 2, "Inconsistent player", "Moderate potential, low performance: find the blocker."),
    (2, 2, "Core player", "Moderate on both: the reliable core of the team."),
    (3, 2, "High performer", "Delivers strongly; grow breadth to raise potential."),
    (1, 1, "Talent risk", "Low on both: support plan or a better-fitting role."),
    (2, 1, "Effective", "Performs in role; limited appetite or room to grow now."),
    (3, 1, "Trusted professional", "Expert in role; keep engaged and recognised."),
]


def forwards(apps, schema_editor):
    NineBoxCell = apps.get_model("succession", "NineBoxCell")
    for performance, potential, name, description in CELLS:
        NineBoxCell.objects.get_or_create(
            performance=performance, potential=potential,
            defaults={"name": name, "description": description},
        )


class Migration(migrations.Migration):
    dependencies = [("succession", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
