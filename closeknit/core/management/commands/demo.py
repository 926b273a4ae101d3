import secrets
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.accounts.services import account_create
from closeknit.activity.services import activity_record
from closeknit.core import demo
from closeknit.couples import services as couples

DEMO_PEOPLE = [("alex@demo.closeknit.test", "Alex"), ("sam@demo.closeknit.test", "Sam")]


class Command(BaseCommand):
    help = "Create (or refresh) a demo couple with some history, and print how to log in."

    def handle(self, *args: Any, **options: Any) -> None:
        password = "-".join(secrets.token_hex(3) for _ in range(3))
        with transaction.atomic():
            people = []
            for email, name in DEMO_PEOPLE:
                user = User.objects.filter(email=email).first()
                if user is None:
                    user = account_create(
                        email=email, password=password, display_name=name, tz="Europe/London"
                    )
                else:
                    user.set_password(password)
                    user.save(update_fields=["password"])
                people.append(user)
            alex, sam = people
            filled: list[str] = []
            couple = couples.couple_for(alex)
            if couple is None or couples.partner_of(user=alex, couple=couple) is None:
                if couple is None:
                    couples.couple_create(user=alex)
                if couples.couple_for(sam) is not None:
                    couples.couple_leave(user=sam, entries_stay=True)
                invitation = couples.invitation_create(user=alex)
                couple = couples.invitation_accept(user=sam, code=invitation.code)
                demo.backdate(couple, days=demo.MONTHS_OF_CHECKINS * 30 + 7)
                filled = demo.fill(alex, sam)
                now = timezone.now()
                for day in range(28):
                    for offset, person in enumerate(people):
                        practice = practices.KEYS[(day + offset * 3) % len(practices.KEYS)]
                        activity_record(
                            user=person,
                            couple=couple,
                            practice=practice,
                            kind="demo",
                            occurred_at=now - timedelta(days=day, hours=offset),
                        )
            self._daily_history(alex, sam)
        if filled:
            self.stdout.write("Filled in: " + "; ".join(filled) + ".")
        else:
            self.stdout.write("The demo couple was already filled in; only the password is new.")
        self.stdout.write(self.style.SUCCESS("Demo couple ready. Log in as either partner:"))
        for email, name in DEMO_PEOPLE:
            self.stdout.write(f"  {name}: {email}  password: {password}")
        self.stdout.write("(Running `closeknit demo` again sets a new password.)")

    def _daily_history(self, alex: User, sam: User) -> None:
        """Two weeks of daily questions: most answered by both, a few left to catch up."""
        from closeknit.lib.errors import Unavailable
        from closeknit.prompts import services as daily
        from closeknit.prompts.models import Answer
        from closeknit.prompts.spaces import space_for

        space = space_for(alex)
        try:
            today = daily.today(space=space)
            for n in range(1, 15):
                question = daily.question_for_day(space=space, day=today - timedelta(days=n))
                for person, words in ((alex, DEMO_WORDS[n % 4]), (sam, DEMO_WORDS[(n + 1) % 4])):
                    skip = person is sam and n in (2, 6)
                    if skip or Answer.objects.filter(question=question, user=person).exists():
                        continue
                    daily.answer_save(
                        user=person, question_id=question.pk, text=words, choice=n % 3, scale=4
                    )
        except Unavailable:
            self.stdout.write("(No prompts loaded: run `closeknit content load` for questions.)")


DEMO_WORDS = [
    "Honestly? The walk by the river last Sunday. I felt so light.",
    "When you made tea without asking. Small, but it said a lot.",
    "I'd love more slow mornings like that one.",
    "Still thinking about this one, but it made me smile.",
]
