"""Pure: raw input to a clean Article, and an article's text to sentences.

:mod:`.decoding` turns bytes into text or refuses them; :mod:`.extraction` finds the article in an
HTML page (trafilatura) or a plain-text page (:mod:`.plain_text`, with :mod:`.chrome` and
:mod:`.header`); :mod:`.segmentation` splits its text into sentences with exact offsets.
"""
