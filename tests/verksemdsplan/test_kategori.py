"""Those who may edit an oppdrag correct its category; a political category follows its source."""

import datetime

from django.urls import reverse

from verksemdsplan import services
from verksemdsplan.models import Kategori


def test_the_owner_corrects_the_category_of_an_oppdrag_given_by_hand(org, client_as):
    o = services.lag_oppdrag(
        eining=org["einingar"]["skule"],
        aar=2026,
        user=org["brukarar"]["tenesteleiar"],
        tittel="Ny skulerute",
        kategori=Kategori.objects.get(kode="administrativt"),
        frist=datetime.date(2026, 12, 20),
    )
    c = client_as("tenesteleiar")
    url = reverse("verksemdsplan:oppdrag_endre", args=[o.pk])
    skjema = c.get(url).context["form"]
    # only the categories a leader may choose, never a political one
    assert {k.kode for k in skjema.fields["kategori"].queryset} == set(
        Kategori.objects.exclude(kode__in=Kategori.PROPAGERTE).values_list("kode", flat=True)
    )
    politisk = Kategori.objects.get(kode="politisk_vedtak")
    svar = c.post(
        url,
        {
            "tittel": o.tittel,
            "frist": "2026-12-20",
            "status": "i_gang",
            "kategori": politisk.pk,
            "versjon": o.versjon,
        },
    )
    assert "kategori" in svar.context["form"].errors
    plantiltak = Kategori.objects.get(kode="plantiltak")
    svar = c.post(
        url,
        {
            "tittel": o.tittel,
            "frist": "2026-12-20",
            "status": "i_gang",
            "kategori": plantiltak.pk,
            "versjon": o.versjon,
        },
    )
    assert svar.status_code == 302
    o.refresh_from_db()
    assert o.kategori == plantiltak and o.history.first().kategori_id == plantiltak.pk


def test_a_decisions_oppdrag_has_no_category_to_change(org, oppdrag, client_as):
    c = client_as("kommunalsjef")
    url = reverse("verksemdsplan:oppdrag_endre", args=[oppdrag.pk])
    assert "kategori" not in c.get(url).context["form"].fields
    c.post(
        url,
        {
            "frist": "2026-12-01",
            "status": "i_gang",
            "kategori": Kategori.objects.get(kode="administrativt").pk,
            "versjon": oppdrag.versjon,
        },
    )
    oppdrag.refresh_from_db()
    assert oppdrag.kategori.kode == "politisk_vedtak"
