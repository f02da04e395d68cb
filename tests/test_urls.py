from __future__ import annotations

from baochi.urls import canonical_url, url_domain


def test_urls_broken_urls_do_not_raise() -> None:
    assert url_domain("http://[broken/x") is None
    assert canonical_url(" http://[broken/x ") == "http://[broken/x"
    assert url_domain("https://www.vnexpress.net/a") == "vnexpress.net"
    assert canonical_url("https://m.vnexpress.net/a.html?utm_source=x#c") == "https://vnexpress.net/a.html"
