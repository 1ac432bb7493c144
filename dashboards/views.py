from django.shortcuts import render

from ocmw_portal import access


def overview(request):
    local_governments = access.local_governments(request.user).select_related("province")
    return render(
        request,
        "dashboards/overview.html",
        {"local_governments": local_governments},
    )


def municipality(request, nis_code):
    local_government = access.get_local_government(request.user, nis_code)
    return render(
        request,
        "dashboards/municipality.html",
        {"local_government": local_government},
    )
