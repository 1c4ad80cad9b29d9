"""Pure: the faithfulness guard. Is each sentence of a summary supported by its article?

:mod:`.sentences` checks each sentence (numbers and dates by :mod:`.quantities`, names, quotes,
novel words, over the word helpers of :mod:`.words`); :mod:`.features` measures the summary as a
whole, :mod:`.model` turns those measurements into the probability that it is faithful, and
:mod:`.verdict` combines both into the answer of :func:`check`.
"""

from newsbrief.guard.sentences import ArticleIndex, GuardConfig, SentenceCheck, check_sentence
from newsbrief.guard.verdict import Verdict, check

__all__ = ["ArticleIndex", "GuardConfig", "SentenceCheck", "Verdict", "check", "check_sentence"]
