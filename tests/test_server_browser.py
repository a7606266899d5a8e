"""The query page in headless Chromium: type a query, run it, see the rows; nothing loaded from other hosts."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from fixtures_server import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by selenium (installed by scripts/install-system-deps.sh)."""
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.fail(f"{CHROMIUM} and {CHROMEDRIVER} are needed for the browser tests: run "
                    "scripts/install-system-deps.sh (make system-deps) to install Debian's chromium and "
                    "chromium-driver", pytrace=False)
    vendored = Path(__file__).resolve().parent.parent / "server" / "static" / "vendor" / "yasgui" / "yasgui.min.js"
    if not vendored.is_file():
        pytest.fail(f"{vendored} is missing: run scripts/vendor-js.sh (make vendor) to copy YASGUI from npm",
                    pytrace=False)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="aikg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", "--window-size=1400,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def requested_urls(driver) -> list[str]:
    """Every URL the page asked for, from Chromium's DevTools network log."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def wait_for(driver, condition, timeout: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def test_query_page_runs_a_typed_query(live_server: LiveServer, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(live_server.url + "/query")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".CodeMirror"))
    editor = browser.find_element(By.CSS_SELECTOR, ".CodeMirror")
    editor.click()
    area = editor.find_element(By.CSS_SELECTOR, "textarea")
    area.send_keys(Keys.CONTROL, "a")
    area.send_keys(Keys.DELETE)
    query = ("PREFIX aikg: <https://w3id.org/aikg/ontology#> "
             "SELECT ?number (COUNT(DISTINCT ?task) AS ?tasks) WHERE { ?plan aikg:number ?number ; "
             "aikg:hasTask ?task } GROUP BY ?number ORDER BY ?number")
    area.send_keys(query)
    typed = browser.execute_script("return yasgui.getTab().getYasqe().getValue()")
    assert "aikg:hasTask" in typed and typed.count("{") == typed.count("}")
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr td"))
    rows = [[c.text for c in row.find_elements(By.CSS_SELECTOR, "td")]
            for row in browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")]
    hue = next(row for row in rows if "213/KH-UBND" in row)
    tasks = hue[hue.index("213/KH-UBND") + 1]  # YASR shows "8"^^xsd:integer in full
    assert tasks == "8" or tasks.startswith('"8"^^'), tasks  # the Huế plan has 8 tasks
    assert any("367/QĐ-TTg" in row for row in rows)
    origin = live_server.url
    urls = requested_urls(browser)
    assert any(u.startswith(origin + "/sparql") for u in urls)
    # Chromium's own chrome:// pages are not network requests; every http(s) and ws(s) request must be ours.
    elsewhere = [u for u in urls if u.startswith(("http:", "https:", "ws:", "wss:")) and not u.startswith(origin)]
    assert elsewhere == [], f"the query page asked other hosts: {elsewhere}"


def test_named_query_example_loads_into_the_editor(live_server: LiveServer, browser) -> None:
    from selenium.webdriver.common.by import By

    browser.get("about:blank")
    browser.get(live_server.url + "/query#example=plans-overview")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".CodeMirror"))
    text = wait_for(browser, lambda d: d.execute_script("return yasgui.getTab().getYasqe().getValue()")
                    if "?appendixRows" in d.execute_script("return yasgui.getTab().getYasqe().getValue()") else None)
    assert "SELECT ?plan" in text
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr td"))
    assert any("367/QĐ-TTg" in c.text for c in browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr td"))


def test_example_chosen_from_the_list(live_server: LiveServer, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get("about:blank")
    browser.get(live_server.url + "/query")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".CodeMirror"))
    Select(browser.find_element(By.ID, "example-select")).select_by_value("trace-up")
    text = browser.execute_script("return yasgui.getTab().getYasqe().getValue()")
    assert "# title: Trace a task up to the AI Law" in text
    assert "VALUES (?task) { (<https://w3id.org/aikg/eli/vn/hue/kh/2026/213-kh-ubnd/II/4>) }" in text
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr td"))
    cells = " ".join(c.text for c in browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr td"))
    assert "367-qd-ttg/II/5/dd" in cells and "134-2025-qh15/art/17" in cells
