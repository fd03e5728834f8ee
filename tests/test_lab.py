"""`make lab` works: JupyterLab starts headless, serves the lessons, opens on lesson 00,
and a lesson runs through its interface in a real browser (headless Chromium)."""
import json
import shutil

from _browser import (NOTEBOOKS, draws_glyph, get, headless_chromium, image_loaded,
                      running_jupyterlab, settings_defaults, wait_for)


def test_jupyterlab_starts_and_lists_the_notebooks(tmp_path):
    with running_jupyterlab(tmp_path) as (base, token):
        status, _, body = get(f"{base}/api/contents?token={token}")
        assert status == 200
        listing = json.loads(body)
        assert listing["type"] == "directory"
        served = sorted(item["name"] for item in listing["content"] if item["type"] == "notebook")
        assert served == sorted(path.name for path in NOTEBOOKS.glob("*.ipynb"))
        assert "00_welcome.ipynb" in served

        status, final_url, body = get(f"{base}/lab?token={token}", timeout=15)
        assert status == 200 and b"<html" in body.lower()
        assert final_url.split("?")[0].endswith("/lab"), f"redirected to {final_url}"

        # `make lab` opens on lesson 00 ...
        _, final_url, _ = get(f"{base}/?token={token}", timeout=15)
        assert final_url.split("?")[0].endswith("/lab/tree/00_welcome.ipynb"), final_url
        # ... and never asks to fetch Jupyter news (jupyter/overrides.json, copied by make)
        defaults = settings_defaults(base, token, "@jupyterlab/apputils-extension:notification")
        assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False


def test_a_lesson_runs_in_jupyterlab_in_a_real_browser(tmp_path):
    """Open lesson 00 in headless Chromium, run it from the Run menu, and see its tables, a
    figure and its Chinese title as a student would."""
    from selenium.webdriver.common.by import By

    lessons = shutil.copytree(NOTEBOOKS, tmp_path / "lessons")  # JupyterLab autosaves
    with running_jupyterlab(tmp_path, lessons) as (base, token), headless_chromium() as browser:
        browser.get(f"{base}/lab/tree/00_welcome.ipynb?token={token}")
        wait_for(browser, ".jp-Notebook .jp-Cell", timeout=90)
        wait_for(browser, ".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90)
        title = wait_for(browser, ".jp-RenderedMarkdown h1", count=2)[1]
        assert "欢迎" in title.text
        assert draws_glyph(browser, title, "欢"), "the Chinese title draws as empty boxes"

        def menu(name, command):
            next(item for item in browser.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-item")
                 if item.text == name).click()
            wait_for(browser, f".lm-Menu-item[data-command='{command}']")[0].click()

        # clear the committed outputs, so that what appears next is the kernel's
        menu("Edit", "editmenu:clear-all")
        assert not browser.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output")
        menu("Run", "runmenu:run-all")
        figure = wait_for(browser, ".jp-OutputArea-output img", timeout=180)[0]
        assert image_loaded(browser, figure)
        tables = browser.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output table")
        assert len(tables) >= 3, "the lesson's first tables did not appear"
        errors = browser.find_elements(By.CSS_SELECTOR, "[data-mime-type='application/vnd.jupyter.stderr']")
        assert not [e.text for e in errors if "Error" in e.text]
