"""Browser fixtures: Debian's Chromium driven by Playwright, a screenshot on failure, and
an axe-core check for WCAG 2.1 AA. A missing browser fails the tests with a message; it
never skips them."""

import os
import pathlib

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTEFAKT = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}. Install Debian's package "
            "(`apt-get install chromium`, or `make chromium`) to run the browser tests."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


# Every page reports what the Content-Security-Policy refused (an inline script or style, a
# foreign origin) to the test, across navigations: the listener is installed before any of
# the page's own scripts run, and the binding lives in the browser context.
CSP_LYTTAR = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspBrot({side: document.location.href, direktiv: e.violatedDirective,
                    blokkert: e.blockedURI, kjelde: e.sourceFile, linje: e.lineNumber,
                    utdrag: e.sample});
});
"""


def ny_side(browser):
    """A page in a browser context of its own (another person's browser), which reports CSP
    violations like the `page` fixture's. Close its context when done."""
    context = browser.new_context(locale="nn-NO", viewport={"width": 1280, "height": 900})
    brot = []
    context.expose_binding("__cspBrot", lambda _kjelde, b: brot.append(b))
    context.add_init_script(CSP_LYTTAR)
    p = context.new_page()
    p.set_default_timeout(15_000)
    p.csp_brot = brot
    return p


@pytest.fixture
def page(browser, request):
    p = ny_side(browser)
    context = p.context
    yield p
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        ARTEFAKT.mkdir(exist_ok=True)
        p.screenshot(path=str(ARTEFAKT / f"{request.node.name}.png"), full_page=True)
    context.close()
    # every browser test fails on a CSP violation, also one after its last axe check
    if rep is not None and rep.passed:
        sjekk_csp(p)


def sjekk_csp(page):
    """Fail on any Content-Security-Policy violation reported so far on this page's context."""
    assert not page.csp_brot, "CSP violations: " + "; ".join(
        f"{b['side']}: {b['direktiv']} refused {b['blokkert'] or 'inline'} "
        f"({b['kjelde']}:{b['linje']} {b['utdrag']!r})"
        for b in page.csp_brot
    )


@pytest.fixture
def demo(transactional_db, demoavtrykk):
    demoavtrykk.legg_tilbake()


@pytest.fixture
def logg_inn(page, live_server):
    def _logg_inn(email, passord="demo"):
        page.goto(f"{live_server.url}/logg-inn/")
        page.get_by_label("E-post").fill(email)
        page.get_by_label("Passord").fill(passord)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(f"{live_server.url}/mi-side/")
        return page

    return _logg_inn


def skjermbilete(page, namn):
    ARTEFAKT.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFAKT / f"{namn}.png"), full_page=True)


def sjekk_axe(page):
    """Fail on any WCAG 2.1 A/AA violation axe-core finds on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    # A click returns once navigation has committed; under load axe could otherwise
    # run against a document that is not there yet.
    page.wait_for_load_state("load")
    sjekk_csp(page)
    resultat = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    brot = resultat.response["violations"]
    assert not brot, f"{page.url}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}" for v in brot
    )
