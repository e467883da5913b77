# Written by hand (SeparateDatabaseAndState), from what makemigrations generated.

import django.db.models.deletion
from django.db import migrations, models


"""Learning resources and mentoring leave the career-map app for apps of their own.

No table changes: the moved models keep their tables (``db_table``), so an existing database
migrates with no data change. Content types follow the models, so admin permissions stay
attached to the same rows.
"""


MOVED = {
    "learningresource": "learning",
    "resourceskill": "learning",
    "mentoroffer": "mentoring",
    "mentorship": "mentoring",
}


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        if not ContentType.objects.filter(app_label=app_label, model=model).exists():
            ContentType.objects.filter(app_label="careermaps", model=model).update(
                app_label=app_label
            )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        ContentType.objects.filter(app_label=app_label, model=model).update(app_label="careermaps")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('careermaps', '0002_recognition'),
        ('learning', '0001_initial'),
        ('mentoring', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='learningresource',
                    name='skills',
                ),
    
                migrations.AlterField(
                    model_name='developmentaction',
                    name='resource',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='actions', to='learning.learningresource'),
                ),
                migrations.RemoveField(
                    model_name='mentoroffer',
                    name='employee',
                ),
                migrations.RemoveField(
                    model_name='mentoroffer',
                    name='skills',
                ),
                migrations.RemoveConstraint(
                    model_name='mentorship',
                    name='mentorship_not_self',
                ),
                migrations.RemoveConstraint(
                    model_name='mentorship',
                    name='mentorship_one_open_per_pair',
                ),
                migrations.RemoveConstraint(
                    model_name='resourceskill',
                    name='resource_skill_unique',
                ),
                migrations.RemoveConstraint(
                    model_name='resourceskill',
                    name='resource_skill_level_1_5',
                ),
                migrations.DeleteModel(
                    name='MentorOffer',
                ),
                migrations.RemoveField(
                    model_name='resourceskill',
                    name='resource',
                ),
                migrations.RemoveField(
                    model_name='resourceskill',
                    name='skill',
                ),
                migrations.DeleteModel(
                    name='Mentorship',
                ),
                migrations.DeleteModel(
                    name='LearningResource',
                ),
                migrations.DeleteModel(
                    name='ResourceSkill',
                ),
    
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
