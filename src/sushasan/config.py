"""Settings as data: one table of name, default and help, read env > file > default.

The table is the single source for `sushasan settings` and the README's settings section (a test
keeps them in step). Secrets, such as a database URL with a password, are wrapped so they never
appear in logs, reprs or reports.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sushasan.errors import ConfigError

__all__ = ["SETTINGS", "Config", "Secret", "Setting", "env_value"]


class Secret(str):
    """A string that hides itself when printed, so a password in a URL cannot leak by accident."""

    def __repr__(self) -> str:
        return "Secret('***')"

    def reveal(self) -> str:
        return str.__str__(self)


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: Any
    help: str
    kind: type = str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "data_dir", "SUSHASAN_DATA_DIR", "./sushasan-data",
        "Folder holding the lake (Parquet), the desk database (SQLite by default) and raw files.",
        kind=Path,
    ),
    Setting(
        "database_url", "SUSHASAN_DATABASE_URL", None,
        "SQLAlchemy URL of the desk database; default is an SQLite file inside the data folder. "
        "Use postgresql+psycopg://user:password@host/db for PostgreSQL.",
        secret=True,
    ),
    Setting(
        "method", "SUSHASAN_METHOD", None,
        "Path of the review method file (weights, normalisation); default is the built-in "
        "versioned method.",
        kind=Path,
    ),
    Setting(
        "coverage_threshold", "SUSHASAN_COVERAGE_THRESHOLD", None,
        "Share of a quarter's days that must be covered by some source before a department is "
        "ranked; overrides the method file's value.",
        kind=float,
    ),

    Setting(
        "engine", "SUSHASAN_ENGINE", "duckdb",
        "Engine that runs the review's indicators over the lake: duckdb (embedded, one "
        "machine) or spark (needs the spark extra and Java 17; docs/deployment.md).",
    ),
    Setting(
        "spark_master", "SUSHASAN_SPARK_MASTER", "local[2]",
        "Spark master URL for engine spark: local[N] on this machine, or a cluster such as "
        "spark://host:7077, yarn or k8s://https://host:443.",
    ),
    Setting(
        "spark_lake_url", "SUSHASAN_SPARK_LAKE_URL", None,
        "The lake folder as Spark's executors name it (s3a://bucket/lake, hdfs://nn/lake); "
        "default the data folder's lake path, which an NFS mount makes the same on every node.",
    ),

    Setting(
        "x_bearer_token", "SUSHASAN_X_BEARER_TOKEN", None,
        "X API v2 bearer token for `sushasan ingest` (from the environment; never in a file "
        "that is committed).",
        secret=True,
    ),
    Setting(
        "x_read_budget", "SUSHASAN_X_READ_BUDGET", 10000,
        "Posts `sushasan ingest` may read from X in one run (X bills reads per post).",
        kind=int,
    ),
    Setting(
        "facebook_access_token", "SUSHASAN_FACEBOOK_ACCESS_TOKEN", None,
        "Graph API access token (a page or system-user token with pages_read_engagement) for "
        "`sushasan ingest --platform facebook` (from the environment; never in a committed file).",
        secret=True,
    ),
    Setting(
        "facebook_read_budget", "SUSHASAN_FACEBOOK_READ_BUDGET", 10000,
        "Posts and comments `sushasan ingest` may read from Facebook in one run.",
        kind=int,
    ),
    Setting(
        "instagram_access_token", "SUSHASAN_INSTAGRAM_ACCESS_TOKEN", None,
        "Graph API access token for the Instagram business accounts (instagram_basic, "
        "instagram_manage_comments); default: the Facebook token. From the environment.",
        secret=True,
    ),
    Setting(
        "instagram_read_budget", "SUSHASAN_INSTAGRAM_READ_BUDGET", 10000,
        "Media and comments `sushasan ingest` may read from Instagram in one run.",
        kind=int,
    ),
    Setting(
        "graph_comment_posts", "SUSHASAN_GRAPH_COMMENT_POSTS", 25,
        "Posts (Facebook) or media (Instagram) per account whose comments one run reads; the "
        "rest wait in the cursor's queue for the next run.",
        kind=int,
    ),
    Setting(
        "youtube_api_key", "SUSHASAN_YOUTUBE_API_KEY", None,
        "YouTube Data API v3 key for `sushasan ingest --platform youtube` (from the "
        "environment; never in a committed file).",
        secret=True,
    ),
    Setting(
        "youtube_quota_budget", "SUSHASAN_YOUTUBE_QUOTA_BUDGET", 5000,
        "YouTube quota units one `sushasan ingest` run may spend (1 per list call; the "
        "project's daily quota is 10000 by default).",
        kind=int,
    ),
    Setting("x_api_url", "SUSHASAN_X_API_URL", "https://api.twitter.com/2",
            "Base URL of the X API v2 that replies are posted to (a state gateway or proxy; "
            "tests point it at a local server)."),
    Setting("graph_api_url", "SUSHASAN_GRAPH_API_URL", "https://graph.facebook.com/v21.0",
            "Base URL, with version, of the Graph API that Facebook and Instagram replies are "
            "posted to."),
    Setting("youtube_api_url", "SUSHASAN_YOUTUBE_API_URL", "https://www.googleapis.com/youtube/v3",
            "Base URL of the YouTube Data API v3 that replies are posted to."),
    Setting("x_user_token", "SUSHASAN_X_USER_TOKEN", None,
            "OAuth 2.0 user-context token (tweet.write) of the department's X account for "
            "`sushasan replies send`; an app-only bearer token cannot post. Environment only.",
            secret=True),
    Setting("facebook_page_token", "SUSHASAN_FACEBOOK_PAGE_TOKEN", None,
            "Page access token (pages_manage_engagement) that posts replies to Facebook "
            "comments; default: the Facebook access token. Environment only.", secret=True),
    Setting("youtube_oauth_token", "SUSHASAN_YOUTUBE_OAUTH_TOKEN", None,
            "OAuth 2.0 access token (youtube.force-ssl) of the channel that posts replies; an "
            "API key cannot post. Environment only.", secret=True),
    Setting("replies_daily_budget", "SUSHASAN_REPLIES_DAILY_BUDGET", 300,
            "Replies `sushasan replies send` may post on one platform in one IST day.",
            kind=int),
    Setting("replies_approval", "SUSHASAN_REPLIES_APPROVAL", "",
            "Departments (comma-separated ids) whose replies wait for a nodal officer's "
            "approval before they are posted; the registry's reply_approval (yes or no) for a "
            "department overrides this."),
    Setting("replies_every", "SUSHASAN_REPLIES_EVERY", "5m",
            "How often `sushasan worker` posts the queued replies (within the daily budget): "
            "30s, 5m, 1h or off."),
    Setting(
        "ingest_every", "SUSHASAN_INGEST_EVERY", "6h",
        "How often `sushasan worker` fetches from the platforms' APIs: 30s, 15m, 6h, 1d, 1h30m "
        "or off.",
    ),
    Setting(
        "worker_db", "SUSHASAN_WORKER_DB", None,
        "SQLite file holding the worker's queue and last-run times; default queue.sqlite in the "
        "data folder.",
        kind=Path,
    ),
    Setting(
        "triage_every", "SUSHASAN_TRIAGE_EVERY", "15m",
        "How often `sushasan worker` looks for new grievances among citizens' messages and runs "
        "the escalation check: 30s, 15m, 6h, 1d or off.",
    ),
    Setting(
        "disposal_days", "SUSHASAN_DISPOSAL_DAYS", 21,
        "Working days a department has to dispose of a grievance (CPGRAMS: 21).",
        kind=int,
    ),
    Setting(
        "level_days", "SUSHASAN_LEVEL_DAYS", 7,
        "Working days a ticket may wait at one level before it escalates to the next.",
        kind=int,
    ),
    Setting(
        "escalation_chain", "SUSHASAN_ESCALATION_CHAIN",
        "officer,head_of_department,secretary,chief_secretary",
        "Escalation levels, lowest first, comma-separated.",
    ),
    Setting(
        "second_saturday_off", "SUSHASAN_SECOND_SATURDAY_OFF", True,
        "Whether second Saturdays are off in the working-day calendar (Sundays always are).",
        kind=bool,
    ),
    Setting(
        "holidays_dir", "SUSHASAN_HOLIDAYS_DIR", None,
        "Folder of yearly holiday files (<name>-YYYY.yaml) that add to or replace the shipped "
        "Uttarakhand lists; default `holidays` in the data folder.",
        kind=Path,
    ),
    Setting(
        "smtp_host", "SUSHASAN_SMTP_HOST", None,
        "Mail server for `sushasan grievances digest --send`; without it digests are written "
        "as .eml files only.",
    ),
    Setting("smtp_port", "SUSHASAN_SMTP_PORT", 25, "Mail server port.", kind=int),
    Setting("smtp_username", "SUSHASAN_SMTP_USERNAME", None, "Mail server login, if any."),
    Setting(
        "smtp_password", "SUSHASAN_SMTP_PASSWORD", None,
        "Mail server password (from the environment).", secret=True,
    ),
    Setting(
        "smtp_starttls", "SUSHASAN_SMTP_STARTTLS", False,
        "Upgrade the mail connection with STARTTLS.", kind=bool,
    ),
    Setting(
        "smtp_sender", "SUSHASAN_SMTP_SENDER", "sushasan@localhost",
        "From address of digests.",
    ),
    Setting(
        "retention_days", "SUSHASAN_RETENTION_DAYS", 730,
        "Days a closed ticket keeps the citizen's text and handle; after that "
        "`sushasan grievances purge` blanks them (counts and dates stay for the review).",
        kind=int,
    ),
    Setting("audit_every", "SUSHASAN_AUDIT_EVERY", "off",
            "How often `sushasan worker` audits the departments' websites: 1d, 7d or off "
            "(off by default: it reaches out to the internet)."),
    Setting("audit_concurrency", "SUSHASAN_AUDIT_CONCURRENCY", 4,
            "Websites audited at once; each host still sees one polite visitor.", kind=int),
    Setting("audit_max_pages", "SUSHASAN_AUDIT_MAX_PAGES", 10,
            "Older name of audit_page_budget (pages read per website); when set, it wins.",
            kind=int),
    Setting("audit_min_interval", "SUSHASAN_AUDIT_MIN_INTERVAL", 1.0,
            "Older form of audit_host_rate: seconds between requests to one host; when set, "
            "it wins (robots.txt Crawl-delay up to 5 s wins over both).", kind=float),
    Setting("audit_timeout", "SUSHASAN_AUDIT_TIMEOUT", 20.0,
            "Seconds the audit waits for one response (connecting: at most 10 s).", kind=float),
    Setting("audit_site_deadline", "SUSHASAN_AUDIT_SITE_DEADLINE", 300.0,
            "Seconds for one website's whole audit; past it the site is 'not measured', not 0.",
            kind=float),
    Setting("audit_user_agent", "SUSHASAN_AUDIT_USER_AGENT", None,
            "User agent the audit sends; default names Sushasan and its version."),
    Setting("audit_chromium", "SUSHASAN_AUDIT_CHROMIUM", "/usr/bin/chromium",
            "Chromium for the accessibility check (axe-core); 'off' skips it (reported as "
            "'accessibility not measured')."),
    Setting("audit_page_budget", "SUSHASAN_AUDIT_PAGE_BUDGET", 50,
            "Pages read and judged per website: home, both languages, header, footer and "
            "sitemap pages (replaces audit_max_pages when that is not set).", kind=int),
    Setting("audit_link_budget", "SUSHASAN_AUDIT_LINK_BUDGET", 150,
            "Further links checked per website, footer and GIGW links first; the rest is "
            "reported as not checked.", kind=int),
    Setting("audit_host_rate", "SUSHASAN_AUDIT_HOST_RATE", 2.0,
            "Requests per second to one host (robots.txt Crawl-delay up to 5 s wins; "
            "replaces audit_min_interval when that is not set).", kind=float),
    # Read by the process before a data folder is chosen (``env_value``), so environment only.
    Setting("progress", "SUSHASAN_PROGRESS", None,
            "Progress bars: 1 draws them even in logs, 0 never; default only on a terminal "
            "(and never when CI is set)."),
    Setting("user", "SUSHASAN_USER", None,
            "Name the CLI records as the actor of desk actions; default the login name."),
    Setting("cache_dir", "SUSHASAN_CACHE_DIR", None,
            "Cache of instanced fonts and PDF measurements; default $XDG_CACHE_HOME/sushasan "
            "or ~/.cache/sushasan.", kind=Path),
    Setting("font_dir", "SUSHASAN_FONT_DIR", None,
            "Folder with the PDF fonts to use instead of the packaged Noto Sans files "
            "(same file names).", kind=Path),
    Setting("secret_key", "SUSHASAN_SECRET_KEY", None,
            "Key that signs the dashboard's session cookies; default one made once and kept "
            "in the data folder (web-secret.key, mode 0600).", secret=True),
    Setting("session_idle_minutes", "SUSHASAN_SESSION_IDLE_MINUTES", 60,
            "Minutes without a request after which a dashboard session ends.", kind=int),
    Setting("session_max_hours", "SUSHASAN_SESSION_MAX_HOURS", 8,
            "Hours after sign-in after which a dashboard session ends, however busy.",
            kind=int),
    Setting("secure_cookies", "SUSHASAN_SECURE_COOKIES", False,
            "Always mark the session cookie Secure (HTTPS only), also when a proxy does not "
            "say the visit was HTTPS; by default it is Secure whenever the request was.",
            kind=bool),
    Setting("token_days", "SUSHASAN_TOKEN_DAYS", 90,
            "Days a new API token works before it expires (0: never); `users token --days` "
            "overrides it.", kind=int),
    Setting("login_failures_per_user", "SUSHASAN_LOGIN_FAILURES_PER_USER", 5,
            "Failed sign-ins per username (from any address) in a minute before it must wait.",
            kind=int),
    Setting("login_failures_per_address", "SUSHASAN_LOGIN_FAILURES_PER_ADDRESS", 10,
            "Failed sign-ins from one address (for any usernames) in a minute before it must "
            "wait: stops password spraying.", kind=int),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def env_value(name: str, env: Mapping[str, str] | None = None) -> Any:
    """One setting from the environment, else its default: for code that runs before (or
    without) a loaded ``Config``, so that the name of its variable is still written only in
    the table above."""
    s = _BY_NAME[name]
    raw = (os.environ if env is None else env).get(s.env) or s.default
    value = _coerce(s, raw)
    if s.secret:
        return _secret(value)
    return Path(value) if s.kind is Path and value is not None else value

CONFIG_FILE = "sushasan.toml"


@dataclass(frozen=True)
class Config:
    data_dir: Path
    database_url: Secret | None = None
    method: Path | None = None
    coverage_threshold: float | None = None
    engine: str = "duckdb"
    spark_master: str = "local[2]"
    spark_lake_url: str | None = None
    x_bearer_token: Secret | None = None
    x_read_budget: int = 10000
    facebook_access_token: Secret | None = None
    facebook_read_budget: int = 10000
    instagram_access_token: Secret | None = None
    instagram_read_budget: int = 10000
    graph_comment_posts: int = 25
    youtube_api_key: Secret | None = None
    youtube_quota_budget: int = 5000
    x_api_url: str = "https://api.twitter.com/2"
    graph_api_url: str = "https://graph.facebook.com/v21.0"
    youtube_api_url: str = "https://www.googleapis.com/youtube/v3"
    x_user_token: Secret | None = None
    facebook_page_token: Secret | None = None
    youtube_oauth_token: Secret | None = None
    replies_daily_budget: int = 300
    replies_approval: str = ""
    replies_every: str = "5m"
    ingest_every: str = "6h"
    worker_db: Path | None = None
    triage_every: str = "15m"
    disposal_days: int = 21
    level_days: int = 7
    escalation_chain: str = "officer,head_of_department,secretary,chief_secretary"
    second_saturday_off: bool = True
    holidays_dir: Path | None = None
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: Secret | None = None
    smtp_starttls: bool = False
    smtp_sender: str = "sushasan@localhost"
    retention_days: int = 730
    audit_every: str = "off"
    audit_concurrency: int = 4
    audit_max_pages: int = 10
    audit_min_interval: float = 1.0
    audit_timeout: float = 20.0
    audit_site_deadline: float = 300.0
    audit_user_agent: str | None = None
    audit_chromium: str = "/usr/bin/chromium"
    audit_page_budget: int = 50
    audit_link_budget: int = 150
    audit_host_rate: float = 2.0
    progress: str | None = None
    user: str | None = None
    cache_dir: Path | None = None
    font_dir: Path | None = None
    secret_key: Secret | None = None
    session_idle_minutes: int = 60
    session_max_hours: int = 8
    secure_cookies: bool = False
    token_days: int = 90
    login_failures_per_user: int = 5
    login_failures_per_address: int = 10
    sources: dict[str, str] = field(default_factory=dict)
    #: the environment the settings were read from, for the secrets the registry names by
    #: variable (a department's page token); never shown
    environment: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    def named_secret(self, variable: str) -> Secret | None:
        """The secret held in the environment variable ``variable`` (named in the registry,
        so the secret itself is never in a file or the desk), or None when it is unset."""
        return _secret(self.environment.get(variable))

    @classmethod
    def load(cls, env: dict[str, str] | None = None, **overrides: Any) -> Config:
        """Resolve every setting: explicit override > environment > data folder file > default."""
        env = dict(os.environ) if env is None else env
        values: dict[str, Any] = {}
        sources: dict[str, str] = {}
        data_dir = overrides.get("data_dir") or env.get("SUSHASAN_DATA_DIR") or "./sushasan-data"
        file_values = _read_file(Path(data_dir) / CONFIG_FILE)
        for s in SETTINGS:
            if overrides.get(s.name) is not None:
                raw, src = overrides[s.name], "option"
            elif env.get(s.env):
                raw, src = env[s.env], f"env {s.env}"
            elif s.name in file_values:
                raw, src = file_values[s.name], CONFIG_FILE
            else:
                raw, src = s.default, "default"
            values[s.name] = _coerce(s, raw)
            sources[s.name] = src
        kwargs: dict[str, Any] = {}
        for s in SETTINGS:
            v = values[s.name]
            if s.secret:
                v = _secret(v)
            elif s.kind is Path and v is not None:
                v = Path(v)
            kwargs[s.name] = v
        return cls(**kwargs, sources=sources, environment=env)


def _secret(value: Any) -> Secret | None:
    return Secret(str(value)) if value else None


def _read_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")).get("sushasan", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read settings ({exc}); fix or remove the file") from exc


def _coerce(s: Setting, raw: Any) -> Any:
    if raw is None or s.kind is str:
        return raw
    if s.kind is bool and isinstance(raw, str):
        word = raw.strip().lower()
        if word not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
            raise ConfigError(f"setting {s.name} ({s.env}): {raw!r} is not true/false")
        return word in ("1", "true", "yes", "on")
    try:
        return s.kind(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"setting {s.name} ({s.env}): {raw!r} is not a {s.kind.__name__}"
        ) from exc
