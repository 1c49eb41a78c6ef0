"""The Politikarmodul's part of the økonomiplan page: the proposals its reader may see, and a
way to make one for a politician in a group (the budget app knows nothing of proposals)."""

from django.template.loader import render_to_string

from alver.lib.panel import panel

from . import permissions


@panel("budget.okonomiplan")
def forslag_paa_planen(request, plan):
    forslag = list(
        permissions.synlege_forslag(request.user, plan)
        .select_related("gruppe")
        .order_by("gruppe__namn", "pk")
    )
    for f in forslag:
        f.okonomiplan = plan  # each link names the plan's year: not read again per proposal
    kan_lage = permissions.kan_lage_forslag(request.user, plan)
    if not forslag and not kan_lage and plan.er_vedtatt:
        return ""
    return render_to_string(
        "politikk/panelar/forslag.html",
        {"plan": plan, "forslag": forslag, "kan_lage": kan_lage},
        request=request,
    )
