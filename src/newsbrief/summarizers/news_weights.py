"""Fitted weights of the ``news`` scorer (``python -m bench.fit_news --write``).

Fitted on cnndm_dev, newsroom_dev (307 articles), logistic C=0.03.
10-fold CV ROUGE (mean of 3 shuffles) at that time:
cnndm_dev 41.60/19.13/37.75
newsroom_dev 27.34/15.26/24.75
"""

LEAD_BONUS = 0.7
LENGTH_PENALTY = 0.5
DIVERSITY = 3.0
WEIGHTS = {
    "bias": -4.054050,
    "first": -0.498676,
    "second": 0.236907,
    "third": 0.802911,
    "inverse_position": 1.938493,
    "relative_position": -0.283691,
    "first_paragraph": 0.000000,
    "paragraph_start": -0.498676,
    "log_words": -0.067780,
    "short": -0.275903,
    "long": 0.272294,
    "very_long": -0.384471,
    "centroid": 4.348342,
    "pacsum_forward": 0.111845,
    "pacsum_backward": -0.676934,
    "lexrank": 0.068166,
    "title_overlap": 0.000000,
    "lead_overlap": 0.840155,
    "chrome": -0.082167,
    "quote_share": 1.011321,
    "opens_with_quote": -0.567193,
    "first_person": -0.575909,
    "question": 0.130168,
    "unterminated": 0.498100,
    "digit_share": 0.045732,
    "capitalised_share": 0.161183,
    "word_frequency": 0.681672,
    "bigram_repeat": -0.083410,
    "lead_x_log_words": 0.136447,
    "lead_x_centroid": 0.366756,
    "lead_x_pacsum_forward": 0.206109,
    "lead_x_lexrank": 0.238959,
    "lead_x_lead_overlap": -1.528149,
    "lead_x_quote_share": -1.224409,
    "lead_x_opens_with_quote": -0.627826,
    "lead_x_first_person": 0.150031,
    "lead_x_question": 0.128590,
    "lead_x_unterminated": -1.210429,
    "lead_x_digit_share": 4.016337,
    "lead_x_capitalised_share": -0.134730,
    "lead_x_short": 0.748032,
    "lead_x_long": -0.660831,
    "lead_x_word_frequency": -1.532802,
    "lead_x_bigram_repeat": -0.081888,
}
