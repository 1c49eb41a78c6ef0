"""The browser enforces our Content-Security-Policy, and the tests hear every violation (the
listener in tests/e2e/conftest.py): without this, «no violations» on the other pages could
mean nobody was listening."""

from .conftest import sjekk_axe


def test_an_inline_script_and_style_are_refused_and_reported(transactional_db, live_server, page):
    svar = page.goto(f"{live_server.url}/logg-inn/")
    assert "script-src 'self'" in svar.headers["content-security-policy"]
    sjekk_axe(page)  # the login page itself has none
    page.evaluate(
        """() => {
        const s = document.createElement("script");
        s.textContent = "window.__kom_inn = true";
        document.head.append(s);
        document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
    }"""
    )
    page.wait_for_function("() => true")
    page.wait_for_timeout(200)  # the violation events are delivered asynchronously
    assert page.evaluate("() => window.__kom_inn") is None  # the inline script never ran
    direktiv = sorted(b["direktiv"] for b in page.csp_brot)
    assert direktiv == ["script-src-elem", "style-src-attr"], page.csp_brot
    page.csp_brot.clear()  # heard, as it should be; the fixture would fail the test otherwise


def test_htmx_loads_without_its_inline_indicator_styles(transactional_db, live_server, page):
    page.goto(f"{live_server.url}/logg-inn/")
    page.wait_for_function("() => window.htmx !== undefined")
    assert page.evaluate("() => htmx.config.includeIndicatorStyles") is False
    assert page.evaluate("() => document.querySelectorAll('style').length") == 0
