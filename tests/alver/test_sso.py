"""Single sign-on with OpenID Connect against a real provider on loopback (panva's
oidc-provider in node, tests/oidc_tilbydar/): the code flow with PKCE, linking by e-mail at
the first login and by the provider's subject after, only the kommune's own issuer and our
own audience accepted, unknown people refused or made, and local passwords turned off."""

from urllib.parse import parse_qs, urlsplit

import pytest
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client

from alver import sso
from alver.models import SsoKopling, User
from tests.alver.test_settings import _start
from tests.factories import PASSORD, UserFactory
from tests.oidc_tilbydar import KLIENT_HEMMELEG, KLIENT_ID, Tilbydar

TILBAKE = "http://testserver/logg-inn/sso/svar/"


@pytest.fixture
def tilbydar(tmp_path):
    t = Tilbydar(tmp_path, [TILBAKE])
    yield t
    t.stopp()


@pytest.fixture
def sso_paa(settings, tilbydar):
    settings.OIDC_ISSUER = tilbydar.issuer("kommunen")
    settings.OIDC_CLIENT_ID = KLIENT_ID
    settings.OIDC_CLIENT_SECRET = KLIENT_HEMMELEG
    settings.OIDC_NAMN = "Testvik-ID"
    settings.ALVER_URL = "http://testserver"
    return tilbydar


def klient():
    """A browser that reads English (the new messages' translations come with the catalogues)."""
    c = Client()
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return c


def logg_inn_sso(client, tilbydar, login):
    """Start at Alver, log in at the provider's login page, come back: Alver's answer."""
    start = client.get("/logg-inn/sso/")
    assert start.status_code == 302, start.content[:300]
    return client.get(tilbydar.logg_inn(start["Location"], login, "http://testserver/"))


def innlogga(client):
    return client.session.get(SESSION_KEY)


def test_first_login_links_by_e_mail_and_keeps_the_subject(org, sso_paa):
    silje = org["brukarar"]["medarbeidar"]
    # the provider spells the address in capitals; Entra's object id is the stable subject
    sso_paa.set_konto("silje", oid="oid-silje", email=silje.email.upper(), name="Silje L")
    c = klient()

    start = c.get("/logg-inn/sso/?next=/organisasjon/")
    param = parse_qs(urlsplit(start["Location"]).query)
    assert start["Location"].startswith(sso_paa.issuer() + "/auth")
    assert param["code_challenge_method"] == ["S256"] and param["code_challenge"][0]
    assert param["state"][0] and param["nonce"][0] and param["client_id"] == [KLIENT_ID]
    assert param["redirect_uri"] == [TILBAKE]

    svar = c.get(sso_paa.logg_inn(start["Location"], "silje", "http://testserver/"))
    assert svar.status_code == 302 and svar["Location"] == "/organisasjon/"
    assert innlogga(c) == str(silje.pk)
    kopling = SsoKopling.objects.get()
    assert (kopling.user, kopling.issuer, kopling.subject) == (silje, sso_paa.issuer(), "oid-silje")
    assert kopling.epost == silje.email
    assert c.get("/mi-side/").status_code == 200


def test_a_changed_e_mail_never_moves_the_login_to_another_account(org, sso_paa):
    silje, ola = org["brukarar"]["medarbeidar"], org["brukarar"]["kommunalsjef"]
    sso_paa.set_konto("silje", email=silje.email)
    logg_inn_sso(c1 := klient(), sso_paa, "silje")
    assert innlogga(c1) == str(silje.pk)

    # the provider now says Silje has Ola's address: she still logs into her own account
    sso_paa.set_konto("silje", email=ola.email)
    c2 = klient()
    svar = logg_inn_sso(c2, sso_paa, "silje")
    assert svar.status_code == 302 and innlogga(c2) == str(silje.pk)
    assert list(SsoKopling.objects.values_list("user", "subject")) == [(silje.pk, "silje")]

    # and a new identity at the provider with Silje's address does not take her account over
    sso_paa.set_konto("ny", email=silje.email)
    c3 = klient()
    svar = logg_inn_sso(c3, sso_paa, "ny")
    assert innlogga(c3) is None and svar["Location"] == "/logg-inn/"
    assert "is linked to another single sign-on identity" in c3.get("/logg-inn/").content.decode()
    assert SsoKopling.objects.count() == 1


def test_the_subject_is_sub_when_the_provider_has_no_oid(org, sso_paa):
    silje = org["brukarar"]["medarbeidar"]
    sso_paa.set_konto("silje", email=silje.email)
    logg_inn_sso(c := klient(), sso_paa, "silje")
    assert innlogga(c) == str(silje.pk)
    assert SsoKopling.objects.get().subject == "silje"


