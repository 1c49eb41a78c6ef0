"""Helpers every app's tests reuse: the permission matrix and the query budget."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

# Every role a matrix row can name; `utanfor` is an employee in another sector.
INNLOGGA_ROLLER = [
    "administrator",
    "kommunedirektor",
    "kommunalsjef",
    "tenesteleiar",
    "medarbeidar",
    "sekretariat",
    "okonomi",
    "hr",
    "politikar",
    "utanfor",
]


def alle_les(url, **unntak):
    """Matrix rows for a page every logged-in role reads (200) unless listed; anonymous → login."""
    return [(url, "anonymous", 302)] + [(url, r, unntak.get(r, 200)) for r in INNLOGGA_ROLLER]


def berre(url, tillatne, andre=403):
    """Matrix rows for a page only the listed roles reach; the rest get `andre` (403 or 404)."""
    return [(url, "anonymous", 302)] + [(url, r, tillatne.get(r, andre)) for r in INNLOGGA_ROLLER]


def tal_sporjingar(client, url):
    """How many queries one GET of the page makes (for query budgets: compare small and large data).

    The page is fetched once first, so process-wide caches (content types, for one) are warm
    and only what the page itself costs is counted."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx)
