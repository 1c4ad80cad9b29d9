"""The stories API and pages: list, story, timeline, catch-up; errors in the one shape."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from stories.test_grouping import FOOTBALL, QUAKE

from newsbrief.models import Article
from newsbrief.storage import Store


@pytest.fixture
def quake(store: Store) -> list[int]:
    store.stories.clear()  # conftest empties the shared PostgreSQL database of articles only
    ids = [
        store.articles.add(
            Article(text, title=f"Quake day {n + 1}", published=f"2010-01-{13 + n}")
        ).id
        for n, text in enumerate(QUAKE)
    ]
    store.articles.add(Article(FOOTBALL, title="Derby", published="2010-01-13"))
    return ids


def story_id(client: TestClient) -> int:
    found = client.get("/api/v1/stories", params={"min_articles": 2}).json()
    assert found["total"] == 1
    identifier: int = found["items"][0]["id"]
    return identifier


def test_the_list_and_a_story_with_its_articles_in_order(
    client: TestClient, quake: list[int]
) -> None:
    everything = client.get("/api/v1/stories").json()
    assert everything["total"] == 2
    story = client.get(f"/api/v1/stories/{story_id(client)}").json()
    assert story["title"] == "Quake day 1" and story["articles"] == 3
    assert (story["first_date"], story["last_date"]) == ("2010-01-13", "2010-01-15")
    assert [a["id"] for a in story["items"]] == quake
    assert story["links"]["page"] == f"/stories/{story['id']}"


def test_the_timeline_has_the_reader_s_length_and_sourced_sentences(
    client: TestClient, quake: list[int], store: Store
) -> None:
    identifier = story_id(client)
    body = client.get(
        f"/api/v1/stories/{identifier}/timeline", params={"dates": 2, "per_date": 1}
    ).json()
    assert body["story"] == identifier and len(body["timeline"]) == 2
    dates = [entry["date"] for entry in body["timeline"]]
    assert dates == sorted(dates)
    for entry in body["timeline"]:
        (sentence,) = entry["sentences"]
        text = store.articles.get(sentence["article_id"]).article.text
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]


def test_catch_up_tells_only_what_is_new_and_says_when_nothing_is(
    client: TestClient, quake: list[int]
) -> None:
    url = f"/api/v1/stories/{story_id(client)}/catchup"
    new = client.get(url, params={"since": "2010-01-15", "sentences": 3}).json()
    assert new["new_articles"] == 1 and not new["nothing_new"] and new["message"] is None
    assert {s["article_id"] for s in new["sentences"]} == {quake[2]}
    assert all(s["date"] >= "2010-01-15" for s in new["sentences"])
    later = client.get(url, params={"since": "2010-02-01T09:30:00Z"}).json()
    assert later["nothing_new"] and later["sentences"] == []
    assert later["message"] == "Nothing new since 2010-02-01."
    whole = client.get(url).json()
    assert whole["since"] is None and whole["new_articles"] == 3


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/stories/99999", 404, "story_not_found"),
        ("/api/v1/stories/abc/timeline", 404, "story_not_found"),
        ("/api/v1/stories/99999/catchup", 404, "story_not_found"),
        ("/api/v1/stories/{id}/timeline?dates=0", 422, "invalid_request"),
        ("/api/v1/stories/{id}/timeline?per_date=1000", 422, "invalid_request"),
        ("/api/v1/stories/{id}/catchup?since=yesterday", 400, "invalid_option"),
        ("/api/v1/stories/{id}/catchup?since=1850-01-01", 400, "invalid_option"),
        ("/api/v1/stories/{id}/catchup?sentences=0", 422, "invalid_request"),
    ],
)
def test_bad_requests_get_the_error_shape(
    client: TestClient, quake: list[int], path: str, status: int, code: str
) -> None:
    response = client.get(path.replace("{id}", str(story_id(client))))
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_the_openapi_document_describes_the_stories_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/stories",
        "/api/v1/stories/{story_id}",
        "/api/v1/stories/{story_id}/timeline",
        "/api/v1/stories/{story_id}/catchup",
    ):
        assert "get" in paths[path]
    parameters = {
        p["name"] for p in paths["/api/v1/stories/{story_id}/catchup"]["get"]["parameters"]
    }
    assert {"since", "sentences"} <= parameters


def test_pages_show_the_story_its_line_on_articles_and_the_home_list(
    client: TestClient, quake: list[int]
) -> None:
    identifier = story_id(client)
    home = client.get("/").text
    assert f'href="/stories/{identifier}"' in home and "3 articles" in home
    article = client.get(f"/articles/{quake[1]}").text
    assert "Part of the story:" in article and f'href="/stories/{identifier}"' in article
    assert "(3 articles)" in article
    page = client.get(f"/stories/{identifier}").text
    assert "Timeline" in page and "Catch me up" in page
    assert page.index("Quake day 1") < page.index("Quake day 2") < page.index("Quake day 3")
    nothing = client.get(f"/stories/{identifier}/catchup/fragment?since=2011-01-01").text
    assert "Nothing new since 1 January 2011." in nothing
    assert client.get(f"/stories/{identifier}/catchup?since=2010-01-14").status_code == 200
    assert client.get("/stories/99999").status_code == 404


def test_a_lone_article_has_no_story_line(client: TestClient, store: Store) -> None:
    store.stories.clear()
    alone = store.articles.add(Article(FOOTBALL, title="Derby", published="2010-01-13")).id
    assert "Part of the story" not in client.get(f"/articles/{alone}").text


def test_articles_posted_to_the_api_are_grouped(
    client: TestClient, store: Store, auth: dict[str, str]
) -> None:
    store.stories.clear()
    body = [{"text": t, "published": f"2010-01-{13 + n}"} for n, t in enumerate(QUAKE)]
    added = client.post("/api/v1/articles", json=body, headers=auth).json()
    ids = [item["id"] for item in added["items"]]
    stories = {store.stories.story_of(i).id for i in ids}  # type: ignore[union-attr]
    assert len(stories) == 1
