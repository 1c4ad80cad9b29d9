"""Pure: the faithfulness guard. Is each sentence of a summary supported by its article?

:mod:`.sentences` checks each sentence (numbers and dates by :mod:`.quantities`, names, quotes,
novel words); :mod:`.features` measures the summary as a whole and :mod:`.model` turns those
measurements into the probability that it is faithful.
"""

from newsbrief.guard.sentences import (
    ArticleIndex,
    GuardConfig,
    SentenceCheck,
    Verdict,
    check,
    check_sentence,
)

__all__ = ["ArticleIndex", "GuardConfig", "SentenceCheck", "Verdict", "check", "check_sentence"]
