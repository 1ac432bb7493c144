import json

from oidc_provider.models import RSAKey
from oidc_provider.views import JwksView

from tests.acm_provider import claims


class PublishedKeys(JwksView):
    """The provider's JWKS, without the key it signs with (the first) when users.json says
    "verberg_sleutel": then its ID tokens are signed by a key nobody can check."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not claims.read().get("verberg_sleutel"):
            return response
        signing = RSAKey.objects.first().kid
        published = json.loads(response.content)
        published["keys"] = [key for key in published["keys"] if key["kid"] != signing]
        response.content = json.dumps(published)
        return response
