"""The closeness session: three sets of twelve questions, each set a little deeper.

Written fresh for Closeknit (the research behind the format is escalating, reciprocal
disclosure in turns; the wording of any published list is not used). Keys are stable:
a session's progress is a position 0..35 into QUESTIONS.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PER_SET = 12


@dataclass(frozen=True)
class Question:
    key: str
    set_number: int
    text: Promise

    @property
    def number_in_set(self) -> int:
        return int(self.key.rsplit("-", 1)[1])


_SETS: tuple[tuple[Promise, ...], ...] = (
    (
        _("What small thing made you smile in the last few days?"),
        _("If you had a free afternoon close to home, where would you spend it?"),
        _("Which food tastes like comfort to you, and who used to make it?"),
        _("What song do you put on when you need a lift?"),
        _("What have you learned lately that surprised you?"),
        _("Which teacher or mentor saw something in you early on?"),
        _("What part of an ordinary day do you enjoy most?"),
        _("What are you slowly getting better at?"),
        _("Describe a place from when you were young that you can still picture clearly."),
        _("What is a small luxury you would hate to give up?"),
        _("What's coming up in the next few weeks that you're quietly excited about?"),
        _("What do people tend to notice first about you, and what do you wish they noticed?"),
    ),
    (
        _("What is something you believed firmly once and have since let go of?"),
        _("In which moments of an ordinary week are you most at ease in your own skin?"),
        _("Tell me about a moment you felt proud of yourself that nobody else saw."),
        _("Growing up, what did you learn about love from watching the people around you?"),
        _("What do you find hard to ask for?"),
        _("Which friendship changed you the most, and how?"),
        _("What do you wish someone had told you when you were sixteen?"),
        _("When did you last feel truly understood by someone?"),
        _("What worry has quietly steered some of your choices?"),
        _("What does a good apology look and sound like to you?"),
        _("Which part of your life would you like to make more room for?"),
        _("When things go wrong, how do you most like to be comforted?"),
    ),
    (
        _("What did you first notice about me that made you curious to know more?"),
        _("When have you felt most cared for by me?"),
        _("Is there a small habit of mine you'd miss if it stopped?"),
        _("What is something you find hard to tell me, and what would make it easier?"),
        _("Is there an old hurt that still visits you sometimes? Share as much as you like."),
        _("When do you feel closest to me?"),
        _("What is one way I could support you better right now?"),
        _("What hope for the two of us do you hold quietly?"),
        _("What do you want me to understand about you that is hard to put into words?"),
        _("If you could keep only one memory of us, which would it be?"),
        _("How do you know, in your body, when you feel safe with someone?"),
        _("What is one word for how you feel sitting here with me, and why that word?"),
    ),
)

QUESTIONS: tuple[Question, ...] = tuple(
    Question(key=f"s{set_index + 1}-{n + 1:02d}", set_number=set_index + 1, text=text)
    for set_index, texts in enumerate(_SETS)
    for n, text in enumerate(texts)
)
TOTAL = len(QUESTIONS)
SET_TITLES: dict[int, Promise] = {
    1: _("Set one: getting to know you now"),
    2: _("Set two: what shaped you"),
    3: _("Set three: you and me"),
}
