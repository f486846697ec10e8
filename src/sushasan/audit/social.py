"""Which official social-media account a link points at, if any.

Share buttons (``twitter.com/intent``, ``facebook.com/sharer``) and posts are not accounts; a
site linking its *accounts* lets citizens verify them, which is what the registry cares about.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

__all__ = ["account_of", "is_social"]

_HOSTS = {
    "x.com": "x", "twitter.com": "x", "mobile.twitter.com": "x",
    "facebook.com": "facebook", "m.facebook.com": "facebook", "fb.com": "facebook",
    "instagram.com": "instagram",
    "youtube.com": "youtube", "m.youtube.com": "youtube",
}
_NOT_ACCOUNTS = {
    "x": {"intent", "share", "home", "hashtag", "i", "search", "explore"},
    "facebook": {"sharer", "sharer.php", "share.php", "dialog", "plugins", "watch", "groups",
                 "events", "hashtag"},
    "instagram": {"p", "reel", "reels", "explore", "stories"},
    "youtube": {"watch", "embed", "shorts", "playlist", "results", "redirect"},
}


def is_social(url: str) -> bool:
    """A link to a social platform (account, post or share button)."""
    return urlsplit(url).netloc.lower().split(":")[0].removeprefix("www.") in _HOSTS


def account_of(url: str) -> tuple[str, str] | None:
    """``(platform, handle-or-id)`` in lower case for an account link, else None."""
    parts = urlsplit(url)
    host = parts.netloc.lower().split(":")[0].removeprefix("www.")
    platform = _HOSTS.get(host)
    if platform is None:
        return None
    segs = [s for s in parts.path.split("/") if s]
    if not segs:
        return None
    first = segs[0].lower()
    if first in _NOT_ACCOUNTS[platform]:
        return None
    if platform == "facebook":
        if first == "profile.php":
            ids = parse_qs(parts.query).get("id")
            return (platform, ids[0].lower()) if ids else None
        if first == "pages" and len(segs) >= 2:
            return platform, (segs[-1] if segs[-1].isdigit() else segs[1]).lower()
    if platform == "youtube":
        if first.startswith("@"):
            return platform, first[1:]
        if first in ("c", "user", "channel") and len(segs) >= 2:
            return platform, segs[1].lower()
        return None
    return platform, first.lstrip("@")