def test_an_unknown_person_is_refused(org, sso_paa):
    sso_paa.set_konto("framand", email="framand@example.org")
    c = klient()
    svar = logg_inn_sso(c, sso_paa, "framand")
    assert svar["Location"] == "/logg-inn/" and innlogga(c) is None
    assert "Alver has no account for you" in c.get("/logg-inn/").content.decode()
    assert not User.objects.filter(email="framand@example.org").exists()
    assert not SsoKopling.objects.exists()


def test_an_inactive_account_is_refused_also_once_linked(org, sso_paa):
    silje = org["brukarar"]["medarbeidar"]
    sso_paa.set_konto("silje", email=silje.email)
    logg_inn_sso(klient(), sso_paa, "silje")
    User.objects.filter(pk=silje.pk).update(is_active=False)
    c = klient()
    logg_inn_sso(c, sso_paa, "silje")
    assert innlogga(c) is None
    assert "no longer active" in c.get("/logg-inn/").content.decode()


def test_unknown_people_are_made_with_the_unit_from_a_claim_when_the_setting_says_so(org, sso_paa, settings):
    settings.OIDC_OPPRETT_BRUKARAR = True
    settings.OIDC_EINING_CLAIM = "department"
    sso_paa.set_konto(
        "ny", oid="oid-ny", preferred_username="Nils.Ny@Testvik.example", name="Nils Ny", department="2101"
    )
    c = klient()
    svar = logg_inn_sso(c, sso_paa, "ny")
    assert svar.status_code == 302 and svar["Location"] == "/mi-side/"
    nils = User.objects.get(email="nils.ny@testvik.example")
    assert innlogga(c) == str(nils.pk)
    assert (nils.namn, nils.eining, nils.has_usable_password()) == (
        "Nils Ny",
        org["einingar"]["knarvik"],
        False,
    )
    assert SsoKopling.objects.get().subject == "oid-ny"
    # an unknown unit code makes the account without a unit (HR's import places them)
    sso_paa.set_konto("nn", email="nn@testvik.example", department="9999")
    logg_inn_sso(klient(), sso_paa, "nn")
    assert User.objects.get(email="nn@testvik.example").eining is None


def test_a_discovery_document_naming_another_issuer_is_refused(org, sso_paa, settings):
    # e.g. Entra's «common» endpoint, or a typo: the document's issuer must be OIDC_ISSUER itself
    settings.OIDC_ISSUER = sso_paa.issuer() + "/"
    c = klient()
    svar = c.get("/logg-inn/sso/")
    assert svar["Location"] == "/logg-inn/"
    assert "not available just now" in c.get("/logg-inn/").content.decode()


def test_the_answer_must_carry_the_state_this_browser_was_given(org, sso_paa):
    silje = org["brukarar"]["medarbeidar"]
    sso_paa.set_konto("silje", email=silje.email)
    c = klient()
    start = c.get("/logg-inn/sso/")
    tilbake = sso_paa.logg_inn(start["Location"], "silje", "http://testserver/")
    # another browser (an attacker's session) cannot use the code
    framand = klient()
    assert framand.get(tilbake)["Location"] == "/logg-inn/" and innlogga(framand) is None
    # nor can the right browser with a state it was never given
    feil_state = tilbake.replace("state=", "state=x")
    assert c.get(feil_state)["Location"] == "/logg-inn/" and innlogga(c) is None
    assert c.get(tilbake)["Location"] == "/mi-side/" and innlogga(c) == str(silje.pk)
    # and the answer cannot be replayed, not even by the same browser: its state is used up
    assert c.get(tilbake)["Location"] == "/logg-inn/"


def _token_fraa(tilbydar, tenant, klient_id, hemmeleg, login, nonce):
    """The token endpoint's answer to another application: the code flow done by hand."""
    issuer = tilbydar.issuer(tenant)
    okt = OAuth2Session(
        klient_id,
        hemmeleg,
        scope="openid email profile",
        redirect_uri="http://127.0.0.1:9/cb",
        code_challenge_method="S256",
    )
    verifier = generate_token(48)
    url, _state = okt.create_authorization_url(issuer + "/auth", nonce=nonce, code_verifier=verifier)
    tilbake = tilbydar.logg_inn(url, login, "http://127.0.0.1:9/cb")
    return okt.fetch_token(issuer + "/token", authorization_response=tilbake, code_verifier=verifier)


