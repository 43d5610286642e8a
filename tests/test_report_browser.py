"""The HTML report as a person meets it: in Chromium, audited by axe-core, on a
phone, and printed to A4.

Needs Debian's chromium and the test extra's playwright and
axe-playwright-python (no browser download: playwright drives
/usr/bin/chromium). Without them the tests skip and say why; under CI=true
they fail instead, so CI cannot pass without looking.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest
from hht.rules.timeline import Timeline

from tests import report_history

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _need_browser() -> None:
    problems = []
    if not os.path.exists(CHROMIUM):
        problems.append("chromium is not installed (apt-get install chromium)")
    try:
        import axe_playwright_python  # noqa: F401
        import playwright  # noqa: F401
    except ImportError:
        problems.append("playwright and axe-playwright-python are not installed (pip install -e '.[test]')")
    if problems:
        message = "The HTML report's browser checks cannot run: " + "; ".join(problems) + "."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def _page(tmp_path_factory, history: str):
    """A fixed history's HTML report."""
    from datetime import date

    from hht.report import html, model
    from hht.rules.protocol import load as protocols
    from hht.store.opening import open_store

    protocol = protocols.load()
    folder = tmp_path_factory.mktemp("browser")
    getattr(report_history, history)(folder / "hht.db", protocol)
    with open_store(folder / "hht.db", create=False) as store:
        data = model.build(
            Timeline(protocol),
            store.days(),
            store.assessments(),
            store.assessment_summaries(),
            generated=date(2026, 3, 2),
            until=report_history.UNTIL,
            sides=["left"],
            corrections=store.corrections(),
        )
    target = folder / "report.html"
    target.write_text(html.render(data), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    """The ten-week history's HTML report, built once for the module."""
    return _page(tmp_path_factory, "ten_weeks")


def test_axe_finds_no_violation_and_the_page_has_a_main_landmark(browser, page_file):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": 1024, "height": 900})
    page.goto(page_file.as_uri())
    result = Axe().run(page)
    violations = [(v["id"], v["impact"], len(v["nodes"])) for v in result.response["violations"]]
    assert violations == []
    assert page.locator("main").count() == 1
    assert "stage changes are marked" in page.locator("svg.chart desc").first.text_content()
    page.close()


def test_a_phone_reflows_without_sideways_scrolling_and_dates_never_wrap(browser, page_file):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(page_file.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    wrapped = page.evaluate("""[...document.querySelectorAll('.date')].filter(e => {
        const range = document.createRange(); range.selectNodeContents(e);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        return tops.size > e.innerHTML.split('<br>').length; }).map(e => e.textContent)""")
    assert wrapped == []
    page.close()


def _printed_pages(browser, target) -> int:
    page = browser.new_page()
    page.goto(target.as_uri())
    pdf = page.pdf(format="A4", print_background=False, prefer_css_page_size=True)
    page.close()
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


A4_CONTENT = (737, 1077)  # A4 less the page margins (7 and 6 mm), in CSS px at 96 dpi
TEXT_SIZES = (
    "[...document.querySelectorAll('main *')].filter(e => e.offsetParent !== null && e.childNodes.length && "
    "[...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())).map(e => "
    "[e.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(e).fontSize)])"
)


def _print_layout(browser, target):
    page = browser.new_page()
    page.goto(target.as_uri())
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_CONTENT[0], "height": A4_CONTENT[1]})
    return page


@pytest.mark.parametrize("history", ["ten_weeks", "many_events"])
def test_printed_the_summary_is_on_page_one_and_no_text_is_under_9_pt(browser, tmp_path_factory, history):
    target = _page(tmp_path_factory, history)
    page = _print_layout(browser, target)
    small = [(text, size) for text, size in page.evaluate(TEXT_SIZES) if size < 9 * 96 / 72 - 0.01]
    assert small == []  # body text, tables, notes: 9 pt or more
    scale = page.evaluate("document.querySelector('svg.chart').getBoundingClientRect().width / 720")
    sizes = page.evaluate(
        "[...document.querySelectorAll('svg text')].map(t => parseFloat(t.getAttribute('font-size')))"
    )
    assert min(sizes) * scale >= 12  # the chart's words too
    # the header, the current stage, the assessments, pain by week and adherence end on the first page
    summary_end = page.evaluate("document.querySelector('.two').getBoundingClientRect().bottom")
    assert summary_end <= A4_CONTENT[1]
    assert page.evaluate("document.querySelector('.now').getBoundingClientRect().bottom") < summary_end
    page.close()
    pages = _printed_pages(browser, target)
    assert pages <= (2 if history == "ten_weeks" else 3)  # the stage history runs on after the summary


def test_on_a_phone_the_chart_is_shown_week_by_week_in_type_that_can_be_read(browser, page_file):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(page_file.as_uri())
    assert page.locator("svg.chart").first.is_hidden()
    table = page.locator("table.weeks")
    assert table.is_visible() and table.locator("tbody tr").count() == 11  # every week of the ten-week period
    sizes = page.evaluate(
        "[...document.querySelectorAll('table.weeks td, table.weeks th')].map(e => "
        "parseFloat(getComputedStyle(e).fontSize))"
    )
    assert min(sizes) >= 12
    assert "#8 pause (red flag)" in table.inner_text()
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator("svg.chart").first.is_visible() and table.is_hidden()
    scale = page.evaluate("document.querySelector('svg.chart').getBoundingClientRect().width / 720")
    assert 12.5 * scale >= 12  # the chart's smallest words, at least 12 px
    page.close()


NUMBERS_CLEAR = """() => {  // every event number's box as drawn, against every other box in the chart
  const svg = document.querySelector('svg.chart');
  const texts = [...svg.querySelectorAll('text')];
  const numbers = texts.filter(t => t.getAttribute('text-anchor') === 'middle' && /^[0-9, -]+$/.test(t.textContent));
  const box = e => { const b = e.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
  const drawn = [...svg.querySelectorAll('polygon, rect, circle, line, polyline, path')]
    .concat(texts.filter(t => !numbers.includes(t))).map(e => [e.textContent || e.tagName, box(e)]);
  const meet = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  return [numbers.length, numbers.flatMap((t, i) => numbers.slice(i + 1).map(u => [u.textContent, box(u)])
    .concat(drawn).filter(([, b]) => meet(box(t), b)).map(([what]) => t.textContent + ' touches ' + what))];
}"""


@pytest.mark.parametrize("history", ["ten_weeks", "flare"])
def test_no_event_number_touches_anything_else_in_the_fonts_chromium_draws(browser, tmp_path_factory, history):
    page = browser.new_page()
    page.goto(_page(tmp_path_factory, history).as_uri())
    count, clashes = page.evaluate(NUMBERS_CLEAR)
    page.close()
    assert count > 20 and clashes == []
