from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = (
        "Run a Closeknit task worker on the database queue. Run as many as you like: each "
        "task is claimed by exactly one worker."
    )
