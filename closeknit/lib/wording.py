"""Checks on Closeknit's own wording: near-duplicates and assumptions we never make.

Used by the tests of every content library (prompts, ideas, challenges, ...).
"""

import difflib
import re

# Tests only (a dev dependency): the app itself never checks its wording at run time.
from rapidfuzz.distance.Indel import normalized_similarity as similarity

# Words too common to say anything about what a text means.
# fmt: off
STOPWORDS = frozenset((
    "the", "a", "an", "you", "your", "me", "my", "i", "we", "us", "our", "is", "are", "was",
    "what", "how", "when", "that", "to", "of", "in", "and", "or", "for", "with", "do", "does",
    "it", "this", "about", "one", "most", "something", "would", "like", "feel", "time",
))
# fmt: on
WORD = re.compile(r"[a-z']+")

# Whole words and phrases that assume gender, marriage, children, money or faith, or preach.
BANNED = (
    "husband", "wife", "boyfriend", "girlfriend", "kids", "children", "marriage", "married",
    "wedding", "spouse", "mortgage", "salary", "our house", "your mom", "your dad", "church",
    "should",
)  # fmt: skip
BANNED_PATTERN = re.compile(
    r"\b(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in BANNED) + r")\b",
    re.IGNORECASE,
)


def content_words(text: str) -> frozenset[str]:
    return frozenset(WORD.findall(text.lower())) - STOPWORDS


def near_duplicates(
    texts: dict[str, str], *, jaccard: float = 0.6, ratio: float = 0.8
) -> list[str]:
    """Every pair of texts too alike to both be in a library, as readable lines."""
    ids = list(texts)
    words = [content_words(texts[i]) for i in ids]
    lowered = [texts[i].lower() for i in ids]
    # difflib's ratio counts the characters in its matching blocks, a common subsequence,
    # so it never exceeds the longest-common-subsequence ratio rapidfuzz's Indel
    # similarity computes in C. Pairs under `ratio` there can't reach it in difflib,
    # which then only confirms the few that might (the same result, many times faster).
    # The margin keeps a pair sitting exactly on `ratio` from being lost to rounding.
    bound = ratio - 1e-6
    matcher = difflib.SequenceMatcher(None)
    found = []
    for j in range(len(ids)):
        # SequenceMatcher caches what it learns about its second sequence, so that one
        # stays fixed in the outer loop: (a, b) is always (earlier, later).
        matcher.set_seq2(lowered[j])
        for i in range(j):
            shared = len(words[i] & words[j])
            union = len(words[i] | words[j])
            why = ""
            if union and shared / union >= jaccard:
                why = f"content words {shared / union:.2f}"
            elif similarity(lowered[i], lowered[j], score_cutoff=bound) >= bound:
                matcher.set_seq1(lowered[i])
                found_ratio = matcher.ratio()
                if found_ratio >= ratio:
                    why = f"text ratio {found_ratio:.2f}"
            if why:
                found.append(f"{ids[i]} ~ {ids[j]} ({why}): {texts[ids[i]]!r} / {texts[ids[j]]!r}")
    return found


def banned_words(texts: dict[str, list[str]]) -> list[str]:
    """`texts` maps an id to all its wording; returns every assumption found."""
    found = []
    for key, wordings in texts.items():
        for wording in wordings:
            if match := BANNED_PATTERN.search(wording):
                found.append(f"{key}: {match[0]!r} in {wording!r}")
    return found
