from django.db import connection
from django.urls import reverse
from django.utils import translation

from alver import services
from alver.lib.historikk import grunnkode, vis_grunn
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


def test_notes_the_system_writes_are_shown_in_the_readers_language(org, client_as):
    """A reason written while the importer used nynorsk reads in English to an English reader,
    and in bokmål to a bokmål reader; what a person typed is shown as typed."""
    hr = org["brukarar"]["hr"]
    with translation.override("nn"):
        services.gjennomfoer(
            [{"rad": 2, "kode": "2101", "namn": "Knarvik barneskule", "overordna": "2100"}], [], user=hr
        )
    lagra = Eining.objects.get(kode="2101").history.first().history_change_reason
    assert "Importert" not in lagra  # a code, not a sentence in the writer's language
    with translation.override("en"):
        assert vis_grunn(lagra) == "Imported from HR file"
    with translation.override("nb"):
        assert vis_grunn(lagra) == "Importert fra HR-fil"
    assert vis_grunn("Nytt namn etter vedtak") == "Nytt namn etter vedtak"

    leser = org["brukarar"]["kommunedirektor"]
    for spraak, venta in (("en", "Imported from HR file"), ("nb", "Importert fra HR-fil")):
        leser.spraak = spraak
        leser.save()
        side = client_as("kommunedirektor").get(reverse("alver:eining", args=["2101"])).content.decode()
        assert venta in side


def test_a_note_keeps_its_parameters_and_nested_notes():
    kode = grunnkode("The measure was rolled into %(plan)s: %(endringar)s") % {
        "plan": "Økonomiplan 2027–2030",
        "endringar": [
            grunnkode("description changed"),
            grunnkode("deadline %(frist)s") % {"frist": "31.12.2027"},
        ],
    }
    with translation.override("nn"):
        assert vis_grunn(kode) == (
            "Tiltaket vart rullert inn i Økonomiplan 2027–2030: skildringa er endra; frist 31.12.2027"
        )
    with translation.override("en"):
        assert vis_grunn(kode) == (
            "The measure was rolled into Økonomiplan 2027–2030: description changed; deadline 31.12.2027"
        )
