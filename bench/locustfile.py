"""The dashboard's users for ``bench/bench_load.py``: a realistic mix, run by locust headless.

Four kinds of user, weighted as a state cell's day looks: the review cell (admins and
reviewers: league table, scorecards, the whole queue and its triage tab, tickets), department
officers (their own queue, their tickets, their scorecard), the public (the transparency page)
and scripts on the API (bearer token: the ticket list page by page, one ticket). A fifth,
light user asks for ``/healthz`` now and then: the baseline measured in the same run, under the
same load. Requests are named by page, so the statistics come out per page.

Settings come from the environment that bench_load.py sets: BENCH_QUARTER, BENCH_DEPARTMENTS
(comma-separated), BENCH_OFFICER_DEPARTMENT, BENCH_PASSWORD, BENCH_TOKEN, and
BENCH_COOKIES_<username> (a signed-in session's cookies, JSON). Imports nothing of
sushasan: locust runs in its own process (and may live in its own environment).
"""

from __future__ import annotations

import json
import os
import random
import re

from locust import HttpUser, between, task

QUARTER = os.environ.get("BENCH_QUARTER", "2024Q3")
DEPARTMENTS = [d for d in os.environ.get("BENCH_DEPARTMENTS", "transport").split(",") if d]
OWN = os.environ.get("BENCH_OFFICER_DEPARTMENT", "transport")
PASSWORD = os.environ.get("BENCH_PASSWORD", "")
TOKEN = os.environ.get("BENCH_TOKEN", "")
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_DOCKET = re.compile(r'class="docket"><a href="/tickets/([^"]+)"')
_MORE = re.compile(r'hx-get="(/tickets\?[^"]*after=[^"]+)"')


class _Staff(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
    username = ""

    def on_start(self) -> None:
        """Reuse the session bench_load.py signed in (as officers stay signed in all day: a
        storm of fresh sign-ins would measure the password hash), else sign in."""
        cookies = json.loads(os.environ.get(f"BENCH_COOKIES_{self.username}", "{}"))
        for name, value in cookies.items():
            self.client.cookies.set(name, value)
        if not cookies:
            page = self.client.get("/login", name="login")
            found = _CSRF.search(page.text)
            token = found.group(1) if found else ""
            self.client.post("/login", name="login", allow_redirects=False,
                             data={"username": self.username, "password": PASSWORD,
                                   "csrf_token": token})
        self.dockets: list[str] = []
        self.more: str | None = None

    def queue(self, path: str) -> None:
        r = self.client.get(path, name="queue")
        self.dockets = _DOCKET.findall(r.text) or self.dockets
        found = _MORE.search(r.text)
        self.more = found.group(1).replace("&amp;", "&") if found else None

    def next_page(self) -> None:
        if self.more:
            r = self.client.get(self.more, name="queue (next page)",
                                headers={"HX-Request": "true"})
            self.dockets = _DOCKET.findall(r.text) or self.dockets

    def ticket(self) -> None:
        if self.dockets:
            self.client.get(f"/tickets/{random.choice(self.dockets)}", name="ticket")


class Cell(_Staff):
    """The review cell: rankings first, then the queue."""

    weight = 4
    username = "bench-reviewer"

    @task(3)
    def league(self) -> None:
        self.client.get(f"/league/{QUARTER}", name="league")

    @task(3)
    def scorecard(self) -> None:
        self.client.get(f"/departments/{random.choice(DEPARTMENTS)}/{QUARTER}",
                        name="scorecard")

    @task(2)
    def whole_queue(self) -> None:
        self.queue(random.choice(["/tickets", "/tickets?triage=true",
                                  f"/tickets?department={random.choice(DEPARTMENTS)}",
                                  "/tickets?overdue=true"]))

    @task(1)
    def deeper(self) -> None:
        self.next_page()

    @task(2)
    def one_ticket(self) -> None:
        self.ticket()


class Officer(_Staff):
    """A department's officer: their own queue and tickets."""

    weight = 4
    username = "bench-officer"

    @task(4)
    def own_queue(self) -> None:
        self.queue(random.choice(["/tickets", "/tickets?overdue=true", "/tickets?state=all"]))

    @task(1)
    def deeper(self) -> None:
        self.next_page()

    @task(3)
    def one_ticket(self) -> None:
        self.ticket()

    @task(1)
    def own_scorecard(self) -> None:
        self.client.get(f"/departments/{OWN}/{QUARTER}", name="scorecard")

    @task(1)
    def league(self) -> None:
        self.client.get(f"/league/{QUARTER}", name="league")


class Public(HttpUser):
    """Citizens and the press on the transparency page."""

    weight = 1
    wait_time = between(1.0, 3.0)

    @task
    def transparency(self) -> None:
        self.client.get(random.choice(["/public", f"/public/{QUARTER}"]), name="public")


class Api(HttpUser):
    """A script reading the desk through the API with a bearer token."""

    weight = 1
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {TOKEN}"
        self.dockets: list[str] = []

    @task(3)
    def tickets(self) -> None:
        r = self.client.get("/api/tickets?limit=50", name="api tickets")
        if r.ok:
            self.dockets = [t["docket"] for t in r.json()] or self.dockets

    @task(2)
    def one(self) -> None:
        if self.dockets:
            self.client.get(f"/api/tickets/{random.choice(self.dockets)}", name="api ticket")

    @task(1)
    def me(self) -> None:
        self.client.get("/api/me", name="api me")


class Health(HttpUser):
    """The baseline: an empty request, under the same load, in the same run."""

    weight = 1
    fixed_count = 2
    wait_time = between(0.2, 0.6)

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", name="healthz")
