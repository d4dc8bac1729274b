"""``Notification`` and ``ReminderLog`` move here from ``agreements``: state only, the tables keep
their names (``agreements_notification``, ``agreements_reminderlog``) and their rows."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('agreements', '0005_admin_changelist_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('message', models.CharField(max_length=500, verbose_name='message')),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='time')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read')),
                        ('agreement', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='agreements.agreement', verbose_name='agreement')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'notification',
                        'verbose_name_plural': 'notifications',
                        'db_table': 'agreements_notification',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['user', 'read_at'], name='notification_user_unread')],
                    },
                ),
                migrations.CreateModel(
                    name='ReminderLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('lead_days', models.IntegerField(verbose_name='days before the end')),
                        ('end_date', models.DateField(verbose_name='end date reminded of')),
                        ('sent_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent')),
                        ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='agreements.agreement', verbose_name='agreement')),
                    ],
                    options={
                        'verbose_name': 'reminder sent',
                        'verbose_name_plural': 'reminders sent',
                        'db_table': 'agreements_reminderlog',
                        'constraints': [models.UniqueConstraint(fields=('agreement', 'lead_days', 'end_date'), name='reminder_once_per_lead_time')],
                    },
                ),
            ],
        ),
    ]
