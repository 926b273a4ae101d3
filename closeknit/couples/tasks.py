from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from closeknit.accounts.models import User


@task()
def send_partner_joined_email(*, inviter_id: int) -> bool:
    """Tell the inviter, without any personal detail, that their partner has joined."""
    inviter = User.objects.filter(pk=inviter_id, is_active=True).first()
    if inviter is None:
        return False
    context = {"site_url": settings.CLOSEKNIT_SITE_URL}
    send_mail(
        subject=_("Closeknit: your space is now shared"),
        message=render_to_string("couples/email/partner_joined.txt", context),
        html_message=render_to_string("couples/email/partner_joined.html", context),
        from_email=None,
        recipient_list=[inviter.email],
    )
    return True
