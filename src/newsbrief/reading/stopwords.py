"""Pure: the English words that carry no topic, shared by the summarizers and the guard.

:data:`FUNCTION_WORDS` are grammar (articles, pronouns, auxiliaries, prepositions...) plus the
reporting verbs and titles every news sentence has ("said", "mr"). :data:`NEWS_FILLER_WORDS`
are frequent in news without being grammar: the summarizer ignores them too, the guard does not.
"""

from __future__ import annotations

FUNCTION_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own said same says she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself yourselves s t
    mr mrs ms""".split()
)
NEWS_FILLER_WORDS = frozenset("get got like new one told two year years".split())

__all__ = ["FUNCTION_WORDS", "NEWS_FILLER_WORDS"]
