from django.utils.functional import SimpleLazyObject

from ocmw_portal import access
from ocmw_portal.models import DemoDataset


def portal(request):
    user = request.user
    return {
        "portal_role": SimpleLazyObject(lambda: access.ROLE_LABELS.get(access.role_of(user), "")),
        "portal_scope": SimpleLazyObject(lambda: access.scope_description(user)),
        "portal_is_admin": SimpleLazyObject(lambda: access.is_admin(user)),
        "portal_demo": SimpleLazyObject(lambda: DemoDataset.objects.exists()),
    }
