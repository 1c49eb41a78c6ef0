import datetime
import re

from django.urls import reverse

from alver import services, views
from alver.lib import klokke
from alver.models import Eining
from tests.factories import UserFactory
from tests.hjelp import tal_sporjingar


def _legg_til_einingar(n, leiar=None, fra=0):
    """n more units under the sectors, through the bulk import engine."""
    rader = []
    for i in range(fra, fra + n):
        rader.append(
            {
                "rad": i + 2,
                "kode": f"T{i:05d}",
                "namn": f"Testeining {i}",
                "overordna": "2000" if i % 2 else "3000",
                "leiar_epost": leiar.email if leiar else "",
            }
        )
    services.gjennomfoer(rader, [])


def test_tree_page_query_count_does_not_grow_with_the_number_of_units(org, client_as):
    c = client_as("medarbeidar")
    leiar = UserFactory()
    _legg_til_einingar(3, leiar)  # 10 units in all
    assert Eining.objects.count() == 10
    tre = reverse("alver:organisasjon")
    sider = [tre, tre + "?q=testeining", reverse("alver:eining_born", args=["2100"])]
    liten = [tal_sporjingar(c, url) for url in sider]
    _legg_til_einingar(1490, leiar, fra=3)
    assert Eining.objects.count() == 1500
    # the tree's levels, the search and a level opened on demand each take the same queries
    assert [tal_sporjingar(c, url) for url in sider] == liten


def test_tree_opens_the_sectors_on_demand_when_their_units_would_fill_the_page(org, client_as):
    c = client_as("medarbeidar")
    tre = reverse("alver:organisasjon")
    html = c.get(tre).content.decode()
    assert 'href="/organisasjon/2100/"' in html and 'hx-get="/organisasjon/2000/under/"' not in html
    _legg_til_einingar(views.TRE_MAKS)  # the sectors' service areas now pass the page's bound
    html = c.get(tre).content.decode()
    assert "Oppvekst" in html and "Helse og omsorg" in html
    assert 'href="/organisasjon/2100/"' not in html and "Testeining 1" not in html
    assert 'hx-get="/organisasjon/2000/under/"' in html and 'hx-get="/organisasjon/3000/under/"' in html
    assert "51 einingar under" in html  # Oppvekst: Skule and 50 new ones, counted before opening
    under = c.get(reverse("alver:eining_born", args=["2000"])).content.decode()
    assert "Skule" in under and ">Testeining 1<" in under and ">Testeining 2<" not in under


def test_tree_shows_every_active_unit_with_its_leader(org, client_as):
    c = client_as("medarbeidar")
    html = c.get(reverse("alver:organisasjon")).content.decode()
    for namn in ["Testvik kommune", "Oppvekst", "Skule", "Sjukeheimar"]:
        assert namn in html
    assert "Per Skule" in html  # the leader of Skule
    # the units below the service areas open on demand, each level with a link for no script
    assert "Knarvik skule" not in html and "Lindås sjukeheim" not in html
    assert 'hx-get="/organisasjon/2100/under/"' in html and 'href="/organisasjon/2100/"' in html
    # a level says below what, for one who hears the summary alone
    assert re.search(r'1 eining under\s*<span class="ds-sr-only"> Skule</span></summary>', html)
    under = c.get(reverse("alver:eining_born", args=["2100"])).content.decode()
    assert "Knarvik skule" in under and "<html" not in under
    assert "Lindås sjukeheim" in c.get(reverse("alver:eining_born", args=["3100"])).content.decode()


def test_closed_units_are_hidden_unless_asked_for(org, client_as):
    lindaas = org["einingar"]["lindaas"]
    lindaas.gyldig_til = klokke.i_dag() - datetime.timedelta(days=1)
    lindaas.save()
    c = client_as("medarbeidar")
    assert "Lindås sjukeheim" not in c.get(reverse("alver:eining_born", args=["3100"])).content.decode()
    assert "Sjukeheimar" in c.get(reverse("alver:organisasjon")).content.decode()
    html = c.get(reverse("alver:organisasjon") + "?nedlagde=1").content.decode()
    assert 'hx-get="/organisasjon/3100/under/?nedlagde=1"' in html
    html = c.get(reverse("alver:eining_born", args=["3100"]) + "?nedlagde=1").content.decode()
    assert "Lindås sjukeheim" in html and "nedlagd" in html
    # the closed unit keeps its page
    assert "vart lagd ned" in c.get(reverse("alver:eining", args=["3101"])).content.decode()


