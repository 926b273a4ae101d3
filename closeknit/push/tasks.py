from django.tasks import task


@task()
def send_push() -> int:
    from closeknit.push.delivery import deliver_due

    return deliver_due()
