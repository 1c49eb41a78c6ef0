"""One helper renders a template to PDF with WeasyPrint; print CSS in static/css/print.css.

Every PDF template gets `brevhovud` (the kommune's letterhead, `alver.lib.profil.brevhovud`)
and `KOMMUNE_NAMN`, so it can `{% include "partials/pdf_brevhovud.html" %}` and
`{% include "partials/pdf_brevfot.html" %}`. WeasyPrint fetches nothing from the network:
images come as data URIs and static files from disk, and anything else is refused.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from . import profil


def lag_pdf(request, mal, ctx, *, tittel, med_sider=False):
    """The template as PDF bytes, with title and language metadata; static files are read
    from disk (no HTTP round trip to ourselves). With `med_sider`: (bytes, number of pages)."""
    # here, not at the top: WeasyPrint takes most of a second to import and loads Pango, and
    # every process (web, worker, tests) would pay that at start-up for the few that print
    from weasyprint import CSS, HTML

    hovud = profil.brevhovud()
    html = render_to_string(
        mal,
        {"brevhovud": hovud, "KOMMUNE_NAMN": hovud["namn"], **ctx, "pdf_tittel": tittel},
        request=request,
    )
    hentar = _hentar()
    css = CSS(filename=finders.find("css/print.css"), url_fetcher=hentar)
    dokument = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=hentar).render(
        stylesheets=[css]
    )
    dokument.metadata.title = tittel
    dokument.metadata.lang = translation.get_language() or settings.LANGUAGE_CODE
    innhald = dokument.write_pdf(pdf_variant="pdf/ua-1")
    return (innhald, len(dokument.pages)) if med_sider else innhald


def _hentar():
    """WeasyPrint's fetcher, allowed data: URIs and the app's own static files only: an SVG or
    a text that names http://…, file:///etc/… or another file of the project (settings, an
    uploaded file, the database) gets nothing (WeasyPrint logs the refusal and prints without
    it)."""
    from weasyprint.urls import URLFetcher

    rotar = [Path(d).resolve() for d in settings.STATICFILES_DIRS]
    if getattr(settings, "STATIC_ROOT", None):
        rotar.append(Path(settings.STATIC_ROOT).resolve())

    class Hentar(URLFetcher):
        def fetch(self, url, headers=None):
            if url[:5].lower() == "file:":
                from urllib.parse import unquote, urlsplit

                sti = Path(unquote(urlsplit(url).path)).resolve()
                if not any(sti.is_relative_to(r) for r in rotar):
                    raise ValueError(f"File outside the static files refused: {url}")
            return super().fetch(url, headers)

    return Hentar(allowed_protocols={"data", "file"})
