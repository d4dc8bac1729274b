"""The tasks of the notifications app (Django's task framework: django-tasks).

Each is idempotent: running it twice sends once (see ``services``).  Workers: ``manage.py
db_worker`` (database backend, the default) or ``manage.py rqworker default`` (``TASKS_BACKEND=rq``).
"""

from django_tasks import task

from kerjasama.logs import bind, reset


@task()
def notify_stage_change(agreement_id, event_id):
    from . import services

    token = bind(task="notify_stage_change", agreement_id=agreement_id)
    try:
        return services.stage_changed(agreement_id, event_id)
    finally:
        reset(token)


@task()
def send_mail(outbound_id):
    from . import services

    token = bind(task="send_mail", outbound_id=outbound_id)
    try:
        return services.send_outbound(outbound_id)
    finally:
        reset(token)


@task()
def daily_upkeep(today=None):
    """What ``send_reminders`` does, as a task (a timer may enqueue it instead of running it)."""
    import datetime

    from . import reminders

    report = reminders.run(today=datetime.date.fromisoformat(today) if today else None)
    return {"flipped": len(report.flipped), "reminded": len(report.reminded), "skipped": report.skipped}
