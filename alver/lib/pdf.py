"""One helper renders a template to PDF with WeasyPrint; print CSS in static/css/print.css."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation


def lag_pdf(request, mal, ctx, *, tittel, med_sider=False):
    """The template as PDF bytes, with title and language metadata; static files are read
    from disk (no HTTP round trip to ourselves). With `med_sider`: (bytes, number of pages)."""
    # here, not at the top: WeasyPrint takes most of a second to import and loads Pango, and
    # every process (web, worker, tests) would pay that at start-up for the few that print
    from weasyprint import CSS, HTML

    html = render_to_string(mal, {**ctx, "pdf_tittel": tittel}, request=request)
    css = CSS(filename=finders.find("css/print.css"))
    dokument = HTML(string=html, base_url=str(settings.BASE_DIR)).render(stylesheets=[css])
    dokument.metadata.title = tittel
    dokument.metadata.lang = translation.get_language() or settings.LANGUAGE_CODE
    innhald = dokument.write_pdf(pdf_variant="pdf/ua-1")
    return (innhald, len(dokument.pages)) if med_sider else innhald
