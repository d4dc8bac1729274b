"""What the domain tells the apps above it.

The domain never imports the code that reacts to a change (mail, in-app notifications, tasks): it
sends a signal after the transaction commits, and whoever cares connects a receiver in its
``AppConfig.ready`` (``notifications.apps``)."""

from django.dispatch import Signal

# Sent after the transaction that changed an agreement's stage has committed.
# Keyword arguments: ``agreement_id``, ``event_id`` (the StageEvent just written).
stage_changed = Signal()
