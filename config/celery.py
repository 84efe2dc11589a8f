"""The Celery app; periodic schedules live here, in one place."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("atelier")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Filled as the shop apps that own periodic jobs land (see README, "Worker and beat").
app.conf.beat_schedule = {}
