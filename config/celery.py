"""The Celery app; periodic schedules live here, in one place."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("atelier")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every periodic job of the shop (see README, "Worker and beat").
app.conf.beat_schedule = {
    # Special offers (and any other snippet or page) scheduled in the admin go
    # live and expire on time.
    "publish-scheduled": {
        "task": "shop.pricing.tasks.scheduled_publish",
        "schedule": crontab(),  # every minute
    },
    "cart-cleanup": {
        "task": "shop.cart.tasks.carts_clean_up",
        "schedule": crontab(minute=17),  # hourly
    },
    # Unpaid orders past ORDER_PAYMENT_MINUTES expire and give their stock back.
    "orders-expire": {
        "task": "shop.payments.tasks.orders_expire",
        "schedule": crontab(minute="*/5"),
    },
    "orders-deliver": {
        "task": "shop.orders.tasks.orders_mark_delivered",
        "schedule": crontab(minute=47),  # hourly
    },
    "designer-cleanup": {
        "task": "shop.designer.tasks.designs_clean_up",
        "schedule": crontab(minute=37),  # hourly
    },
}
