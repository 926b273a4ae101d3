from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from closeknit.accounts.models import User


@task()
def send_partner_joined_email(*, inviter_id: int, joiner_id: int | None = None) -> bool:
    """Tell the inviter that their partner has joined, by the name the partner chose
    (the name the inviter sees in the app anyway); nothing else about them."""
    inviter = User.objects.filter(pk=inviter_id, is_active=True).first()
    if inviter is None:
        return False
    joiner = User.objects.filter(pk=joiner_id).first() if joiner_id else None
    context = {"site_url": settings.CLOSEKNIT_SITE_URL, "name": joiner.name if joiner else ""}
    send_mail(
        subject=(
            _("Closeknit: %(name)s joined your space") % {"name": joiner.name}
            if joiner
            else _("Closeknit: your space is now shared")
        ),
        message=render_to_string("couples/email/partner_joined.txt", context),
        html_message=render_to_string("couples/email/partner_joined.html", context),
        from_email=None,
        recipient_list=[inviter.email],
    )
    return True
