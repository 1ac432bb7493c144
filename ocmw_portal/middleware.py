"""Response headers that Django's SecurityMiddleware does not set itself."""

from urllib.parse import urlsplit

from django.conf import settings

# Everything the portal loads comes from the portal: no inline scripts or styles, no CDN.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"


def content_security_policy():
    """The policy; with the ACM/IDM login, forms may also lead to the provider: the logout
    form's answer sends the browser on to its end-session endpoint, and browsers hold such a
    redirect to form-action."""
    issuer = urlsplit(settings.PORTAL_OIDC_ISSUER)
    if not (settings.PORTAL_OIDC_CLIENT_ID and issuer.scheme and issuer.netloc):
        return CONTENT_SECURITY_POLICY
    return CONTENT_SECURITY_POLICY.replace(
        "form-action 'self'", f"form-action 'self' {issuer.scheme}://{issuer.netloc}"
    )


def security_headers(get_response):
    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response

    return middleware
