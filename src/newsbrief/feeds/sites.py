"""Which links a feed can vouch for: those on its own site.

A feed's site is the registrable domain of the feed's own URL (the name under a public suffix,
from the Public Suffix List the ``tld`` package ships): ``feeds.example.com`` speaks for
``www.example.com`` but not for ``example.org``, and ``alice.github.io`` not for
``bob.github.io``. A host with no registrable domain (an address, ``localhost``, an unlisted
suffix) is its own site. The site link a feed declares inside itself is not used: any feed can
declare any site. A feed file on this machine has no site and vouches for no link.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from tld import get_fld


def site_of(url: str) -> str | None:
    """The site ``url`` belongs to, or ``None`` when it is no http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host:
        return None
    host = host.rstrip(".")
    domain = get_fld(host, fix_protocol=True, fail_silently=True)
    return str(domain).lower() if domain else host


def vouches_for(feed_url: str, link: str) -> bool:
    """Whether the feed at ``feed_url`` is on the same site as ``link``."""
    site = site_of(feed_url)
    return site is not None and site == site_of(link)


def shown_as(feed_url: str) -> str:
    """How the site shows where an article from this feed comes from, when its link is not the
    feed's to give: the feed's host (or file name)."""
    parts = urlsplit(feed_url)
    if parts.hostname:
        return parts.hostname.removeprefix("www.")
    return parts.path.rsplit("/", 1)[-1] or feed_url


__all__ = ["shown_as", "site_of", "vouches_for"]
