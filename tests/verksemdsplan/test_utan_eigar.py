"""The kommunedirektør's list of open oppdrag nobody owns, and the links to it."""

import datetime

from django.urls import reverse

from tests.hjelp import tal_sporjingar
from verksemdsplan.models import Kategori, Oppdrag


def _utan_eigar(org, oppdrag, n, **felt):
    Oppdrag.objects.bulk_create(
        [
            Oppdrag(
                verksemdsplan=oppdrag.verksemdsplan,
                aar=2026,
                tittel=f"Utan eigar {i}",
                kategori=Kategori.objects.first(),
                eining=org["einingar"]["oppvekst"],
                owner=None,
                frist=datetime.date(2026, 1 + i % 12, 10),
                **felt,
            )
            for i in range(n)
        ]
    )


def test_lists_open_ownerless_oppdrag_only(org, oppdrag, client_as):
    _utan_eigar(org, oppdrag, 2)
    _utan_eigar(org, oppdrag, 1, status=Oppdrag.Status.FULLFORT)
    response = client_as("kommunedirektor").get(reverse("verksemdsplan:utan_eigar"))
    titlar = [o.tittel for o in response.context["side"]]
    assert sorted(titlar) == ["Utan eigar 0", "Utan eigar 1"]
    innhald = response.content.decode()
    for o in response.context["side"]:
        assert o.get_absolute_url() in innhald
    assert oppdrag.tittel not in titlar


def test_query_count_is_the_same_for_5_and_500(org, oppdrag, client_as):
    c = client_as("kommunedirektor")
    url = reverse("verksemdsplan:utan_eigar")
    _utan_eigar(org, oppdrag, 5)
    faa = tal_sporjingar(c, url)
    _utan_eigar(org, oppdrag, 495)
    assert tal_sporjingar(c, url) == faa
    assert faa <= 12


def test_the_places_that_mention_ownerless_oppdrag_link_to_the_list(org, oppdrag, client_as):
    _utan_eigar(org, oppdrag, 12)
    o = Oppdrag.objects.filter(owner__isnull=True).first()
    liste = reverse("verksemdsplan:utan_eigar")
    assert liste in client_as("kommunedirektor").get(reverse("reporting:mi_side")).content.decode()
    assert liste in client_as("kommunedirektor").get(o.get_absolute_url()).content.decode()
    # a reader who may not open the list is not shown the link
    assert liste not in client_as("medarbeidar").get(o.get_absolute_url()).content.decode()
    assert liste not in client_as("kommunalsjef").get(reverse("reporting:mi_side")).content.decode()
