"""Article records: the one rule for JSONL lines and API bodies, and JSONL framing."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrief import records
from newsbrief.errors import ErrorCode, InputError
from newsbrief.models import Article
from newsbrief.records import Item, Record

STORY = (
    "The city council approved a new budget for the harbour district on Monday night. "
    "The plan sets aside money for flood walls, a ferry terminal and two new schools."
)
TEXT_PAGE = """Harbour Ferry Returns After Winter Repairs

The harbour ferry returned to service on Monday after three months in dry dock.
Engineers replaced both engines and repainted the hull, the operator said.

Commuters welcomed the return, saying the bus detour had added forty minutes to each trip.
"""


def line(record: object) -> bytes:
    return json.dumps(record).encode() + b"\n"


def refused(value: object, code: ErrorCode, **kwargs: bool) -> str:
    with pytest.raises(InputError) as caught:
        records.parse_mapping(value, **kwargs)
    assert caught.value.code == code
    return caught.value.message


# ---------------------------------------------------------------- framing


def test_read_items_numbers_lines_and_skips_blank_ones() -> None:
    stream = io.BytesIO(b'{"a": 1}\n\n   \n{"b": 2}\n{"c": 3}')
    items = list(records.read_items(stream))
    assert [(i.line, i.data) for i in items] == [
        (1, b'{"a": 1}\n'),
        (4, b'{"b": 2}\n'),
        (5, b'{"c": 3}'),
    ]


def test_an_overlong_line_is_skipped_not_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "MAX_LINE_BYTES", 64)
    stream = io.BytesIO(b"x" * 500 + b"\n" + line({"id": 2, "text": STORY}))
    items = list(records.read_items(stream))
    assert items[0] == Item(1, None)
    assert items[1].line == 2
    with pytest.raises(InputError, match="longer than") as caught:
        records.item_bytes(items[0])
    assert caught.value.code == ErrorCode.TOO_LARGE


# ---------------------------------------------------------------- one record


@pytest.mark.parametrize(("field", "kind"), list(records.BODY_FIELDS))
def test_each_body_field(field: str, kind: str) -> None:
    record = records.parse_line(line({"id": "x", field: STORY}))
    assert (record.body, record.kind, record.id) == (STORY, kind, "x")


def test_optional_fields_are_kept_and_empty_ones_dropped() -> None:
    record = records.parse_mapping(
        {
            "text": STORY,
            "title": "Harbour budget",
            "url": "https://news.example.com/1",
            "author": "",
            "published": " 2025-02-01T06:00:00Z ",
            "reference": "ignored: not a record field",
        }
    )
    assert record == Record(
        STORY,
        "text",
        title="Harbour budget",
        url="https://news.example.com/1",
        published="2025-02-01T06:00:00Z",
    )


@pytest.mark.parametrize(
    ("value", "code", "fragment"),
    [
        ([1, 2], ErrorCode.INVALID_RECORD, "JSON object"),
        ({"title": "no body"}, ErrorCode.MISSING_FIELD, "'article', 'text' or 'html'"),
        ({"text": None, "html": None}, ErrorCode.MISSING_FIELD, "missing field"),
        ({"text": 42}, ErrorCode.INVALID_FIELD, "'text' must be a string"),
        ({"text": STORY, "id": True}, ErrorCode.INVALID_FIELD, "'id' must be a string or a number"),
        ({"text": STORY, "id": 1.5}, ErrorCode.INVALID_FIELD, "'id'"),
        ({"text": STORY, "url": 5}, ErrorCode.INVALID_FIELD, "'url' must be a string"),
        ({"text": STORY, "published": "last Tuesday"}, ErrorCode.INVALID_FIELD, "ISO 8601"),
        ({"text": STORY, "published": "2025-13-01"}, ErrorCode.INVALID_FIELD, "ISO 8601"),
        ({"text": STORY, "published": "2025-02-30"}, ErrorCode.INVALID_FIELD, "ISO 8601"),
        ({"text": STORY, "published": "2025-01-01T25:00"}, ErrorCode.INVALID_FIELD, "ISO 8601"),
    ],
)
def test_a_bad_record_is_refused(value: object, code: ErrorCode, fragment: str) -> None:
    assert fragment in refused(value, code)


def test_several_bodies_are_refused_naming_them() -> None:
    """New rule: ingest used to take ``text`` over ``article`` and ``html``, batch ``article``
    over ``text``; now a record gives exactly one."""
    message = refused({"article": STORY, "text": STORY}, ErrorCode.INVALID_RECORD)
    assert "'text' and 'article'" in message
    message = refused({"text": STORY, "html": "<p>x</p>", "article": "y"}, ErrorCode.INVALID_RECORD)
    assert "'text' and 'article' and 'html'" in message
    # A null field is an absent one.
    assert records.parse_mapping({"article": None, "text": STORY}).body == STORY


def test_an_id_is_required_only_when_asked_for() -> None:
    assert records.parse_mapping({"text": STORY}).id is None
    assert "missing field: 'id'" in refused(
        {"text": STORY}, ErrorCode.MISSING_FIELD, require_id=True
    )
    assert "'id'" in refused({"id": None, "text": STORY}, ErrorCode.INVALID_FIELD, require_id=True)
    assert records.parse_mapping({"id": 0, "text": STORY}, require_id=True).id == 0


def test_a_record_built_directly_keeps_the_rules() -> None:
    with pytest.raises(InputError, match="'id'"):
        Record(STORY, id=True)
    with pytest.raises(InputError, match="ISO 8601"):
        Record(STORY, published="soon")
    with pytest.raises(InputError) as caught:
        Record(STORY, kind="pdf")  # type: ignore[arg-type]
    assert caught.value.code == ErrorCode.UNKNOWN_KIND


@pytest.mark.parametrize(
    ("data", "code", "fragment"),
    [
        (b"this is not json\n", ErrorCode.INVALID_JSON, "not valid JSON"),
        (b'{"id": 1, "article": "unterminated\n', ErrorCode.INVALID_JSON, "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, ErrorCode.INVALID_JSON, "nested too deeply"),
        (b"1" * 5000, ErrorCode.INVALID_JSON, "not valid JSON"),
        (b'"just a string"\n', ErrorCode.INVALID_RECORD, "JSON object"),
    ],
)
def test_a_bad_line_is_refused(data: bytes, code: ErrorCode, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment) as caught:
        records.parse_line(data)
    assert caught.value.code == code


def test_a_legacy_encoded_line_is_decoded() -> None:
    data = json.dumps({"id": 1, "text": "Caf\xe9 owners said it would close. " + STORY})
    record = records.parse_line(data.encode("cp1252"))
    assert record.body.startswith("Café owners")


def test_id_in_names_a_line_whatever_else_is_wrong() -> None:
    assert records.id_in(line({"id": "x", "article": 5})) == "x"
    assert records.id_in(line({"id": True, "article": STORY})) is None
    assert records.id_in(b"not json") is None
    assert records.id_in(b"[1]") is None
    assert records.id_in(None) is None


def test_record_fields_override_extraction() -> None:
    record = records.parse_mapping(
        {"id": 7, "text": TEXT_PAGE, "title": "Given title", "published": "2025-01-02"}
    )
    article = record.article()
    assert (article.title, article.published, record.id) == ("Given title", "2025-01-02", 7)
    plain = records.parse_mapping({"text": TEXT_PAGE, "url": "https://e.example/1"}).article()
    assert plain.title == "Harbour Ferry Returns After Winter Repairs"
    assert plain.url == "https://e.example/1"


def test_the_article_language_follows_the_arguments() -> None:
    record = Record(STORY)
    assert record.article(identify_language=False).language is None
    assert record.article().language == "en"
    assert record.article(language="fr", identify_language=False).language == "fr"


# ---------------------------------------------------------------- titles


LEAD = (
    "The ferry from the port town sailed on time on Tuesday despite the storm that closed "
    "the coast road, officials said. Passengers were told to expect delays on the way back."
)


def test_a_headline_on_the_first_line_becomes_the_title() -> None:
    for headline, gap in (("Ferry Sails Despite the Storm", "\n"), ("Ferry sails", "\n\n")):
        line = json.dumps({"text": headline + gap + LEAD}).encode()
        article = records.with_title(records.parse_line(line).article())
        assert (article.title, article.text) == (headline, LEAD)


def test_without_a_headline_there_is_no_made_up_title() -> None:
    """A CNN/DailyMail-style body (one paragraph, no headline) is not titled with its own first
    sentence cut short: that repeats the lead and reads as no headline."""
    for body in (LEAD, "Council news without punctuation\n" + LEAD, " ".join(["word"] * 40)):
        assert records.with_title(Record(body).article()).title is None
    assert records.fallback_title("   ") is None


def test_with_title_keeps_a_title_and_reads_one_extraction_did_not_take() -> None:
    given_title = Record(STORY, title="Budget").article()
    assert records.with_title(given_title) is given_title
    # An article made without extraction (the library's own Article) still gets its headline.
    made = records.with_title(Article("Ferry Sails Despite the Storm\n" + LEAD))
    assert made.title == "Ferry Sails Despite the Storm"


# ---------------------------------------------------------------- properties

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(), children),
    max_leaves=8,
)
FIELD_NAMES = st.sampled_from(["id", "text", "article", "html", *records.OPTIONAL_FIELDS, "x"])
JSON_OBJECTS = st.dictionaries(FIELD_NAMES | st.text(max_size=8), JSON_VALUES, max_size=8)
SOME_TEXT = st.text(min_size=1, max_size=60)
MOMENTS = st.one_of(
    st.dates().map(date.isoformat),
    st.datetimes(timezones=st.just(UTC) | st.none()).map(datetime.isoformat),
    st.datetimes().map(lambda moment: moment.isoformat(timespec="minutes")),
)


@settings(max_examples=300, deadline=None)
@given(value=JSON_OBJECTS, require_id=st.booleans())
def test_any_json_object_parses_or_is_refused(value: dict[str, object], require_id: bool) -> None:
    try:
        record = records.parse_mapping(value, require_id=require_id)
    except InputError as error:
        assert error.code in {
            ErrorCode.INVALID_RECORD,
            ErrorCode.MISSING_FIELD,
            ErrorCode.INVALID_FIELD,
        }
        return
    assert isinstance(record.body, str)
    assert not isinstance(record.id, bool)
    assert record.id is not None or not require_id


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=200) | JSON_OBJECTS.map(lambda value: json.dumps(value).encode()))
def test_any_line_parses_or_is_refused(data: bytes) -> None:
    try:
        record = records.parse_line(data)
    except InputError:
        return
    assert records.id_in(data) == record.id


@settings(max_examples=200, deadline=None)
@given(
    body=st.text(max_size=200),
    field=st.sampled_from(records.BODY_FIELDS),
    item_id=st.none() | st.integers() | st.text(max_size=20),
    title=st.none() | SOME_TEXT,
    url=st.none() | SOME_TEXT,
    author=st.none() | SOME_TEXT,
    published=st.none() | MOMENTS,
)
def test_a_record_round_trips_its_fields(
    body: str,
    field: tuple[str, records.BodyKind],
    item_id: str | int | None,
    title: str | None,
    url: str | None,
    author: str | None,
    published: str | None,
) -> None:
    name, kind = field
    given_fields = {"title": title, "url": url, "author": author, "published": published}
    value = {name: body, "id": item_id, **given_fields}
    through_json = records.parse_line(json.dumps(value).encode())
    assert through_json == records.parse_mapping(value)
    assert through_json == Record(body, kind, id=item_id, **given_fields)


# ---------------------------------------------------------------- dates

OFFSETS = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
)
EDGE_DAYS = st.sampled_from(["0001-01-01", "0001-01-02", "9999-12-30", "9999-12-31"])
DATE_STRINGS = st.one_of(
    st.builds(
        lambda day, clock, offset: f"{day}T{clock}{offset}",
        EDGE_DAYS | st.dates().map(date.isoformat),
        st.sampled_from(["00:00:00", "12:00", "23:59:59", "23:59:59.999999"]),
        st.sampled_from(["", "Z"]) | OFFSETS,
    ),
    st.text(alphabet="0123456789-+:TZ. ", max_size=32),
)


@pytest.mark.parametrize(
    "published",
    ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00+00:01"],
)
def test_a_date_outside_what_utc_can_hold_is_an_invalid_field(published: str) -> None:
    message = refused({"text": STORY, "published": published}, ErrorCode.INVALID_FIELD)
    assert "'published'" in message
    with pytest.raises(InputError):
        Record(STORY, published=published)


@settings(max_examples=400, deadline=None)
@given(published=DATE_STRINGS)
def test_any_date_string_is_a_utc_moment_or_an_invalid_field(published: str) -> None:
    """A date is kept only when it names a moment UTC can hold (so storage can order by it);
    anything else is the record's ``invalid_field``, never another exception."""
    try:
        record = records.parse_mapping({"text": STORY, "published": published})
    except InputError as error:
        assert error.code == ErrorCode.INVALID_FIELD
        return
    if record.published is None:
        assert published.strip() == ""
        return
    moment = datetime.fromisoformat(record.published)
    (moment if moment.tzinfo is None else moment.astimezone(UTC)).isoformat()
