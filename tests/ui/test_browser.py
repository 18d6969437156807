"""The German web UI in a real browser: Debian's Chromium driven by Playwright against a real `cimis serve`.

One class per user journey; each journey leaves a full-page screenshot in a temporary folder, or
in `CIMIS_SCREENSHOT_DIR` (`make screenshots` refreshes docs/screenshots/ that way; a test run
never rewrites tracked files). Gradio keeps connections open, so pages are loaded with
wait_until="load" and every step waits for application state (attributes, the API, cookies),
never for network idleness or for rendered text a browser may split across elements.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import httpx
import pytest

from tests.ui.conftest import STAFF_TOKEN

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT_MS = 60_000  # the CPU is slow: embedding a query and rendering can take a while
VIEWPORT = {"width": 1280, "height": 1000}

# The small English test model answers this German question with citations (checked via POST /api/ask).
QUESTION = "Wie viel Budget bekam jedes Match?"
PROTOTYPE_TITLE = "Online-Buchung für Weinproben im Weingut Kühne in Diesbar-Seußlitz"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} fehlt: bitte zuerst `make chromium` ausführen (installiert Debians Chromium).")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM),
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                           "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport=VIEWPORT, locale="de-DE")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(live_server, wait_until="load")
    page.locator("#cimis-question textarea").wait_for(state="visible")
    yield page
    context.close()


@pytest.fixture(scope="module")
def api(live_server):
    with httpx.Client(base_url=live_server, timeout=60) as client:
        yield client


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("CIMIS_SCREENSHOT_DIR")
    return Path(folder) if folder else tmp_path_factory.mktemp("screenshots")


def screenshot(page, shots: Path, name: str) -> None:
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / name), full_page=True)


def eventually(check, timeout: float = 30.0, interval: float = 0.3):
    """Poll `check` until it returns something truthy (the server handles UI events asynchronously)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


class TestAskWithCitations:
    def test_answer_citation_opens_with_marked_quote_and_dislike_is_logged(self, page, api, shots):
        from playwright.sync_api import expect

        expected = api.post("/api/ask", json={"question": QUESTION}).json()
        assert not expected["abstained"] and expected["citations"], "the test question must be answered with citations"

        page.locator("#cimis-question textarea").fill(QUESTION)
        page.locator("#cimis-ask").click()
        citations = page.locator("#cimis-chat .cimis-citation")
        citations.first.wait_for(state="visible")
        expect(page.locator("#cimis-chat .cimis-answer")).to_contain_text("2.500 Euro")

        first = citations.first
        passage = first.locator(".cimis-passage")
        expect(passage).to_be_hidden()  # closed <details> until the user opens it
        first.locator("summary").click()
        expect(passage).to_be_visible()
        mark = passage.locator("mark")
        expect(mark).to_have_count(1)
        expect(first).to_have_attribute("data-doc", expected["citations"][0]["doc_id"])
        expect(mark).to_have_text(expected["citations"][0]["quote"])  # the quoted span, marked inside its passage
        assert len(passage.inner_text()) > len(mark.inner_text())
        expect(first.locator(".cimis-source a:not(.cimis-more-like)")).to_have_attribute(
            "href", re.compile(r"^/dokument/.+#passage-\d+$"))
        expect(first.locator(".cimis-source a.cimis-more-like")).to_have_attribute(
            "href", re.compile(r"^/dokument/.+#aehnlich$"))
        screenshot(page, shots, "frage.png")

        # feedback_options=("Like", "Dislike"); Gradio labels them in the browser's language (de-DE).
        page.locator("#cimis-chat").get_by_role("button", name="Gefällt mir nicht", exact=True).last.click()
        headers = {"Authorization": f"Bearer {STAFF_TOKEN}"}

        def latest_entry():
            entries = api.get("/api/questions", headers=headers).json()["questions"]
            ours = [e for e in entries if e["question"] == QUESTION]
            newest = max(ours, key=lambda e: e["id"]) if ours else None
            return newest if newest and newest["feedback"] is not None else None

        expect(page.get_by_text("Danke für Ihre Rückmeldung!")).to_be_visible()
        entry = eventually(latest_entry)
        assert entry is not None, "the dislike click did not reach the question log"
        assert entry["feedback"] == -1


class TestMethodFinder:
    def test_cards_respect_the_time_limit(self, page, shots):
        from playwright.sync_api import expect

        open_tab(page, "Methodenfinder")
        page.locator("#cimis-challenge textarea").fill("Wir wollen im Team schnell viele Ideen sammeln.")
        minutes = page.locator("#cimis-minutes input")
        minutes.fill("30")
        minutes.press("Tab")
        page.locator("#cimis-find-methods").click()
        cards = page.locator("#cimis-methods-out .cimis-method")
        cards.first.wait_for(state="visible")
        assert cards.count() >= 1
        for facts in cards.locator(".cimis-facts").all_inner_texts():
            found = re.search(r"(\d+) Min\.", facts)
            assert found, f"no duration in {facts!r}"
            assert int(found.group(1)) <= 30, facts
        expect(cards.first.locator("h3 a")).to_have_attribute("href", re.compile(r"^/dokument/methoden/"))
        screenshot(page, shots, "methodenfinder.png")