@pytest.mark.django_db
def test_only_our_own_issuer_and_audience_are_accepted(sso_paa):
    for tenant in ("kommunen", "nabokommunen"):
        sso_paa.set_konto("kari", tenant=tenant, email="kari@testvik.example")

    eigen = _token_fraa(sso_paa, "kommunen", KLIENT_ID, KLIENT_HEMMELEG, "kari", "n1")
    assert sso.verifiser_id_token(eigen, "n1")["sub"] == "kari"
    # the same token with another nonce than the one this login sent
    with pytest.raises(sso.SsoFeil):
        sso.verifiser_id_token(eigen, "n2")
    # a neighbour tenant, signed with the very same keys (as all Entra tenants are) and for
    # the same client id: only the issuer tells it apart
    nabo = _token_fraa(sso_paa, "nabokommunen", KLIENT_ID, KLIENT_HEMMELEG, "kari", "n1")
    with pytest.raises(sso.SsoFeil, match="InvalidClaimError"):
        sso.verifiser_id_token(nabo, "n1")
    # our own tenant, but a token meant for another application
    anna = _token_fraa(sso_paa, "kommunen", "anna-app", "anna-hemmeleg", "kari", "n1")
    with pytest.raises(sso.SsoFeil):
        sso.verifiser_id_token(anna, "n1")
    # a token whose signature does not hold
    hovud, innhald, signatur = eigen["id_token"].split(".")
    with pytest.raises(sso.SsoFeil):
        sso.verifiser_id_token({**eigen, "id_token": f"{hovud}.{innhald}.{signatur[::-1]}"}, "n1")


def test_with_local_passwords_off_only_single_sign_on_lets_people_in(org, sso_paa, settings):
    settings.LOKALT_PASSORD = False
    silje = org["brukarar"]["medarbeidar"]
    c = klient()
    side = c.get("/logg-inn/").content.decode()
    assert "Log in with Testvik-ID" in side and 'type="password"' not in side
    svar = c.post("/logg-inn/", {"username": silje.email, "password": PASSORD})
    assert svar.status_code == 403 and innlogga(c) is None
    # the admin site's login takes no one's password but a superuser's (the way in when the
    # provider is down)
    stab = UserFactory(is_staff=True)
    assert c.post("/admin/login/", {"username": stab.email, "password": PASSORD}).status_code == 200
    assert innlogga(c) is None
    sjef = UserFactory(is_staff=True, is_superuser=True)
    svar = c.post("/admin/login/", {"username": sjef.email, "password": PASSORD, "next": "/admin/"})
    assert svar.status_code == 302 and innlogga(c) == str(sjef.pk)
    # single sign-on still works
    sso_paa.set_konto("silje", email=silje.email)
    logg_inn_sso(c2 := klient(), sso_paa, "silje")
    assert innlogga(c2) == str(silje.pk)


@pytest.mark.django_db
def test_the_login_page_offers_single_sign_on_beside_the_password_form(sso_paa, settings):
    side = klient().get("/logg-inn/?next=/organisasjon/").content.decode()
    assert 'href="/logg-inn/sso/?next=/organisasjon/"' in side and "Log in with Testvik-ID" in side
    assert 'type="password"' in side
    settings.OIDC_NAMN = ""
    assert "Log in with single sign-on" in klient().get("/logg-inn/").content.decode()
    settings.OIDC_ISSUER = ""
    side = klient().get("/logg-inn/").content.decode()
    assert "/logg-inn/sso/" not in side
    assert klient().get("/logg-inn/sso/").status_code == 404


@pytest.mark.parametrize(
    "miljo, melding",
    [
        (
            {
                "OIDC_ISSUER": "https://login.microsoftonline.com/common/v2.0",
                "OIDC_CLIENT_ID": "a",
                "OIDC_CLIENT_SECRET": "b",
            },
            "kommune's own Entra tenant",
        ),
        (
            {"OIDC_ISSUER": "http://idp.example/t/v2.0", "OIDC_CLIENT_ID": "a", "OIDC_CLIENT_SECRET": "b"},
            "https://",
        ),
        ({"OIDC_ISSUER": "https://idp.example/t"}, "also set OIDC_CLIENT_ID"),
        ({"LOKALT_PASSORD": "false"}, "set OIDC_ISSUER too"),
        ({"OIDC_CLIENT_ID": "a"}, "need OIDC_ISSUER"),
    ],
)
def test_inconsistent_single_sign_on_settings_fail_at_start(miljo, melding):
    r = _start(DEBUG="true", **miljo)
    assert r.returncode != 0 and melding in r.stderr
