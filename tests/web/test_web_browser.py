"""End to end in a real browser: Debian's chromium, headless, driven by Selenium through chromium-driver
(both installed by ``make test``; never a browser download). The flow of issue 10: load the search page,
type ``ben tre``, see the hits and the attention chart, open an article, follow a person to their page,
download the CSV. Screenshots go to ``bench/out/`` (not committed).

Robust under a loaded machine: every step waits explicitly (WebDriverWait, generous timeouts) for the
element of the NEW page (the old one gone stale first: the page before a search already lists hits),
never sleeps; the server's socket listens before the test starts, so there is no start-up race."""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"
OUT = Path(__file__).resolve().parents[2] / "bench" / "out"
# generous: the machine running the tests may be busy with other work
TIMEOUT = 90


@pytest.fixture(scope="module")
def server(web_db: Path) -> Iterator[str]:
    """The app served by uvicorn in a thread of this process, on a loopback socket that listens before
    the server thread starts (a browser connecting early waits in the backlog: no start-up race)."""
    import uvicorn

    from baochi.web.app import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = int(sock.getsockname()[1])
    config = uvicorn.Config(create_app(web_db), log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=TIMEOUT)
    sock.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.skip(f"{CHROMIUM} or {DRIVER} missing (make test installs chromium and chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("chromium-profile")
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(TIMEOUT)
    driver.downloads = downloads  # type: ignore[attr-defined]
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _shot(driver: object, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(OUT / f"web_{name}.png"))  # type: ignore[attr-defined]


def _wait(d: object) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(d, TIMEOUT)  # type: ignore[arg-type]


def _open(d: object, url: str, ready: tuple[str, str]) -> Any:
    """Load ``url`` and wait for the element ``ready`` (By, selector) of that page."""
    from selenium.webdriver.support import expected_conditions as ec

    d.get(url)  # type: ignore[attr-defined]
    return _wait(d).until(ec.presence_of_element_located(ready))


def test_search_article_person_csv(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec

    d = browser
    wait = _wait(d)
    box = _open(d, server + "/", (By.NAME, "q"))
    wait.until(ec.presence_of_element_located((By.ID, "hits")))
    before = d.find_element(By.TAG_NAME, "html")  # type: ignore[attr-defined]
    box.send_keys("ben tre", Keys.ENTER)
    # the page before the search lists hits too: wait for it to go, then for the new page's hits
    wait.until(ec.staleness_of(before))
    wait.until(ec.url_contains("q=ben"))
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#hits li.hit a.title")))
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#attention svg.chart")))
    hits = d.find_elements(By.CSS_SELECTOR, "#hits li.hit a.title")  # type: ignore[attr-defined]
    assert hits and any("Bến Tre" in h.text for h in hits[:3])
    chart = d.find_element(By.CSS_SELECTOR, "#attention svg.chart")  # type: ignore[attr-defined]
    assert chart.size["width"] > 300 and chart.find_elements(By.CSS_SELECTOR, "polyline")
    assert "stories" in d.find_element(By.ID, "summary").text  # type: ignore[attr-defined]
    _shot(d, "1_search")
    search_url = d.current_url  # type: ignore[attr-defined]
    links = [h.get_attribute("href") for h in hits]
    person_link = None
    for href in links[:6]:
        _open(d, href, (By.ID, "title"))
        people = d.find_elements(By.CSS_SELECTOR, "article.record a.ent.PER")  # type: ignore[attr-defined]
        if people:
            person_link = people[0]
            break
    assert person_link is not None, "no article among the first hits names a linked person"
    _shot(d, "2_article")
    name = person_link.text
    article = d.find_element(By.TAG_NAME, "html")  # type: ignore[attr-defined]
    person_link.click()
    wait.until(ec.staleness_of(article))
    heading = wait.until(ec.presence_of_element_located((By.ID, "person-name")))
    assert heading.text == name or name in heading.text or heading.text in name
    _shot(d, "3_person")
    _open(d, search_url, (By.ID, "export-csv"))
    wait.until(ec.element_to_be_clickable((By.ID, "export-csv"))).click()
    target = d.downloads / "baochi-export.csv"  # type: ignore[attr-defined]
    # chromium writes a .crdownload file and renames it when complete: the final name means done
    wait.until(lambda _: target.exists(), "the CSV was not downloaded")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("id,cluster_id,copies,outlet") and "Bến Tre" in text
    _shot(d, "4_after_download")


def test_no_script_runs_from_a_record(server: str, browser: object) -> None:
    """The titles holding <script> and onerror= are shown as text; no alert ever opens."""
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    d = browser
    _open(d, server + "/?q=hoi+cho", (By.CSS_SELECTOR, "#hits a.title"))
    titles = " ".join(e.text for e in d.find_elements(By.CSS_SELECTOR, "#hits a.title"))  # type: ignore[attr-defined]
    assert "<script>alert(1)</script>" in titles
    _open(d, server + "/?q=dang+bo+tinh+ben+tre", (By.CSS_SELECTOR, "#hits a.title"))
    titles = " ".join(e.text for e in d.find_elements(By.CSS_SELECTOR, "#hits a.title"))  # type: ignore[attr-defined]
    assert "onerror=alert(2)" in titles
    with pytest.raises(NoAlertPresentException):
        _ = d.switch_to.alert.text  # type: ignore[attr-defined]
    _shot(d, "5_hostile_titles")
