"""The one catalogue of methods: names, descriptions, and a clear error for an unknown name."""

from __future__ import annotations

import pytest
from sample_texts import METHODS

from newsbrief import summarizers
from newsbrief.errors import InputError


def test_registry_lists_the_methods() -> None:
    assert {"lead", "centrality", "news"} <= set(METHODS)
    assert sorted(METHODS) == METHODS
    described = summarizers.describe()
    assert set(described) == set(METHODS)
    assert all(described[name] for name in METHODS)
    for name in METHODS:
        assert summarizers.get(name).name == name


def test_unknown_method_lists_the_choices() -> None:
    with pytest.raises(InputError) as caught:
        summarizers.get("bogus")
    assert caught.value.code == "unknown_method"
    assert "'bogus'" in caught.value.message
    for name in METHODS:
        assert name in caught.value.message


def test_the_abstractive_methods_are_registered_ones() -> None:
    assert summarizers.ABSTRACTIVE.issubset(METHODS)
    assert "llm" in summarizers.ABSTRACTIVE
    assert not {"lead", "centrality", "news"} & summarizers.ABSTRACTIVE