def test_search_by_name_code_and_leader_shows_the_path(org, client_as):
    c = client_as("medarbeidar")
    html = c.get(reverse("alver:organisasjon"), {"q": "knarvik"}).content.decode()
    assert "Knarvik skule" in html and "Testvik kommune › Oppvekst › Skule" in html
    assert "Knarvik skule" in c.get(reverse("alver:organisasjon"), {"q": "2101"}).content.decode()
    assert "Skule" in c.get(reverse("alver:organisasjon"), {"q": "per skule"}).content.decode()
    assert "Ingen einingar passar" in c.get(reverse("alver:organisasjon"), {"q": "zzz"}).content.decode()


def test_search_with_htmx_returns_only_the_results(org, client_as):
    html = (
        client_as("medarbeidar")
        .get(reverse("alver:organisasjon"), {"q": "knarvik"}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert html.lstrip().startswith('<div id="organisasjon-innhald"') and "<html" not in html
    # the count goes to the page's live region, which announces it; the tree is not read out
    assert '<p id="organisasjon-status" hx-swap-oob="innerHTML">1 eining passar med «knarvik»</p>' in html
    assert "aria-live" not in html


def test_the_page_has_one_live_region_for_the_search_and_none_around_the_tree(org, client_as):
    html = client_as("medarbeidar").get(reverse("alver:organisasjon")).content.decode()
    assert '<p id="organisasjon-status" class="ds-sr-only" role="status"></p>' in html
    assert "aria-live" not in html and "hx-swap-oob" not in html


def test_unit_page_shows_leader_sub_units_and_people(org, client_as):
    html = client_as("medarbeidar").get(reverse("alver:eining", args=["2100"])).content.decode()
    assert "Per Skule" in html and "Knarvik skule" in html
    html = client_as("medarbeidar").get(reverse("alver:eining", args=["2101"])).content.decode()
    assert "Silje Lærar" in html and "Ingen leiar" in html


def test_unit_page_people_list_is_paginated_and_flat(org, client_as):
    knarvik = org["einingar"]["knarvik"]
    UserFactory.create_batch(5, eining=knarvik)
    c = client_as("medarbeidar")
    url = reverse("alver:eining", args=["2101"])
    liten = tal_sporjingar(c, url)
    UserFactory.create_batch(120, eining=knarvik)
    assert tal_sporjingar(c, url) == liten
    assert "Side 1 av 3" in c.get(url).content.decode()


def test_person_page_shows_unit_and_roles(org, client_as):
    html = (
        client_as("medarbeidar")
        .get(reverse("alver:person", args=[org["brukarar"]["tenesteleiar"].pk]))
        .content
    )
    html = html.decode()
    assert "Per Skule" in html and "Tenesteleiar" in html and "Skule" in html


def test_siblings_are_in_norwegian_alphabetical_order(org, client_as):
    for i, namn in enumerate(["Åsane skule", "Ørnes skule", "Zeta skule", "Ærlig skule"]):
        services.gjennomfoer([{"rad": 2, "kode": f"22{i}", "namn": namn, "overordna": "2100"}], [])
    html = client_as("medarbeidar").get(reverse("alver:eining_born", args=["2100"])).content.decode()
    posisjonar = [
        html.index(n) for n in ["Knarvik skule", "Zeta skule", "Ærlig skule", "Ørnes skule", "Åsane skule"]
    ]
    assert posisjonar == sorted(posisjonar)


def test_htmx_history_restore_gets_the_whole_page(org, client_as):
    response = client_as("medarbeidar").get(
        reverse("alver:organisasjon"),
        {"q": "knarvik"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]
