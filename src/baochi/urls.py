"""Canonical URLs: one form per article page, so ids and URL duplicates are stable."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track the visit (analytics, share buttons, ad campaigns).
_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "zarsrc", "zacc", "gidzl", "_ga", "mc_", "ref", "src")


# Query parameters that only ask for the AMP rendering of the same article (``?amp=1``, ``?outputType=amp``).
_AMP_PARAMS = ("amp", "outputtype")


def _is_tracking(name: str) -> bool:
    return name.lower().startswith(_TRACKING_PREFIXES) or name.lower() in _AMP_PARAMS


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no ``www.``/``m.``/``amp.`` host prefix, no ``/amp`` prefix or suffix,
    no tracking or AMP parameters, no fragment, https. A URL that does not parse is returned stripped."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:  # "Invalid IPv6 URL" and the like: crawled markup is full of broken links
        return url.strip()
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    path = parts.path or "/"
    if path.startswith("/amp/") and len(path) > len("/amp/"):  # vnexpress.net/amp/slug.html
        path = path[len("/amp") :]
    for suffix in ("/amp", "/amp/", ".amp"):
        if path.endswith(suffix) and len(path) > len(suffix):
            path = path[: -len(suffix)]
            break
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    )
    return urlunsplit(("https", host, path, query, ""))


def url_domain(url: str) -> str | None:
    """Registered host of a URL without ``www.``/``m.``, or None when there is none (or it won't parse)."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower()
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix) :]
    return host
