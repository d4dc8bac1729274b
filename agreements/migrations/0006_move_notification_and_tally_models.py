"""``Notification`` and ``ReminderLog`` now belong to ``notifications``, ``RegistryTally`` to
``registry``.  State only: the tables and their rows stay where they are (the new apps' models keep
``db_table``); the content types follow the models so history and admin log entries keep pointing
at them."""

from django.db import migrations

MOVED = {"notification": "notifications", "reminderlog": "notifications", "registrytally": "registry"}


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        if not ContentType.objects.filter(app_label=app_label, model=model).exists():
            ContentType.objects.filter(app_label="agreements", model=model).update(app_label=app_label)


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        if not ContentType.objects.filter(app_label="agreements", model=model).exists():
            ContentType.objects.filter(app_label=app_label, model=model).update(app_label="agreements")


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0005_admin_changelist_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0001_initial"),
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="notification", name="agreement"),
                migrations.RemoveField(model_name="notification", name="user"),
                migrations.RemoveField(model_name="reminderlog", name="agreement"),
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="ReminderLog"),
                migrations.DeleteModel(name="RegistryTally"),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
