"""The people and unit selects on an oppdrag of a large unit: the delegation picker lists the
leaders of the units right below and the people in the unit, not everyone in the subtree;
anyone further down is found by their name or the name of the unit they lead, and can still be
chosen. The milestone form and the
edit form's «commissioning person» are bounded the same way."""

import re

import pytest
from django.urls import reverse

from tests.factories import EiningFactory, UserFactory
from tests.hjelp import tal_sporjingar


def _val(html, namn="til"):
    select = re.search(rf'<select[^>]*name="{namn}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="(\d+)"', select)


@pytest.fixture
def djupe(org):
    """30 schools below Skule, each with its leader («Rektor 0» …)."""
    return [
        EiningFactory(
            parent=org["einingar"]["skule"],
            namn=f"Skule {i}",
            kode=f"29{i:02d}",
            type="eining",
            leiar=UserFactory(namn=f"Rektor {i}"),
        ).leiar
        for i in range(30)
    ]


def test_the_picker_does_not_grow_with_the_subtree(org, oppdrag, client_as):
    c = client_as("kommunalsjef")
    url = oppdrag.get_absolute_url()
    val = _val(c.get(url).content.decode())
    spoerjingar = tal_sporjingar(c, url)
    assert str(org["brukarar"]["tenesteleiar"].pk) in val  # the leader of Skule, right below
    for i in range(30):
        EiningFactory(
            parent=org["einingar"]["skule"],
            namn=f"Skule {i}",
            kode=f"29{i:02d}",
            type="eining",
            leiar=UserFactory(),
        )
    assert _val(c.get(url).content.decode()) == val
    assert tal_sporjingar(c, url) == spoerjingar


def test_someone_further_down_is_found_by_name_and_can_be_chosen(org, oppdrag, djupe, client_as):
    c = client_as("kommunalsjef")
    url = oppdrag.get_absolute_url()
    assert str(djupe[12].pk) not in _val(c.get(url).content.decode())
    html = c.get(url, {"deleger_sok": "rektor 1"}).content.decode()
    funne = _val(html)
    assert {str(djupe[i].pk) for i in [1, *range(10, 20)]} <= set(funne)
    assert str(djupe[2].pk) not in funne
    # it says how many it added: Rektor 1 and Rektor 10–19
    assert (
        "11 personar lenger ned som har «rektor 1» i namnet, eller som leier ei eining med det i "
        "namnet, er i listene over personar på denne sida." in html
    )
    # chosen from the search, the delegation goes through; one not listed is accepted too
    svar = c.post(reverse("verksemdsplan:deleger", args=[oppdrag.pk]), {"til": djupe[12].pk})
    assert svar.status_code == 302 and oppdrag.born.get().owner == djupe[12]


def test_the_search_says_when_it_added_one_and_when_it_added_only_the_first(org, oppdrag, djupe, client_as):
    c = client_as("kommunalsjef")
    url = oppdrag.get_absolute_url()
    html = c.get(url, {"deleger_sok": "rektor 29"}).content.decode()
    assert "1 person lenger ned som har «rektor 29» i namnet" in html and "er i listene" in html
    html = c.get(url, {"deleger_sok": "rektor"}).content.decode()
    assert (
        "Dei første 20 av 30 personar lenger ned som har «rektor» i namnet, eller som leier ei "
        "eining med det i namnet, er i listene over personar på denne sida; eit lengre "
        "søk finn dei andre." in html
    )
    assert len({str(u.pk) for u in djupe} & set(_val(html))) == 20


def test_the_leader_of_a_unit_further_down_is_found_by_the_units_name(org, oppdrag, djupe, client_as):
    c = client_as("kommunalsjef")
    funne = set(_val(c.get(oppdrag.get_absolute_url(), {"deleger_sok": "skule 2"}).content.decode()))
    assert str(djupe[2].pk) in funne and str(djupe[20].pk) in funne  # Skule 2, Skule 20 …
    assert str(djupe[12].pk) not in funne
    svar = c.post(reverse("verksemdsplan:deleger", args=[oppdrag.pk]), {"til": djupe[20].pk})
    assert svar.status_code == 302 and oppdrag.born.get().owner == djupe[20]


