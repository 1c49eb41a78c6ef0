from django.db import connection
from django.urls import reverse

from alver import services
from alver.models import Eining, User


def test_a_change_records_who_when_and_what_and_the_page_shows_it(org, client_as):
    hr = org["brukarar"]["hr"]
    services.gjennomfoer(
        [{"rad": 2, "kode": "2101", "namn": "Knarvik barneskule", "overordna": "2100"}],
        [],
        user=hr,
        grunn="Nytt namn etter vedtak",
    )
    post = Eining.objects.get(kode="2101").history.first()
    assert (post.history_user, post.namn, post.history_change_reason) == (
        hr,
        "Knarvik barneskule",
        "Nytt namn etter vedtak",
    )
    side = client_as("hr").get(reverse("alver:eining", args=["2101"])).content.decode()
    assert "Endringslogg" in side and "Test hr" in side and "Nytt namn etter vedtak" in side
    assert "<del>Knarvik skule</del> → <ins>Knarvik barneskule</ins>" in side


def test_passwords_never_enter_the_history_tables(org):
    u = org["brukarar"]["medarbeidar"]
    u.set_password("eit-nytt-passord-123")
    u.save()
    columns = [
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), User.history.model._meta.db_table
        )
    ]
    assert "password" not in columns and "last_login" not in columns
    assert User.history.filter(id=u.pk).count() >= 1


def test_logging_in_does_not_fill_the_history(org, client):
    u = org["brukarar"]["medarbeidar"]
    for_ = u.history.count()
    from tests.factories import PASSORD

    assert client.post(reverse("alver:login"), {"username": u.email, "password": PASSORD}).status_code == 302
    assert u.history.count() == for_


def test_person_page_shows_leader_changes_with_names(org, client_as):
    skule = Eining.objects.get(kode="2100")
    skule.leiar = org["brukarar"]["medarbeidar"]
    skule._change_reason = "Ny leiar"
    skule.save()
    side = client_as("kommunedirektor").get(reverse("alver:eining", args=["2100"])).content.decode()
    assert "<del>Per Skule</del> → <ins>Silje Lærar</ins>" in side
    assert "Ny leiar" in side
