import pytest
from django.urls import reverse

from plans import services
from plans.models import Handlingsplan, Tiltak


def test_rolling_carries_exactly_the_open_tiltak_with_links(planar, client_as):
    hp = planar["hp"]
    for_ = {t.pk: (t.tittel, t.status) for t in hp.tiltak.all()}
    response = client_as("kommunalsjef").post(reverse("plans:handlingsplan_rull", args=[hp.pk]))
    ny = Handlingsplan.objects.get(forrige=hp)
    assert response.status_code == 302 and f"/handlingsplan/{ny.pk}/samanlikn/" in response["Location"]
    assert (ny.fra_aar, ny.til_aar) == (2026, 2029)
    carried = {t.forrige.status for t in ny.tiltak.select_related("forrige")}
    assert carried == {Tiltak.Status.FORSLAG, Tiltak.Status.PRIORITERT, Tiltak.Status.IKKJE_PRIORITERT}
    assert ny.tiltak.count() == 3
    for t in ny.tiltak.all():
        assert t.tittel == t.forrige.tittel and t.status == t.forrige.status
        assert list(t.maal.all()) == [planar["m11"]] and list(t.strategiar.all()) == [planar["s1"]]
        # 2025 is outside 2026–2029: that cost stays with the old version
        assert [(k.aar, k.belop) for k in t.kostnader.all()] == [(2028, 100)]
    # nothing of the old version is lost or changed
    assert {t.pk: (t.tittel, t.status) for t in hp.tiltak.all()} == for_


def test_a_version_is_rolled_once(planar):
    services.rull_handlingsplan(planar["hp"], user=None)
    with pytest.raises(services.Planfeil):
        services.rull_handlingsplan(planar["hp"], user=None)
    assert Handlingsplan.objects.filter(plan=planar["vedteken"]).count() == 2


def test_comparison_shows_added_removed_and_changed(planar, client_as):
    hp = planar["hp"]
    ny = services.rull_handlingsplan(hp, user=None)
    endra = ny.tiltak.get(forrige=planar["tiltak"]["forslag"])
    endra.tittel, endra.status = "Tiltak forslag, utvida", Tiltak.Status.PRIORITERT
    endra.save()
    Tiltak.objects.create(handlingsplan=ny, tittel="Heilt nytt tiltak")
    res = services.samanlikn(hp, ny)
    assert [t.tittel for t in res.lagde_til] == ["Heilt nytt tiltak"]
    assert {t.tittel for t in res.tekne_bort} == {"Tiltak gjennomfort", "Tiltak utgaatt"}
    assert [(a.tittel, b.tittel) for a, b, _ in res.endra] == [("Tiltak forslag", "Tiltak forslag, utvida")]
    assert res.uendra == 2
    html = (
        client_as("medarbeidar")
        .get(reverse("plans:samanlikn", args=[ny.pk]), {"med": hp.pk})
        .content.decode()
    )
    assert "1 lagt til, 2 tekne bort, 1 endra, 2 uendra" in html
    assert "<del>Tiltak forslag</del> → <ins>Tiltak forslag, utvida</ins>" in html


def test_comparison_follows_tiltak_across_several_rolls(planar):
    v1 = planar["hp"]
    v2 = services.rull_handlingsplan(v1, user=None)
    v3 = services.rull_handlingsplan(v2, user=None)
    res = services.samanlikn(v1, v3)
    assert res.uendra == 3 and not res.lagde_til and len(res.tekne_bort) == 2


def test_a_rolled_version_is_read_only(planar, client_as):
    hp = planar["hp"]
    services.rull_handlingsplan(hp, user=None)
    c = client_as("kommunalsjef")
    assert c.get(reverse("plans:tiltak_endre", args=[planar["tiltak"]["forslag"].pk])).status_code == 403
    assert c.get(reverse("plans:tiltak_ny", args=[hp.pk])).status_code == 403
    assert c.get(reverse("plans:tiltak_import", args=[hp.pk])).status_code == 403
