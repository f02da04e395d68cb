"""End to end in a real browser: Debian's chromium, headless, driven by Selenium through chromium-driver
(both installed by ``make test``; never a browser download). The flow of issue 10: load the search page,
type ``ben tre``, see the hits and the attention chart, open an article, follow a person to their page,
download the CSV. Screenshots go to ``bench/out/`` (not committed)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"
OUT = Path(__file__).resolve().parents[2] / "bench" / "out"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(web_db: Path) -> Iterator[str]:
    """The app served by uvicorn on a loopback port, in a thread of this process."""
    import uvicorn

    from baochi.web.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(web_db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


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
    driver.downloads = downloads  # type: ignore[attr-defined]
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _shot(driver: object, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(OUT / f"web_{name}.png"))  # type: ignore[attr-defined]


def test_search_article_person_csv(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    d = browser
    wait = WebDriverWait(d, 20)
    d.get(server + "/")  # type: ignore[attr-defined]
    box = wait.until(ec.presence_of_element_located((By.NAME, "q")))
    box.send_keys("ben tre", Keys.ENTER)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#hits li.hit")))
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
        d.get(href)  # type: ignore[attr-defined]
        wait.until(ec.presence_of_element_located((By.ID, "title")))
        people = d.find_elements(By.CSS_SELECTOR, "article.record a.ent.PER")  # type: ignore[attr-defined]
        if people:
            person_link = people[0]
            break
    assert person_link is not None, "no article among the first hits names a linked person"
    _shot(d, "2_article")
    name = person_link.text
    person_link.click()
    heading = wait.until(ec.presence_of_element_located((By.ID, "person-name")))
    assert heading.text == name or name in heading.text or heading.text in name
    _shot(d, "3_person")
    d.get(search_url)  # type: ignore[attr-defined]
    wait.until(ec.element_to_be_clickable((By.ID, "export-csv"))).click()
    target = d.downloads / "baochi-export.csv"  # type: ignore[attr-defined]
    deadline = time.monotonic() + 20
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert target.exists(), "the CSV was not downloaded"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("id,cluster_id,copies,outlet") and "Bến Tre" in text
    _shot(d, "4_after_download")


def test_no_script_runs_from_a_record(server: str, browser: object) -> None:
    """The titles holding <script> and onerror= are shown as text; no alert ever opens."""
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    d = browser
    d.get(server + "/?q=hoi+cho")  # type: ignore[attr-defined]
    titles = " ".join(e.text for e in d.find_elements(By.CSS_SELECTOR, "#hits a.title"))  # type: ignore[attr-defined]
    assert "<script>alert(1)</script>" in titles
    d.get(server + "/?q=dang+bo+tinh+ben+tre")  # type: ignore[attr-defined]
    titles = " ".join(e.text for e in d.find_elements(By.CSS_SELECTOR, "#hits a.title"))  # type: ignore[attr-defined]
    assert "onerror=alert(2)" in titles
    with pytest.raises(NoAlertPresentException):
        _ = d.switch_to.alert.text  # type: ignore[attr-defined]
    _shot(d, "5_hostile_titles")
