from django.tasks import task


@task()
def prepare_days() -> int:
    """Prepare today's question for every couple whose day has begun, and tell them."""
    from closeknit.prompts.rollover import prepare_days as run

    return run()


@task()
def deliver_email() -> int:
    from closeknit.nudges.delivery import deliver_due

    return deliver_due(on_full_batch=deliver_email.enqueue)


@task()
def remind_dates() -> int:
    from closeknit.nudges.periodic import remind_dates as run

    return run()


@task()
def remind_occasions() -> int:
    from closeknit.occasions.reminders import remind_occasions as run

    return run()


@task()
def hourly_reminders() -> int:
    from closeknit.nudges.periodic import announce_weekly_plans, suggest_checkins

    return announce_weekly_plans() + suggest_checkins()


@task()
def reclaim_tasks() -> int:
    from closeknit.core.reclaim import reclaim_stale_tasks

    return reclaim_stale_tasks()
