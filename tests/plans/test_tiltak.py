from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Tiltak, Vedlegg


def test_an_economic_tiltak_with_costs_in_norwegian_format(planar, client_as):
    hp = planar["hp"]
    c = client_as("kommunalsjef")
    response = c.post(
        reverse("plans:tiltak_ny", args=[hp.pk]),
        {
            "tittel": "Nytt uteområde",
            "okonomisk": "on",
            "status": "forslag",
            "maal": [planar["m1"].pk],
            "kostnad_2025": "1 500 000",
            "kostnad_2026": "250\u00a0000",
        },
    )
    assert response.status_code == 302
    t = Tiltak.objects.get(tittel="Nytt uteområde")
    assert [(k.aar, k.belop) for k in t.kostnader.all()] == [(2025, 1_500_000), (2026, 250_000)]
    html = c.get(t.get_absolute_url()).content.decode()
    assert "1\u00a0500\u00a0000" in html and "Endringslogg" in html


def test_costs_belong_to_economic_tiltak_only(planar, client_as):
    response = client_as("kommunalsjef").post(
        reverse("plans:tiltak_ny", args=[planar["hp"].pk]),
        {"tittel": "Gratis tiltak", "status": "forslag", "kostnad_2025": "1000"},
    )
    assert response.status_code == 200
    assert "Berre eit økonomisk tiltak har kostnader" in response.content.decode()
    assert not Tiltak.objects.filter(tittel="Gratis tiltak").exists()


def test_a_tiltak_without_goal_link_is_flagged_and_not_proposable(planar, client_as):
    t = Tiltak.objects.create(handlingsplan=planar["hp"], tittel="Laust tiltak")
    assert t not in Tiltak.objects.kan_foreslaast()
    assert planar["tiltak"]["forslag"] in Tiltak.objects.kan_foreslaast()
    html = (
        client_as("medarbeidar").get(reverse("plans:handlingsplan", args=[planar["hp"].pk])).content.decode()
    )
    assert "manglar kopling til mål" in html


def test_handlingsplan_page_sums_open_costs(planar, client_as):
    html = (
        client_as("medarbeidar").get(reverse("plans:handlingsplan", args=[planar["hp"].pk])).content.decode()
    )
    # three open tiltak with 1 234 567 each in 2025; finished and dropped ones do not count
    assert "3\u00a0703\u00a0701" in html


def test_the_adopted_document_is_uploaded_as_pdf_and_read_by_all(planar, client_as):
    plan = planar["vedteken"]
    c = client_as("kommunalsjef")
    c.post(
        reverse("plans:vedlegg_last_opp", args=[plan.pk]),
        {
            "tittel": "Vedteken plan",
            "fil": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 test", "application/pdf"),
        },
    )
    v = Vedlegg.objects.get()
    response = client_as("medarbeidar").get(reverse("plans:vedlegg", args=[plan.pk, v.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    svar = c.post(
        reverse("plans:vedlegg_last_opp", args=[plan.pk]),
        {"tittel": "Ikkje PDF", "fil": SimpleUploadedFile("plan.pdf", b"hello", "application/pdf")},
    )
    assert Vedlegg.objects.count() == 1
    # the plan page again, the title as typed and the message by the file field
    assert svar.status_code == 200 and 'value="Ikkje PDF"' in svar.content.decode()
    assert svar.context["vedlegg_form"].errors["fil"]
    v.fil.delete()


def test_handlingsplan_page_query_count_does_not_grow_with_the_tiltak(planar, client_as):
    from tests.hjelp import tal_sporjingar

    hp, c = planar["hp"], client_as("medarbeidar")
    url = reverse("plans:handlingsplan", args=[hp.pk])
    liten = tal_sporjingar(c, url)
    for i in range(40):
        t = Tiltak.objects.create(
            handlingsplan=hp, tittel=f"T{i}", okonomisk=True, ansvarleg_eining=hp.plan.ansvarleg_eining
        )
        t.maal.set([planar["m1"]])
        t.kostnader.create(aar=2026, belop=i)
    assert tal_sporjingar(c, url) == liten


def test_absurd_costs_are_refused_and_nothing_is_half_saved(planar, client_as):
    t = planar["tiltak"]["prioritert"]
    response = client_as("kommunalsjef").post(
        reverse("plans:tiltak_endre", args=[t.pk]),
        {
            "tittel": "Nytt namn",
            "okonomisk": "on",
            "status": "prioritert",
            "kostnad_2025": str(10**20),
            "versjon": t.versjon,
        },
    )
    assert response.status_code == 200
    t.refresh_from_db()
    assert t.tittel == "Tiltak prioritert" and t.versjon == 1
