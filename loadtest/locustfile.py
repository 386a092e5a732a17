"""The seed's load mix for Locust, the tool the seed's users ran (API.md, "The seed's load mix").

The same weights as the load generator's `seed-mix` scenario (loadtest/.../SeedMix.java): each
user signs in once, makes a campaign to post metrics to, then picks requests by the seed's
counts, plus the PUT the seed had to switch off, at 1% of all requests. The 404 probe is a
success when it gets its 404.

    AO_LOCUST_USERNAME=loadtest AO_LOCUST_PASSWORD=... \
      locust -f loadtest/locustfile.py --host http://127.0.0.1:8080 \
      --headless -u 50 -r 10 -t 60s --csv var/locust/seed-mix

The account needs operator (campaigns are created by operators) and a rate limit that fits the
load (`rate_limit.per_role`): the default 120 requests per minute is per principal, and fifty
users of one account share it. No password is built in: both variables are required.
"""

import os
import uuid

from locust import HttpUser, between, task

USERNAME = os.environ.get("AO_LOCUST_USERNAME", "")
PASSWORD = os.environ.get("AO_LOCUST_PASSWORD", "")
if not USERNAME or not PASSWORD:
    raise SystemExit("set AO_LOCUST_USERNAME and AO_LOCUST_PASSWORD (an operator account)")

# the seed's counts (API.md); the PUT is 1% of the total, as in SeedMix.java
WEIGHTS = {
    "keys": 47,
    "me": 172,
    "campaigns": 159,
    "campaign_metrics": 50,
    "leads": 470,
    "create_lead": 164,
    "read_lead": 126,
    "start_workflow": 597,
    "workflow_status": 243,
    "docs": 120,
    "health": 286,
    "health_detailed": 125,
    "metrics": 53,
    "openapi": 38,
    "not_found": 39,
}
WEIGHTS["replace_lead"] = max(1, sum(WEIGHTS.values()) // 99)


def new_lead():
    return {
        "email": f"locust-{uuid.uuid4().hex}@example.com",
        "first_name": "Load",
        "last_name": "Test",
        "company": "Bench Inc",
        "source": "web_form",
    }


class SeedMixUser(HttpUser):
    # the seed's users paused between requests; Locust's own runs used 1-3 s
    wait_time = between(1, 3)

    def on_start(self):
        reply = self.client.post(
            "/api/auth/login",
            json={"username": USERNAME, "password": PASSWORD},
            name="POST /api/auth/login (once per user)",
        )
        token = reply.json()["access_token"] if reply.status_code == 200 else ""
        self.client.headers["Authorization"] = f"Bearer {token}"
        created = self.client.post(
            "/api/campaigns", json={"name": "load test", "channel": "email"}, name="POST /api/campaigns (once per user)"
        )
        self.campaign_id = created.json().get("id", "missing") if created.status_code == 201 else "missing"
        self.lead_id = None
        self.workflow_id = None

    @task(WEIGHTS["keys"])
    def keys(self):
        self.client.get("/api/auth/keys")

    @task(WEIGHTS["me"])
    def me(self):
        self.client.get("/api/auth/me")

    @task(WEIGHTS["campaigns"])
    def campaigns(self):
        self.client.get("/api/campaigns")

    @task(WEIGHTS["campaign_metrics"])
    def campaign_metrics(self):
        self.client.post(
            f"/api/campaigns/{self.campaign_id}/metrics",
            json={"sent": 10, "delivered": 9, "opened": 3},
            name="POST /api/campaigns/{id}/metrics",
        )

    @task(WEIGHTS["leads"])
    def leads(self):
        self.client.get("/api/leads?limit=20", name="GET /api/leads")

    @task(WEIGHTS["create_lead"])
    def create_lead(self):
        reply = self.client.post("/api/leads", json=new_lead())
        if reply.status_code == 201:
            self.lead_id = reply.json()["id"]

    @task(WEIGHTS["read_lead"])
    def read_lead(self):
        if self.lead_id:
            self.client.get(f"/api/leads/{self.lead_id}", name="GET /api/leads/{id}")

    @task(WEIGHTS["replace_lead"])
    def replace_lead(self):
        if self.lead_id:
            self.client.put(
                f"/api/leads/{self.lead_id}",
                json={**new_lead(), "status": "contacted"},
                name="PUT /api/leads/{id}",
            )

    @task(WEIGHTS["start_workflow"])
    def start_workflow(self):
        reply = self.client.post("/api/workflows", json={"workflow": "lead_intake", "lead": new_lead()})
        if reply.status_code == 202:
            self.workflow_id = reply.json()["workflow_id"]

    @task(WEIGHTS["workflow_status"])
    def workflow_status(self):
        if self.workflow_id:
            self.client.get(f"/api/workflows/{self.workflow_id}/status", name="GET /api/workflows/{id}/status")

    @task(WEIGHTS["docs"])
    def docs(self):
        self.client.get("/docs")

    @task(WEIGHTS["health"])
    def health(self):
        self.client.get("/health")

    @task(WEIGHTS["health_detailed"])
    def health_detailed(self):
        self.client.get("/health/detailed")

    @task(WEIGHTS["metrics"])
    def metrics(self):
        self.client.get("/metrics")

    @task(WEIGHTS["openapi"])
    def openapi(self):
        self.client.get("/openapi.json")

    @task(WEIGHTS["not_found"])
    def not_found(self):
        with self.client.get("/api/nonexistent", name="GET /api/nonexistent (404 expected)", catch_response=True) as reply:
            if reply.status_code == 404:
                reply.success()
            else:
                reply.failure(f"expected 404, got {reply.status_code}")
