"""Mi side tells a person who follows up prioritised indicators how many, and leads to the page
where they enter the values; nobody else sees the notice."""

from django.urls import reverse


def test_the_person_who_follows_up_an_indicator_is_led_to_enter_its_values(indikatorar, org, client_as):
    u = org["brukarar"]["medarbeidar"]
    u.spraak = "en"
    u.save()
    html = client_as("medarbeidar").get("/mi-side/").content.decode()
    assert "You follow up 1 indicator this year: enter its values." in html
    assert f'href="{reverse("reporting:indikatorar")}"' in html
    assert client_as("medarbeidar").get(reverse("reporting:indikatorar")).status_code == 200


def test_others_see_no_notice(indikatorar, org, client_as):
    for rolle in ("kommunedirektor", "tenesteleiar", "politikar"):
        org["brukarar"][rolle].spraak = "en"
        org["brukarar"][rolle].save()
        assert "You follow up" not in client_as(rolle).get("/mi-side/").content.decode(), rolle
