"""The delegation picker of a large unit: the select lists the leaders of the units right
below and the people in the unit, not everyone in the subtree; anyone further down is found
by name and can still be chosen."""

import re

import pytest
from django.urls import reverse

from tests.factories import EiningFactory, UserFactory
from tests.hjelp import tal_sporjingar


def _val(html):
    select = re.search(r'<select[^>]*name="til"[^>]*>(.*?)</select>', html, re.S).group(1)
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
    assert "Dei lenger ned som har «rektor 1» i namnet, er lagde til i «Deleger til»." in html
    # chosen from the search, the delegation goes through; one not listed is accepted too
    svar = c.post(reverse("verksemdsplan:deleger", args=[oppdrag.pk]), {"til": djupe[12].pk})
    assert svar.status_code == 302 and oppdrag.born.get().owner == djupe[12]


def test_a_refused_delegation_keeps_the_person_chosen_from_a_search(org, oppdrag, djupe, client_as):
    c = client_as("kommunalsjef")
    svar = c.post(
        reverse("verksemdsplan:deleger", args=[oppdrag.pk]), {"til": djupe[25].pk, "frist": "2099-01-01"}
    )
    assert svar.status_code == 200 and "frist" in svar.context["deleger_form"].errors
    assert f'<option value="{djupe[25].pk}" selected>' in svar.content.decode()


def test_the_search_never_offers_someone_outside_the_subtree(org, oppdrag, client_as):
    utanfor = org["brukarar"]["utanfor"]
    html = (
        client_as("kommunalsjef")
        .get(oppdrag.get_absolute_url(), {"deleger_sok": utanfor.namn})
        .content.decode()
    )
    assert str(utanfor.pk) not in _val(html)
