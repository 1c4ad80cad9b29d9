"""Texts written for the guard's tests, shared by its test modules."""

ARTICLE = (
    "The council approved a $2 million fund on March 18. Mayor Jane Smith said the two bridges "
    'would open in 2026. "We will build them fast," she told reporters. About 3,000 residents '
    "signed the petition."
)

# Summary sentences that misstate ARTICLE, with (part of) the reason the guard must give.
UNSUPPORTED = [
    ("The council approved a $3 million fund on March 18.", "number '3 million'"),
    ("The council approved a $2 million fund on March 19.", "date 'march 19'"),
    ("Mayor John Smith said the two bridges would open in 2026.", "name 'John'"),
    ('Jane Smith said: "We will build them slowly."', "quote “We will build them slowly.”"),
    ("Penguins dance at the opera every winter in Vienna.", "not in the article"),
]
