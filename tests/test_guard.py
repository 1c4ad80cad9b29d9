"""The faithfulness guard: number and date normalisation, the reasons it gives, and `newsbrief
check` (single pair and --batch)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsbrief.cli import main
from newsbrief.guard import ArticleIndex, check
from newsbrief.guard.features import FEATURE_NAMES, ArticleShape, summary_features
from newsbrief.guard.model import MODEL
from newsbrief.guard.quantities import values

# Written for these tests.
ARTICLE = (
    "The council approved a $2 million fund on March 18. Mayor Jane Smith said the two bridges "
    'would open in 2026. "We will build them fast," she told reporters. About 3,000 residents '
    "signed the petition."
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("2 million", "two million"),
        ("$2m", "2,000,000"),
        ("2.5bn", "2.5 billion"),
        ("March 18", "18 March"),
        ("18th of March", "March 18"),
        ("twenty-five", "25"),
        ("3,000", "three thousand"),
    ],
)
def test_spellings_of_one_value_compare_equal(a: str, b: str) -> None:
    assert values(a) and values(a) == values(b)


def test_words_that_are_not_numbers() -> None:
    assert values("one of the best, in May they may go") == set()
    assert values("the second half") == set()


def test_supported_paraphrase_of_numbers_and_dates() -> None:
    verdict = check(ARTICLE, "The council approved a two million fund on 18 March.")
    sentence = verdict.sentences[0]
    assert sentence.supported and not sentence.facts, verdict.to_dict()
    assert (
        verdict.faithful
        and check(ARTICLE, "The council approved a $2 million fund on March 18.").faithful
    )


@pytest.mark.parametrize(
    ("summary", "reason"),
    [
        ("The council approved a $3 million fund on March 18.", "number '3 million'"),
        ("The council approved a $2 million fund on March 19.", "date 'march 19'"),
        ("Mayor John Smith said the two bridges would open in 2026.", "name 'John'"),
        ('Jane Smith said: "We will build them slowly."', "quote “We will build them slowly.”"),
        ("Penguins dance at the opera every winter in Vienna.", "not in the article"),
    ],
)
def test_unsupported_sentences_say_why(summary: str, reason: str) -> None:
    verdict = check(ARTICLE, summary)
    assert not verdict.faithful
    reasons = " | ".join(verdict.sentences[0].reasons)
    assert reason in reasons, reasons


def test_verdict_shape() -> None:
    data = check(ARTICLE, "About 3,000 residents signed the petition. Mayor Bob Lee resigned.")
    record = data.to_dict()
    assert set(record) >= {"faithful", "score", "sentences"}
    assert 0.0 <= float(record["score"]) <= 1.0  # type: ignore[arg-type]
    first, second = data.sentences
    assert first.supported and not second.supported and second.reasons


def test_check_cli_json(tmp_path: Path) -> None:
    article, summary = tmp_path / "a.txt", tmp_path / "s.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    summary.write_text("About 3,000 residents signed the petition.", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(article), str(summary), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["faithful"] is True
    summary.write_text("About 4,000 residents signed the petition.", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(article), str(summary), "--format", "json"])
    assert result.exit_code == 1
    sentence = json.loads(result.stdout)["sentences"][0]
    assert sentence["supported"] is False and "4,000" in sentence["reasons"][0]


def test_check_cli_batch(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = [
        {"id": 1, "article": ARTICLE, "summary": "About 3,000 residents signed the petition."},
        {"id": 2, "article": ARTICLE, "summary": "About 9,000 residents signed the petition."},
    ]
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--batch", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [1, 2]
    assert [r["faithful"] for r in records] == [True, False]
    assert all({"score", "sentences", "article", "summary"} <= set(r) for r in records)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give ARTICLE_FILE and SUMMARY_FILE"),
        (["missing.txt", "other.txt"], "no such file"),
        (["--batch", "missing.jsonl"], "no such file"),
    ],
)
def test_check_cli_errors_are_one_line(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["check", *args])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]


def test_summary_verdict_is_the_models_probability() -> None:
    good = check(ARTICLE, "About 3,000 residents signed the petition.")
    bad = check(ARTICLE, "About 3,000 residents signed the petition. Mayor Bob Lee resigned.")
    assert good.faithful and not good.reasons
    assert not bad.faithful and bad.reasons and "summary-level model" in bad.reasons[0]
    assert 0.0 <= bad.score < good.score <= 1.0
    # Sentences keep their own checks: the first one is still supported, the second dropped.
    assert [s.supported for s in bad.sentences] == [True, False]
    assert check(ARTICLE, "").to_dict() == {"faithful": True, "score": 1.0, "sentences": []}


def test_features_are_named_and_finite() -> None:
    shape = ArticleShape.of(ArticleIndex.of(ARTICLE))
    # A tokenised, lowercased summary is split into sentences at " . " as well.
    features = summary_features(
        shape, ["the council approved a fund . about 3,000 residents signed the petition ."]
    )
    assert len(features) == len(FEATURE_NAMES) == len(MODEL.copied.weights)
    assert features[FEATURE_NAMES.index("sentences")] == 2.0
    assert all(x == x and abs(x) < 1e6 for x in features)
    copied = summary_features(shape, ["Mayor Jane Smith said the two bridges would open in 2026."])
    assert copied[FEATURE_NAMES.index("max_novel_trigrams")] == 0.0
    assert copied[FEATURE_NAMES.index("max_stitches")] == 0.0
    stitched = summary_features(shape, ["Mayor Jane Smith signed the petition on March 18."])
    assert stitched[FEATURE_NAMES.index("max_stitches")] >= 1.0


def test_style_detector_picks_the_weights_from_the_summary_alone() -> None:
    shape = ArticleShape.of(ArticleIndex.of(ARTICLE))
    copied = summary_features(shape, ["About 3,000 residents signed the petition."])
    free = summary_features(shape, ["Locals overwhelmingly backed a plea for new crossings."])
    assert MODEL.style(copied) is MODEL.copied and MODEL.style(free) is MODEL.paraphrase


def test_runtime_needs_no_scikit_learn() -> None:
    import newsbrief.guard.model as module

    assert "sklearn" not in Path(module.__file__).read_text(encoding="utf-8").replace(
        "scikit-learn", ""
    )


def test_a_missing_name_is_reported_once_whatever_its_case() -> None:
    # "Tuesday" is both a capitalised word and a weekday: one problem, in its first spelling.
    sentence = check(ARTICLE, "The council approved the fund on Tuesday, TUESDAY.").sentences[0]
    names = [r for r in sentence.reasons if r.startswith("name ")]
    assert names == ["name 'Tuesday' is not in the article"]
    assert sentence.facts == tuple(names)
