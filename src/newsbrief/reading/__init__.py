"""Pure: raw input to a clean Article, and an article's text to sentences.

:mod:`.decoding` turns bytes into text or refuses them; :mod:`.extraction` finds the article in a
plain-text page (:mod:`.plain_text`, with :mod:`.chrome` and :mod:`.header`) or an HTML page
(:mod:`.html_sniff` tells which): :mod:`.budget` bounds the page's cost, :mod:`.cascade` runs the
extractors of :mod:`.candidates` and lets :mod:`.chooser` pick, :mod:`.cleanup` cleans the text,
:mod:`.metadata` and :mod:`.titles` read the headline, canonical URL, byline, date and site name.
:mod:`.segmentation` splits an article's text into sentences with exact offsets.
"""
