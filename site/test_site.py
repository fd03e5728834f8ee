"""The built website in a real browser (`make site` runs this after building).

Serves build/site on 127.0.0.1, opens a lesson page in headless Chromium and checks
what a reader sees: the committed tables and a figure, the Chinese title drawn with
real glyphs, and working links to the lesson notebook and its student copy.
"""
import functools
import http.server
import json
import re
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from _browser import draws_glyph, free_port, get, headless_chromium, image_loaded, wait_for  # noqa: E402

SITE = ROOT / "build" / "site"


@pytest.fixture(scope="module")
def site_url():
    if not (SITE / "index.html").exists():
        pytest.fail("build/site has no index.html: run `make site`, which builds and then tests")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def test_every_lesson_has_a_page(site_url):
    lessons = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for name in lessons:
        status, _, body = get(f"{site_url}/lessons/{name}.html")
        downloads = re.findall(r'class="reference download internal"[^>]*href="([^"]+)"',
                               body.decode("utf-8"))
        assert status == 200 and len(downloads) == 2, name
        assert all(link.endswith(f"/{name}.ipynb") for link in downloads), downloads


def test_a_lesson_page_reads_as_in_jupyterlab(site_url):
    from selenium.webdriver.common.by import By

    with headless_chromium() as browser:
        browser.get(f"{site_url}/lessons/00_welcome.html")
        titles = wait_for(browser, "article h1", count=2)
        assert "欢迎" in titles[1].text
        assert draws_glyph(browser, titles[1], "欢"), "the Chinese title draws as empty boxes"
        tables = browser.find_elements(By.CSS_SELECTOR, ".cell_output table")
        assert len(tables) >= 3, "the committed tables are missing"
        figures = browser.find_elements(By.CSS_SELECTOR, ".cell_output img")
        assert figures and all(image_loaded(browser, img) for img in figures)
        links = {a.text: a.get_attribute("href")
                 for a in browser.find_elements(By.CSS_SELECTOR, "a.reference.download")}
        for label in ("the lesson notebook", "the student copy"):
            status, _, body = get(links[label])
            assert status == 200 and json.loads(body)["cells"], label
        student = json.loads(get(links["the student copy"])[2])
        tags = [t for c in student["cells"] for t in c.get("metadata", {}).get("tags", [])]
        assert "solution" not in tags, "the student copy still holds solution cells"
        assert urllib.parse.urlparse(links["the student copy"]).path.endswith(
            "/00_welcome.ipynb")
