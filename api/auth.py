"""Who calls the API: a personal bearer token (ocmw_portal.models.ApiToken), looked up by its
hash. Refused (401) when it is unknown or revoked, or when its owner is deactivated or has no
role any more; past PORTAL_API_RATE_PER_MINUTE uses in a minute, 429 with Retry-After."""

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from ocmw_portal import access
from ocmw_portal.models import ApiToken


class RateLimited(HttpError):
    """The token was used PORTAL_API_RATE_PER_MINUTE times this minute already."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            429,
            f"Te veel verzoeken met deze API-sleutel: hoogstens "
            f"{settings.PORTAL_API_RATE_PER_MINUTE} per minuut. "
            f"Probeer het over {retry_after} seconden opnieuw.",
        )


class TokenAuth(HttpBearer):
    """Authorization: Bearer <token>; the request then sees what the token's owner sees."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=ApiToken.digest(token.strip()), revoked_at__isnull=True)
            .first()
        )
        if found is None or access.role_of(found.user) is None:
            return None
        now = timezone.now()
        if not found.record_use(now=now, limit=settings.PORTAL_API_RATE_PER_MINUTE):
            raise RateLimited(60 - now.second)
        # The audit trail and the access module read the request's user.
        request.user = found.user
        return found.user