class TestSimilarPrototypes:
    def test_from_a_prototype_and_from_a_description(self, page, api, shots):
        from playwright.sync_api import expect

        docs = api.get("/api/documents").json()["documents"]
        chosen = next(d["doc_id"] for d in docs if d["title"] == PROTOTYPE_TITLE)

        open_tab(page, "Ähnliche Prototypen")
        page.locator("#cimis-prototype input").click()
        page.get_by_role("option", name=PROTOTYPE_TITLE, exact=True).click()
        expect(page.locator("#cimis-prototype input")).to_have_value(PROTOTYPE_TITLE)
        page.locator("#cimis-similar-doc").click()
        cards = page.locator("#cimis-similar-out .cimis-similar")
        cards.first.wait_for(state="visible")
        found = [cards.nth(i).get_attribute("data-doc") for i in range(cards.count())]
        assert found and chosen not in found
        assert all(d.startswith("prototypen/") for d in found), found
        screenshot(page, shots, "prototypen.png")

        description = "Unser Verein möchte, dass Gäste Termine für Führungen online buchen können."
        wanted = [m["doc_id"] for m in api.post("/api/similar", json={"description": description, "k": 5}).json()["results"]]
        assert wanted
        page.locator("#cimis-description textarea").fill(description)
        page.locator("#cimis-similar-text").click()
        page.wait_for_function(  # the cards now show what the API finds for the description
            """wanted => JSON.stringify([...document.querySelectorAll('#cimis-similar-out .cimis-similar')]
                                         .map(card => card.dataset.doc)) === JSON.stringify(wanted)""",
            arg=wanted)
        expect(cards).to_have_count(len(wanted))


class TestCuration:
    def test_wrong_token_is_refused(self, page):
        from playwright.sync_api import expect

        open_tab(page, "Kuratierung")
        page.locator("#cimis-token input").fill("falsch")
        page.locator("#cimis-login").click()
        expect(page.get_by_text("Falsches Token.")).to_be_visible()
        expect(page.locator("#cimis-upload-button")).to_be_hidden()

    def test_login_upload_filter_and_delete(self, page, api, tmp_path, shots):
        from playwright.sync_api import expect

        doc_id = "browser-hofladen"
        upload = tmp_path / f"{doc_id}.md"
        upload.write_text("# Hofladen am Deich\n\n## Öffnungszeiten\nDer Hofladen am Deich verkauft samstags "
                          "Kartoffeln, Eier und Apfelsaft aus der eigenen Streuobstwiese.\n", encoding="utf-8")

        open_tab(page, "Kuratierung")
        page.locator("#cimis-token input").fill(STAFF_TOKEN)
        page.locator("#cimis-login").click()
        expect(page.get_by_text("Angemeldet.")).to_be_visible()
        # The login opens a staff session for Gradio's upload route: wait for its cookie.
        assert eventually(lambda: any(c["name"] == "cimis_staff" for c in page.context.cookies())), \
            "no staff session cookie after login"
        table = page.locator("#cimis-doc-table")
        first_row = "aktuelles/abschlusspraesentation-dresden"  # the table renders only its first rows
        expect(table).to_contain_text(first_row)

        page.locator("#cimis-upload input[type=file]").set_input_files(str(upload))
        # Uploaded to Gradio once the file row has its download link (the name is split in spans).
        expect(page.locator("#cimis-upload td.filename")).to_have_attribute("aria-label", upload.name)
        expect(page.locator("#cimis-upload td.download a")).to_have_attribute("download", upload.name)
        page.locator("#cimis-upload-button").click()
        assert eventually(lambda: api.get(f"/api/documents/{doc_id}").status_code == 200, timeout=60), \
            "the upload did not reach the index"
        status = page.locator("#cimis-curation-status")
        expect(status).to_contain_text("hinzugefügt")

        page.locator("#cimis-doc-filter textarea").fill(doc_id)
        expect(table).to_contain_text(doc_id)
        expect(table).not_to_contain_text(first_row)
        expect(table).to_contain_text("Hofladen am Deich")
        screenshot(page, shots, "kuratierung.png")

        page.locator("#cimis-delete-id textarea").fill(doc_id)
        page.locator("#cimis-delete").click()
        assert eventually(lambda: api.get(f"/api/documents/{doc_id}").status_code == 404, timeout=60), \
            "the delete did not reach the index"
        expect(status).to_contain_text("gelöscht")
        expect(table).not_to_contain_text("Hofladen am Deich")


class TestNoSelfXss:
    @pytest.mark.parametrize("question", [
        '<img src=x onerror="window.__cimisXss = 1"> Wie viel Budget bekam jedes Match?',
        "[Klick mich](javascript:window.__cimisXss=2) Wie viel Budget bekam jedes Match?",
        "<script>window.__cimisXss = 3</script><a href=\"javascript:window.__cimisXss=4\">Link</a>",
    ])
    def test_the_question_is_shown_as_text_never_run(self, page, question):
        from playwright.sync_api import expect

        page.locator("#cimis-question textarea").fill(question)
        page.locator("#cimis-ask").click()
        asked = page.locator("#cimis-chat .cimis-question").last
        asked.wait_for(state="attached")
        page.locator("#cimis-chat .cimis-answer").last.wait_for(state="visible")
        expect(asked).to_have_text(question)  # verbatim, as text
        chat = page.locator("#cimis-chat")
        expect(chat.locator("img[src='x']")).to_have_count(0)
        expect(chat.locator("a[href^='javascript:' i]")).to_have_count(0)
        expect(chat.locator(".cimis-question script")).to_have_count(0)
        assert page.evaluate("() => window.__cimisXss") is None
