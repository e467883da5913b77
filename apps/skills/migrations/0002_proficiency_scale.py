from django.db import migrations

LEVELS = [
    (0, "None", "No knowledge or experience of this skill yet."),
    (1, "Awareness", "Knows what the skill is and why it matters; can follow a conversation about it but has not applied it."),
    (2, "Novice", "Applies the skill to simple, routine tasks with guidance and checklists; asks for help with anything unusual."),
    (3, "Intermediate", "Applies the skill independently to everyday work of normal complexity; knows when to escalate."),
    (4, "Advanced", "Handles complex and unusual cases, improves how the team does it, and coaches others."),
    (5, "Expert", "Recognised authority inside and outside the organisation; sets direction, solves novel problems and teaches the teachers."),
]


def forwards(apps, schema_editor):
    ProficiencyLevel = apps.get_model("skills", "ProficiencyLevel")
    for level, name, descriptor in LEVELS:
        ProficiencyLevel.objects.update_or_create(
            level=level, defaults={"name": name, "descriptor": descriptor}
        )


class Migration(migrations.Migration):
    dependencies = [("skills", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
