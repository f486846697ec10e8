"""Desk tables as SQLAlchemy Core metadata; Alembic migrations create them, tests compare both."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = [
    "REPLY_STATES", "accounts", "api_tokens", "audit_events", "coverage", "departments",
    "docket_counters", "grievance_labels", "imports", "meta", "metadata", "quarantine", "replies",
    "reviews", "snapshots", "source_cursors", "ticket_events", "ticket_pauses", "tickets",
    "triaged", "users", "web_sessions",
]

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

departments = Table(
    "departments",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name_en", Text, nullable=False),
    Column("name_hi", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("parent_id", String(64)),
    Column("keywords", Text, nullable=False, default="[]"),  # JSON list
    Column("website", Text),
    Column("position", Integer, nullable=False, default=0),  # order as in the registry file
    Column("reply_approval", Boolean),  # None: the replies_approval setting decides
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "department_id",
        String(64),
        ForeignKey("departments.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("platform", String(16), nullable=False),
    Column("handle", String(255), nullable=False),
    Column("handle_key", String(255), nullable=False),  # lower-cased, for matching
    Column("platform_id", String(64)),
    Column("sample", Boolean, nullable=False, default=False),
    Column("token_env", String(64)),  # the variable holding its posting token, never the token
    UniqueConstraint("platform", "handle_key", name="uq_accounts_platform_handle"),
)

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("path", Text, nullable=False),
    Column("format", String(32), nullable=False),
    Column("sample", Boolean, nullable=False, default=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("rows_read", Integer, nullable=False, default=0),
    Column("rows_stored", Integer, nullable=False, default=0),
    Column("rows_quarantined", Integer, nullable=False, default=0),
    Column("rows_rejected", Integer, nullable=False, default=0),
)

coverage = Table(
    "coverage",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("import_id", Integer, ForeignKey("imports.id", ondelete="CASCADE"), nullable=False),
    Column("platform", String(16), nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("department_id", String(64), nullable=False),
    Column("source", String(32), nullable=False),
    Column("first_day", Date, nullable=False),
    Column("last_day", Date, nullable=False),
    Column("sample", Boolean, nullable=False, default=False),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("import_id", Integer, ForeignKey("imports.id", ondelete="CASCADE"), nullable=False),
    Column("file", Text, nullable=False),
    Column("row", Integer, nullable=False),
    Column("platform", String(16)),
    Column("account", String(255)),
    Column("reason", Text, nullable=False),
    Column("raw", Text, nullable=False),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("quarter", String(8), nullable=False),
    Column("data", String(8), nullable=False),  # "real" or "sample"
    Column("method_version", String(32), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("result_sha256", String(64), nullable=False),
    Column("top3", Text, nullable=False),  # JSON list of department ids
)

snapshots = Table(
    "snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("quarter", String(8), nullable=False),
    Column("data", String(8), nullable=False),  # "real" or "sample"
    Column("version", Integer, nullable=False),
    Column("method_version", String(32), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("published_by", String(255), nullable=False),
    Column("inputs_sha256", String(64), nullable=False),
    Column("result_sha256", String(64), nullable=False),
    Column("result", Text, nullable=False),  # the review JSON, exactly as published
    Column("diff", Text),  # JSON: what changed against the previous version
    UniqueConstraint("quarter", "data", "version", name="uq_snapshots_version"),
)

source_cursors = Table(
    "source_cursors",
    metadata,
    Column("platform", String(16), primary_key=True),
    Column("account", String(255), primary_key=True),  # lower-cased handle
    Column("endpoint", String(32), primary_key=True),
    Column("state", Text, nullable=False),  # JSON, e.g. {"since_id": ..., "pending": {...}}
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


# --- grievance desk (migration 0004) -------------------------------------------------------------

#: Every citizen interaction that triage has looked at, grievance or not, so a second run (or a
#: run after a crash) skips it. Only ids and scores: the text stays in the lake.
triaged = Table(
    "triaged",
    metadata,
    Column("platform", String(16), primary_key=True),
    Column("interaction_id", String(128), primary_key=True),
    Column("triaged_at", DateTime(timezone=True), nullable=False),
    Column("is_grievance", Boolean, nullable=False),
    Column("grievance_score", Float, nullable=False),
    Column("docket", String(32)),
    Column("sample", Boolean, nullable=False, default=False),
)

docket_counters = Table(
    "docket_counters",
    metadata,
    Column("prefix", String(16), primary_key=True),  # e.g. "SUS-2024" or "SMP-2024" for sample
    Column("last", Integer, nullable=False),
)

tickets = Table(
    "tickets",
    metadata,
    Column("docket", String(32), primary_key=True),
    Column("platform", String(16), nullable=False),
    Column("interaction_id", String(128), nullable=False),
    Column("department_id", String(64)),  # None: waiting in the review cell's triage queue
    Column("addressed_department_id", String(64)),  # whose account the citizen wrote to
    Column("needs_triage", Boolean, nullable=False, default=False),
    Column("routing_score", Float, nullable=False, default=0.0),
    Column("routing_reasons", Text, nullable=False, default="[]"),  # JSON list
    Column("grievance_score", Float, nullable=False, default=0.0),
    Column("language", String(16)),
    Column("text", Text, nullable=False),  # personal data: shown unredacted to the owner only
    Column("author_handle", String(255)),
    Column("place", String(64)),
    Column("district", String(64)),
    Column("state", String(24), nullable=False),
    Column("level", Integer, nullable=False, default=0),
    Column("level_started_at", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("appeal_due_at", DateTime(timezone=True)),
    Column("reopened_at", DateTime(timezone=True)),
    Column("acknowledged_at", DateTime(timezone=True)),
    Column("interim_reply_at", DateTime(timezone=True)),
    Column("disposed_at", DateTime(timezone=True)),
    Column("closed_at", DateTime(timezone=True)),
    Column("resolution", String(32)),
    Column("reply", Text),
    Column("rating", Integer),
    Column("reopen_count", Integer, nullable=False, default=0),
    Column("transfer_count", Integer, nullable=False, default=0),
    Column("assigned_to", String(255)),
    Column("merged_into", String(32)),
    Column("sample", Boolean, nullable=False, default=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("platform", "interaction_id", name="uq_tickets_interaction"),
    Index("ix_tickets_department_state", "department_id", "state"),
    Index("ix_tickets_state_received", "state", "received_at"),  # migration 0006
    Index("ix_tickets_received_docket", "received_at", "docket"),
)

#: The audit trail: one row per change, written by the actions layer only and never updated
#: (the migration adds triggers that refuse UPDATE and DELETE).
ticket_events = Table(
    "ticket_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("docket", String(32), ForeignKey("tickets.docket"), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(255), nullable=False),
    Column("action", String(32), nullable=False),
    Column("from_state", String(24)),
    Column("to_state", String(24)),
    Column("from_department", String(64)),
    Column("to_department", String(64)),
    Column("reason", Text),
    Column("details", Text, nullable=False, default="{}"),  # JSON
)

#: Spans when the clock stood still because the desk was waiting for the citizen.
ticket_pauses = Table(
    "ticket_pauses",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("docket", String(32), ForeignKey("tickets.docket"), nullable=False, index=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
)

#: Officers' corrections, the learning loop's labels: "not a grievance", "wrong department".
grievance_labels = Table(
    "grievance_labels",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("docket", String(32)),
    Column("text", Text, nullable=False),
    Column("language", String(16)),
    Column("is_grievance", Boolean, nullable=False),
    Column("department_id", String(64)),
    Column("actor", String(255), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("sample", Boolean, nullable=False, default=False),
)


# -- dashboard accounts (web) -----------------------------------------------------------------
# People who sign in to the dashboard. Passwords are Argon2 hashes; officers carry the one
# department they may see, so every scoped query can filter on it.
users = Table(
    "users",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),  # admin, reviewer, officer
    Column("department_id", String(64), ForeignKey("departments.id", ondelete="RESTRICT")),
    Column("language", String(8)),  # the dashboard language the person chose last (hi/en)
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Bearer tokens for scripts: only a SHA-256 of the token is kept (tokens are 256 random bits,
# so a fast hash is enough and lookups stay one indexed query).
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column(
        "username", String(64), ForeignKey("users.username", ondelete="CASCADE"), nullable=False
    ),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    # migration 0008: "read" tokens may only read (GET/HEAD); "write" ones act as the user does.
    Column("scope", String(8), nullable=False, default="write", server_default="write"),
    Column("expires_at", DateTime(timezone=True)),  # None: never (tokens issued before 0008)
)

# Dashboard sign-ins (migration 0008): the cookie carries a random session id, this table its
# SHA-256, so signing out, a password change or disabling the account ends every session at
# once; idle and absolute timeouts are checked against these times on every request.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id_sha256", String(64), primary_key=True),
    Column(
        "username", String(64), ForeignKey("users.username", ondelete="CASCADE"), nullable=False,
        index=True,
    ),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("address", String(64)),
)

# The audit trail: one row per change to what people may see or do (accounts, tokens, the
# registry, settings, publications, tickets, purges, simulations), written in the same
# transaction as the change itself. JSON before/after never hold a password or token hash.
audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(255), nullable=False),
    Column("action", String(48), nullable=False),
    Column("object_kind", String(32), nullable=False),
    Column("object_id", String(255), nullable=False),
    Column("before", Text),  # JSON, or null for a creation
    Column("after", Text),  # JSON, or null for a deletion
    Index("ix_audit_events_object", "object_kind", "object_id"),
    Index("ix_audit_events_at", "at"),
)


# The outbox (migration 0009): replies from the desk to the citizen's own post or comment. The
# idempotency key makes "queue this reply" safe to repeat; the state says where the reply is:
# draft → awaiting_approval → queued → sending → sent, or failed (with the platform's message),
# or unknown_check_by_hand when an answer was lost after the platform may have posted it (never
# posted twice). Written by desk/replies.py only, each change with its audit row.
REPLY_STATES = ("draft", "awaiting_approval", "queued", "sending", "sent", "failed",
                "unknown_check_by_hand")
replies = Table(
    "replies",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("idempotency_key", String(96), nullable=False, unique=True),
    Column("docket", String(32), ForeignKey("tickets.docket"), nullable=False, index=True),
    Column("purpose", String(16), nullable=False),  # acknowledge, details, interim, dispose
    Column("platform", String(16), nullable=False),
    Column("in_reply_to", String(128), nullable=False),  # the citizen's post or comment id
    Column("department_id", String(64)),
    Column("text", Text, nullable=False),
    Column("state", String(24), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("platform_id", String(128)),
    Column("url", Text),
    Column("error", Text),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(255), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    Column("sample", Boolean, nullable=False, default=False),
    # public: on the citizen's post; private: a private reply to their comment (Graph), for
    # text that must not be public (migration 0011)
    Column("channel", String(8), nullable=False, default="public", server_default="public"),
    Index("ix_replies_state_platform", "state", "platform"),
)
