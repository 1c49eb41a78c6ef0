from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from alver.lib import klokke, tal
from budget import permissions as budget_tilgang
from verksemdsplan import permissions as oppdrag_tilgang

from .. import oppfolging
from .. import permissions as tilgang
from .. import services as tenester

SIDE = 50


@login_required
def politisk_oppfolging(request):
    tilgang.krev_politisk_oppfolging(request.user)
    aar = tal.aar(request.GET.get("aar"), klokke.i_dag().year)
    alle = tilgang.les_alt(request.user)
    til = None if alle else oppfolging.siste_frigitte_dag(aar)
    qs = oppfolging.politiske_oppdrag(aar, til=til, alle_rapportar=alle)
    # one decision or worded order, from its row on the decision lists
    if vedtak := tal.heiltal(request.GET.get("vedtak"), *tal.ID):
        qs = qs.filter(kjelde_vedtak=vedtak)
    if verbalpunkt := tal.heiltal(request.GET.get("verbalpunkt"), *tal.ID):
        qs = qs.filter(kjelde_verbalpunkt=verbalpunkt)
    side = Paginator(qs, SIDE).get_page(request.GET.get("side"))
    side.object_list = tenester.med_siste_rapport(side.object_list)
    return render(
        request,
        "reporting/politisk_oppfolging.html",
        {
            "aar": aar,
            "eitt": bool(vedtak or verbalpunkt),
            "side": side,
            "til": til,
            "alle_rapportar": alle,
            "lenk_oppdrag": oppdrag_tilgang.kan_lese(request.user),
            "lenk_vedtak": budget_tilgang.kan_lese_vedtak(request.user),
            "lenk_okonomiplan": budget_tilgang.kan_lese_okonomiplan(request.user),
        },
    )
