"""Questions for "how well do you know me" rounds, and the words the growth pages show.

Closeknit's own wording. Keys are stable forever (rounds store them); never reuse one.
"""

from django.utils.translation import gettext_lazy as _

from closeknit import practices

QUESTIONS = {
    "fav-meal": _("What meal would I choose for a day when I need comforting?"),
    "fav-season": _("Which season makes me happiest, and why?"),
    "fav-smell": _("Which smell instantly puts me in a good mood?"),
    "fav-word": _("What word or phrase do I love saying?"),
    "fav-song": _("Which song do I secretly know every word of?"),
    "fav-treat": _("What small treat do I reach for after a long day?"),
    "fav-place": _("Where do I feel most like myself?"),
    "fav-book": _("Which book, film or show would I happily return to again and again?"),
    "fav-weather": _("What kind of weather do I enjoy most?"),
    "fav-colour": _("Which colour do I keep choosing without meaning to?"),
    "hope-trip": _("Where in the world do I most want to go next?"),
    "hope-skill": _("What skill do I wish I could learn this year?"),
    "hope-someday": _("What is something I hope to do before I'm much older?"),
    "hope-weekend": _("What would my ideal free weekend look like?"),
    "hope-proud": _("What would I love to be proud of a year from now?"),
    "hope-brave": _("What would I try if I felt a little braver?"),
    "quirk-morning": _("What is the first thing I do most mornings?"),
    "quirk-habit": _("What little habit of mine would a stranger find funny?"),
    "quirk-snack": _("What odd food combination do I enjoy?"),
    "quirk-sleep": _("How do I like to fall asleep?"),
    "quirk-pet-peeve": _("What tiny thing annoys me far more than it deserves to?"),
    "quirk-ritual": _("What do I always do before leaving the house?"),
    "quirk-collect": _("What do I collect or keep, even without meaning to?"),
    "past-childhood": _("What did I want to be when I was small?"),
    "past-memory": _("Which memory from the last year makes me smile most?"),
    "past-toy": _("What was my favourite toy or game as a child?"),
    "past-made": _("What is the first thing I remember making and feeling proud of?"),
    "feel-recharge": _("How do I recharge when I'm worn out?"),
    "feel-cared": _("Which little kindness from someone leaves me feeling looked after?"),
    "feel-laugh": _("What reliably makes me laugh?"),
    "feel-calm": _("What helps me calm down when I'm nervous?"),
    "feel-celebrate": _("How do I like to celebrate good news?"),
    "feel-grateful": _("What am I most grateful for right now?"),
    "now-reading": _("What am I curious about these days?"),
    "now-looking-forward": _("What am I looking forward to this month?"),
    "now-on-mind": _("What has been on my mind more than usual lately?"),
}

QUESTIONS_PER_ROUND = 5

# On the practice's own page; the words live with the practice (closeknit/practices.py).
WHY_THIS_HELPS = practices.get("growth").why
