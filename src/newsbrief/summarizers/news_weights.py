"""Fitted weights of the ``news`` scorer (``python -m bench.fit_news --write``).

Fitted on cnndm_dev, newsroom_dev by logistic regression (C=0.03); their cross-validated ROUGE
is on docs/benchmarks.md.
"""

LEAD_BONUS = 0.7
LENGTH_PENALTY = 0.5
DIVERSITY = 3.0
WEIGHTS = {
    "bias": -4.052608,
    "first": -0.814975,
    "second": 0.341058,
    "third": 0.886013,
    "inverse_position": 1.836509,
    "relative_position": -0.297429,
    "log_words": -0.063927,
    "short": -0.270501,
    "long": 0.265947,
    "very_long": -0.383380,
    "centroid": 4.349540,
    "pacsum_forward": 0.120446,
    "pacsum_backward": -0.666309,
    "lexrank": 0.065012,
    "lead_overlap": 0.840394,
    "quote_share": 1.049013,
    "opens_with_quote": -0.565308,
    "first_person": -0.584382,
    "question": 0.122706,
    "unterminated": 0.498482,
    "capitalised_share": 0.115754,
    "word_frequency": 0.700117,
    "bigram_repeat": -0.087902,
    "lead_x_log_words": 0.131062,
    "lead_x_centroid": 0.322548,
    "lead_x_pacsum_forward": 0.186066,
    "lead_x_lexrank": 0.231281,
    "lead_x_lead_overlap": -1.511655,
    "lead_x_quote_share": -1.479309,
    "lead_x_opens_with_quote": -0.619587,
    "lead_x_first_person": 0.136070,
    "lead_x_question": 0.105568,
    "lead_x_unterminated": -1.167537,
    "lead_x_capitalised_share": -0.099537,
    "lead_x_short": 0.765346,
    "lead_x_long": -0.640500,
    "lead_x_word_frequency": -1.467581,
    "lead_x_bigram_repeat": -0.077397,
}
