"""Fitted weights of the ``news`` scorer (``python -m bench.fit_news --write``).

Fitted on cnndm_dev, newsroom_dev (307 articles), logistic C=0.1.
10-fold CV ROUGE (mean of 3 shuffles) at that time:
cnndm_dev 41.54/19.04/37.66
newsroom_dev 27.82/15.03/24.99
"""

LEAD_BONUS = 0.3
LENGTH_PENALTY = 0.5
DIVERSITY = 3.0
WEIGHTS = {
    "bias": -3.927840,
    "first": -1.099651,
    "second": 0.073233,
    "third": 0.698993,
    "inverse_position": 3.778736,
    "relative_position": -0.158438,
    "first_paragraph": 0.000000,
    "paragraph_start": -1.099651,
    "log_words": -0.106617,
    "short": -0.215896,
    "long": 0.190871,
    "very_long": -0.272932,
    "centroid": 3.922445,
    "pacsum_forward": 0.226653,
    "pacsum_backward": -0.511393,
    "lexrank": 0.130369,
    "title_overlap": 0.000000,
    "lead_overlap": 1.076784,
    "chrome": -0.333563,
    "quote_share": 0.433987,
    "opens_with_quote": -0.994406,
    "first_person": -0.510622,
    "question": -0.461365,
    "unterminated": 0.425280,
    "digit_share": -1.262796,
    "capitalised_share": 0.149922,
    "word_frequency": -0.245341,
    "bigram_repeat": 0.019737,
    "lead_x_log_words": 0.072651,
    "lead_x_centroid": -0.975555,
    "lead_x_pacsum_forward": -0.307574,
    "lead_x_lexrank": 0.166718,
    "lead_x_lead_overlap": -1.638311,
    "lead_x_quote_share": -1.626202,
    "lead_x_opens_with_quote": -0.225422,
    "lead_x_first_person": -0.376529,
    "lead_x_question": 0.213960,
    "lead_x_unterminated": -0.817174,
    "lead_x_digit_share": 4.587933,
    "lead_x_capitalised_share": 0.673826,
    "lead_x_short": 0.372285,
    "lead_x_long": -0.254162,
    "lead_x_word_frequency": 0.461686,
    "lead_x_bigram_repeat": 0.429570,
}
