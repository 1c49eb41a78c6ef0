"""Who reaches what in the Politikarmodul: politicians write only their own group's unsubmitted
proposals; an unsubmitted proposal is its group's alone unless shared with økonomi."""

import pytest
from django.urls import reverse

from politikk import services
from tests.hjelp import INNLOGGA_ROLLER

ALLE = [*INNLOGGA_ROLLER, "blaa"]


def rader(url, tillatne, andre):
    return [(url, "anonymous", 302)] + [(url, r, tillatne.get(r, andre)) for r in ALLE]


MATRIX = (
    rader("/okonomiplan/2026/forslag/", {}, 200)
    + rader("/okonomiplan/2026/forslag/samanlikn/", {}, 200)
    # only politicians in a group make proposals
    + rader("/okonomiplan/2026/forslag/ny/", {"politikar": 200, "blaa": 200}, 403)
    # a draft: its group only — not økonomi, not the administrator, not the other group
    + rader("utkast", {"politikar": 200}, 404)
    # submitted: everyone who reads the plan
    + rader("levert", {}, 200)
    + rader("vedta:levert", {"sekretariat": 200, "okonomi": 200, "administrator": 200}, 403)
    + rader("/politikk/grupper/", {}, 200)
    + rader("/politikk/grupper/ny/", {"sekretariat": 200, "administrator": 200}, 403)
)


def _url(url, forslag):
    namn, _kolon, kva = url.rpartition(":")
    if kva in ("utkast", "levert"):
        f = forslag[kva]
        return f.get_absolute_url() + ("vedta/" if namn == "vedta" else "")
    return url


@pytest.mark.parametrize("url,rolle,status", MATRIX)
def test_access(url, rolle, status, forslag, som):
    assert som(rolle).get(_url(url, forslag)).status_code == status


def test_what_the_pages_show_each_reader(org, forslag, som):
    """No page shows a link its reader cannot open."""
    plan_html = som("politikar").get("/okonomiplan/2026/").content.decode()
    assert "Raudt budsjett" in plan_html and "Blått budsjett" in plan_html
    assert "/okonomiplan/2026/forslag/ny/" in plan_html
    for rolle in ("okonomi", "administrator", "blaa", "medarbeidar"):
        html = som(rolle).get("/okonomiplan/2026/").content.decode()
        assert "Raudt budsjett" not in html, rolle  # the other group's draft: not even its title
        assert "Blått budsjett" in html
    assert "/forslag/ny/" not in som("okonomi").get("/okonomiplan/2026/forslag/").content.decode()
    # the submitted proposal: read-only for its own members too; no save, no submit
    html = som("blaa").get(forslag["levert"].get_absolute_url()).content.decode()
    assert "Lever forslaget" not in html and 'id="forslag-skjema"' not in html
    # the sekretariat sees the groups but edits nothing through them; it may record adoption
    assert "/politikk/grupper/ny/" not in som("politikar").get("/politikk/grupper/").content.decode()
    assert (
        "Registrer vedtaket i kommunestyret"
        in som("sekretariat").get(forslag["levert"].get_absolute_url()).content.decode()
    )
    assert (
        "Registrer vedtaket i kommunestyret"
        not in som("politikar").get(forslag["levert"].get_absolute_url()).content.decode()
    )


def test_sharing_with_okonomi_is_the_groups_choice_and_is_logged(org, forslag, som):
    f = forslag["utkast"]
    url = f.get_absolute_url()
    assert som("okonomi").get(url).status_code == 404
    # only a member shares it
    assert som("okonomi").post(url + "del/", {"delt": "ja"}).status_code == 404
    assert som("blaa").post(url + "del/", {"delt": "ja"}).status_code == 404
    assert som("politikar").post(url + "del/", {"delt": "ja"}).status_code == 302
    html = som("okonomi").get(url).content.decode()
    assert "Raudt budsjett" in html
    # økonomi reads, for help with the figures; it changes nothing
    assert 'id="forslag-skjema"' not in html
    assert som("okonomi").post(url, {"versjon": f.versjon + 1}).status_code == 403
    # the administrator still does not see it
    assert som("administrator").get(url).status_code == 404
    f.refresh_from_db()
    assert "Delt med økonomi av Test politikar" in [h.history_change_reason for h in f.history.all()]
    som("politikar").post(url + "del/", {"delt": "nei"})
    assert som("okonomi").get(url).status_code == 404


def test_the_django_admin_has_no_proposals(org, forslag, som):
    c = som("administrator")
    org["brukarar"]["administrator"].is_staff = org["brukarar"]["administrator"].is_superuser = True
    org["brukarar"]["administrator"].save()
    assert c.get("/admin/politikk/budsjettforslag/").status_code == 404


@pytest.mark.parametrize("kva", ["lever/", "del/", "rekn/", "verbalpunkt/"])
def test_changing_views_are_post_only(kva, forslag, som):
    assert som("politikar").get(forslag["utkast"].get_absolute_url() + kva).status_code == 405


def test_a_submitted_proposal_takes_no_more_changes(org, forslag, som):
    f = forslag["levert"]
    c = som("blaa")
    assert c.post(f.get_absolute_url(), {"versjon": f.versjon}).status_code == 403
    assert c.post(f.get_absolute_url() + "verbalpunkt/", {"nummer": "1", "tekst": "x"}).status_code == 403
    with pytest.raises(services.Forslagsfeil):
        services.lagre_endringar(
            f, f.versjon, {"tiltak": {}, "nye": [], "rammer": {}, "linjer": {}}, user=org["brukarar"]["blaa"]
        )


def test_list_links_only_what_the_reader_may_open(forslag, som):
    html = som("blaa").get(reverse("politikk:forslag_liste", args=[2026])).content.decode()
    assert forslag["levert"].get_absolute_url() in html
    assert forslag["utkast"].get_absolute_url() not in html
