"""Which official social-media account a link points at, if any.

Share buttons (``twitter.com/intent``, ``facebook.com/sharer``) and posts are not accounts; a
site linking its *accounts* lets citizens verify them, which is what the registry cares about.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

__all__ = ["account_of", "is_social", "same_account"]

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


def same_account(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Handles compare without case (platforms ignore it); YouTube channel ids (``UC…``) are
    case-sensitive, so they must match exactly."""
    if a[0] != b[0]:
        return False
    if a[0] == "youtube" and (a[1].startswith("UC") or b[1].startswith("UC")):
        return a[1] == b[1]
    return a[1].lower() == b[1].lower()


def account_of(url: str) -> tuple[str, str] | None:
    """``(platform, handle-or-id)`` exactly as written in the link, else None: reports show
    the handle the site shows, and YouTube channel ids are case-sensitive."""
    parts = urlsplit(url)
    host = parts.netloc.lower().split(":")[0].removeprefix("www.")
    platform = _HOSTS.get(host)
    if platform is None:
        return None
    segs = [s for s in parts.path.split("/") if s]
    if not segs:
        return None
    first = segs[0]
    if first.lower() in _NOT_ACCOUNTS[platform]:
        return None
    if platform == "facebook":
        if first.lower() == "profile.php":
            ids = parse_qs(parts.query).get("id")
            return (platform, ids[0]) if ids else None
        if first.lower() == "pages" and len(segs) >= 2:
            return platform, segs[-1] if segs[-1].isdigit() else segs[1]
    if platform == "youtube":
        if first.startswith("@"):
            return platform, first[1:]
        if first.lower() in ("c", "user", "channel") and len(segs) >= 2:
            return platform, segs[1]
        return None
    return platform, first.lstrip("@")
