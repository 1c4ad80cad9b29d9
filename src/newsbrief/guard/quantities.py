"""Numbers and dates in news text, normalised so that different spellings of one value compare
equal: "2 million" ~ "two million" ~ "2m" ~ "2,000,000"; "March 18" ~ "18 March" ~ "18th March".

Pure functions over strings, used by the faithfulness guard (:mod:`newsbrief.guard.sentences`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_SCALES = {
    "hundred": 100, "thousand": 1_000, "k": 1_000, "million": 1_000_000, "m": 1_000_000,
    "mn": 1_000_000, "billion": 1_000_000_000, "bn": 1_000_000_000, "b": 1_000_000_000,
    "trillion": 1_000_000_000_000, "tn": 1_000_000_000_000,
}  # fmt: skip
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday".split()
)  # fmt: skip
# Words that only state a quantity: the number check covers them, so the guard's word-novelty
# check skips them ("two million" for "2 million" is not a new word).
NUMBER_WORDS = frozenset(_UNITS) | frozenset(_ORDINALS) | {
    w for w in _SCALES if len(w) > 2
}  # fmt: skip
# "One" and "second" are mostly not numbers ("one of the", "a second attempt"); "may" and
# "march" are mostly verbs. They count only next to a digit-bearing or scale word.
_AMBIGUOUS = frozenset({"one", "second", "may", "march", "mar", "jan", "dec", "oct", "sep"})

# A number with its glued suffix ("18th", "1990s", "2.5bn"), or a word ("~" joins
# "twenty~five" so it stays one token).
_TOKEN = re.compile(r"\d(?:[\d,.]*\d)?[a-z]*|[a-z][a-z~]*")
_GLUED = re.compile(r"([\d,.]+)([a-z]*)")
_SUFFIXES = frozenset({"", "st", "nd", "rd", "th", "s", "bn", "mn", "tn", "m", "k", "b"})
_DIGITS = re.compile(r"^(\d+(?:,\d{3})*(?:\.\d+)?)(st|nd|rd|th|s)?$", re.IGNORECASE)
_GLUED_SCALE = re.compile(r"^(\d+(?:\.\d+)?)(m|bn|k|mn|tn|b)$")


@dataclass(frozen=True, slots=True)
class Mention:
    """A number or date as written (``text``) and its normalised ``value``."""

    text: str
    value: str
    kind: str  # "number" or "date"


def _canonical(value: float) -> str:
    return f"{value:.6g}" if value != int(value) else str(int(value))


def _word_value(word: str) -> int | None:
    """The value of one number word, "twenty-five" included."""
    if word in _UNITS:
        return _UNITS[word]
    if word in _ORDINALS:
        return _ORDINALS[word]
    if "-" in word:
        tens, _, unit = word.partition("-")
        if tens in _UNITS and unit in _UNITS and _UNITS[tens] >= 20 and _UNITS[unit] < 10:
            return _UNITS[tens] + _UNITS[unit]
    return None


def _tokens(text: str) -> list[str]:
    # Hyphenated number words stay whole ("twenty-five"); "39-year-old" splits into 39 and words.
    spaced = re.sub(r"(?<=[a-z])-(?=(?:one|two|three|four|five|six|seven|eight|nine)\b)", "~",
                    text.lower())  # fmt: skip
    tokens: list[str] = []
    for token in _TOKEN.findall(spaced):
        glued = _GLUED.fullmatch(token)
        if glued and glued.group(2) not in _SUFFIXES:
            tokens.extend(glued.groups())  # "10am", "1.2billion": the number, then the word
        else:
            tokens.append(token.replace("~", "-"))
    return tokens


def mentions(text: str) -> list[Mention]:
    """Every number and date in ``text``, in order, with normalised values.

    A number followed by a scale word is multiplied out ("2.5 million", "$3bn", "2m"); a day
    next to a month name (either order) is a date ``month-day``; a year stays a plain number.
    """
    words = _tokens(text)
    found: list[Mention] = []
    i = 0
    while i < len(words):
        mention, i = _mention_at(words, i)
        if mention is not None:
            found.append(mention)
    return found


def _mention_at(words: list[str], i: int) -> tuple[Mention | None, int]:
    """The number or date that starts at ``words[i]`` (None: none does) and the index after it."""
    value = _number_value(words, i)
    if value is None:
        return _date_at(words, i), i + 1
    end = _scale_end(words, i)
    for scale in words[i + 1 : end]:
        value *= _SCALES[scale]
    if _is_date_day(words, i, value):
        return None, end  # the date is reported at its month
    return Mention(" ".join(words[i:end]), _canonical(value), "number"), end


def _number_value(words: list[str], i: int) -> float | None:
    """The value of ``words[i]`` as a number: digits, digits glued to a scale ("2.5bn"), or a
    number word (an ambiguous one only before a scale word)."""
    word = words[i]
    if match := _DIGITS.match(word):
        return float(match.group(1).replace(",", ""))
    if glued := _GLUED_SCALE.match(word):
        return float(glued.group(1)) * _SCALES[glued.group(2)]
    number = _word_value(word)
    if number is not None and (word not in _AMBIGUOUS or _next_is_scale(words, i)):
        return float(number)
    return None


def _scale_end(words: list[str], i: int) -> int:
    """The index after the scale words that follow the number at ``i`` ("2 hundred thousand")."""
    end = i + 1
    while end < len(words) and _is_scale_word(words[end]):
        end += 1
    return end


def _date_at(words: list[str], i: int) -> Mention | None:
    """The date whose month name is ``words[i]``, if a day stands beside it."""
    month = MONTHS.get(words[i])
    day = _day_near(words, i) if month is not None else None
    if day is None:
        return None
    return Mention(f"{words[i]} {day}", f"{month}-{day}", "date")


def _is_scale_word(word: str) -> bool:
    # Abbreviations ("m", "bn") count only glued to their number.
    return word in _SCALES and len(word) > 2


def _next_is_scale(words: list[str], i: int) -> bool:
    return i + 1 < len(words) and _is_scale_word(words[i + 1])


def _day_of(word: str) -> int | None:
    match = _DIGITS.match(word)
    if match and "," not in word and "." not in word:
        day = int(match.group(1))
        return day if 1 <= day <= 31 else None
    return None


def _day_near(words: list[str], i: int) -> int | None:
    """The day beside the month at ``i``: "March 18", "18 March", "18th of March"."""
    if i + 1 < len(words) and (day := _day_of(words[i + 1])) is not None:
        return day
    if i >= 1 and (day := _day_of(words[i - 1])) is not None:
        return day
    if i >= 2 and words[i - 1] == "of" and (day := _day_of(words[i - 2])) is not None:
        return day
    return None


def _is_date_day(words: list[str], i: int, value: float) -> bool:
    """Whether the number at ``i`` is the day of an adjacent month (reported with the month)."""
    if not (1 <= value <= 31 and value == int(value)):
        return False
    neighbours = [words[j] for j in (i - 1, i + 1, i + 2) if 0 <= j < len(words)]
    if i + 2 < len(words) and words[i + 1] != "of":
        neighbours = neighbours[:2]
    return any(w in MONTHS for w in neighbours)


def values(text: str) -> set[str]:
    """The normalised values of every number and date in ``text`` (plus each date's day and
    month as plain numbers, so "the 18th" in a summary matches "March 18" in the article)."""
    result: set[str] = set()
    for mention in mentions(text):
        result.add(mention.value)
        if mention.kind == "date":
            result.add(mention.value.split("-")[1])
    return result


__all__ = ["MONTHS", "NUMBER_WORDS", "WEEKDAYS", "Mention", "mentions", "values"]