def test_a_refused_delegation_keeps_the_person_chosen_from_a_search(org, oppdrag, djupe, client_as):
    c = client_as("kommunalsjef")
    svar = c.post(
        reverse("verksemdsplan:deleger", args=[oppdrag.pk]), {"til": djupe[25].pk, "frist": "2099-01-01"}
    )
    assert svar.status_code == 200 and "frist" in svar.context["deleger_form"].errors
    assert f'<option value="{djupe[25].pk}" selected>' in svar.content.decode()


def test_a_search_that_finds_no_one_says_so(org, oppdrag, djupe, client_as):
    html = (
        client_as("kommunalsjef")
        .get(oppdrag.get_absolute_url(), {"deleger_sok": "eining 3.2"})
        .content.decode()
    )
    assert "Ingen lenger ned har «eining 3.2» i namnet sitt eller i namnet på ei eining dei leier." in html
    assert "er lagde til" not in html


def test_the_search_never_offers_someone_outside_the_subtree(org, oppdrag, client_as):
    utanfor = org["brukarar"]["utanfor"]
    html = (
        client_as("kommunalsjef")
        .get(oppdrag.get_absolute_url(), {"deleger_sok": utanfor.namn})
        .content.decode()
    )
    assert str(utanfor.pk) not in _val(html)


def test_the_milestone_form_lists_those_near_the_oppdrag_and_accepts_anyone(org, oppdrag, djupe, client_as):
    c = client_as("kommunalsjef")
    url = oppdrag.get_absolute_url()
    html = c.get(url).content.decode()
    folk = _val(html, "milepael-ansvarleg_person")
    einingar = _val(html, "milepael-ansvarleg_eining")
    e = org["einingar"]
    # the owner and the leader right below; the unit, the one above and the one right below
    assert {str(org["brukarar"]["kommunalsjef"].pk), str(org["brukarar"]["tenesteleiar"].pk)} <= set(folk)
    assert {str(e["kommune"].pk), str(e["oppvekst"].pk), str(e["skule"].pk)} <= set(einingar)
    assert not {str(u.pk) for u in djupe} & set(folk)
    assert str(e["knarvik"].pk) not in einingar and str(djupe[0].leia.get().pk) not in einingar
    # a name search on the page adds to this select too
    assert str(djupe[12].pk) in _val(
        c.get(url, {"deleger_sok": "rektor 12"}).content.decode(), "milepael-ansvarleg_person"
    )
    # one not listed is accepted, and the edit page then lists them as chosen
    svar = c.post(
        reverse("verksemdsplan:milepael_ny", args=[oppdrag.pk]),
        {
            "milepael-tittel": "Høyring",
            "milepael-dato": "2026-11-15",
            "milepael-token": "t1",
            "milepael-ansvarleg_person": djupe[12].pk,
        },
    )
    assert svar.status_code == 302
    m = oppdrag.milepaelar.get()
    assert m.ansvarleg_person == djupe[12]
    html = c.get(reverse("verksemdsplan:milepael_endre", args=[oppdrag.pk, m.pk])).content.decode()
    assert f'<option value="{djupe[12].pk}" selected>' in html


def test_the_commissioning_person_select_lists_the_leaders_above(org, oppdrag, djupe, client_as):
    c = client_as("kommunalsjef")
    url = reverse("verksemdsplan:oppdrag_endre", args=[oppdrag.pk])
    folk = set(_val(c.get(url).content.decode(), "oppdragsgjevar_person"))
    b = org["brukarar"]
    assert {str(b["kommunedirektor"].pk), str(b["kommunalsjef"].pk)} <= folk
    assert not {str(u.pk) for u in djupe} & folk and str(b["utanfor"].pk) not in folk


def test_the_two_selects_list_the_same_people_but_only_a_milestone_may_be_the_owners(
    org, oppdrag, djupe, client_as
):
    """The delegation and milestone selects are drawn from one read of the people near the
    oppdrag (and of a name search): one does not delegate to oneself, a milestone may be one's own."""
    c = client_as("kommunalsjef")
    eigar = str(org["brukarar"]["kommunalsjef"].pk)
    for sok in ({}, {"deleger_sok": "rektor 1"}):
        html = c.get(oppdrag.get_absolute_url(), sok).content.decode()
        deleger, milepael = _val(html), _val(html, "milepael-ansvarleg_person")
        assert eigar in milepael and eigar not in deleger
        assert [p for p in milepael if p != eigar] == deleger
        assert deleger  # not an empty comparison
