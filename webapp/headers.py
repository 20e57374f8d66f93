"""Security headers on every response.

The Content-Security-Policy allows no inline script or style and nothing from other origins,
so an injected `<script>` or `on*=` attribute does nothing; pages keep their JS in ES modules
under /static. HSTS is sent only on HTTPS requests (as seen through ProxyFix when PROXY_HOPS is
set), so a plain-HTTP development server never pins a browser to HTTPS.
"""

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    # Check-ins need the phone's location and camera; nothing else may ask for sensors. The
    # app reads no client hints: without these three, Chromium's own Sec-CH-UA headers (about
    # 100 bytes) leave every request a page or the service worker makes on a 3G uplink.
    "Permissions-Policy": "geolocation=(self), camera=(self), microphone=(), payment=(), "
                          "usb=(), ch-ua=(), ch-ua-mobile=(), ch-ua-platform=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}

HSTS = "max-age=31536000"


def add_security_headers(response: Response) -> Response:
    if response.status_code == 304:
        # It freshens a response the browser holds, whose headers it keeps (RFC 9111
        # section 4.3.4): sending these again would only add about 600 bytes to each 304.
        return response
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def register_security_headers(app: Flask) -> None:
    app.after_request(add_security_headers)
