"""Portal journeys of the load test (bench/load.py runs locust headless with this file).

Each simulated user logs in through Odoo's login form as one of the portal users in
``BENCH_LOGINS`` (``login:role,...``; password = login) and then, with a pause of 0.5 to
2 s between pages, walks the common journeys: its portal home, the service sheets and
one sheet, the order budgets, the tickets and one ticket, the invoices and one invoice
(roles finance and signatory only, as the portal allows), the reported quantities, the
schools and one school with its devices. An answer other than 200, or a page that sends
the user back to the login form, counts as a failure. With ``BENCH_NODES`` (URLs), the
users are spread over several Odoo nodes; with ``BENCH_CA`` (a certificate file) the
host is the production layout's nginx over HTTPS, whose certificate that file is.
"""
import itertools
import os
import random
import re

from locust import HttpUser, between, task

LOGINS = itertools.cycle([entry.split(":") for entry in
                          os.environ.get("BENCH_LOGINS", "luebtheen:signatory").split(",")])
# several Odoo nodes on one database and filestore (bench/load.py --nodes): each user
# stays with one node, as behind a proxy with sticky sessions
NODES = itertools.cycle([url for url in os.environ.get("BENCH_NODES", "").split(",") if url]
                        or [None])


class PortalUser(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        self.login, self.role = next(LOGINS)
        # through the production layout's nginx: its self-signed certificate
        self.client.verify = os.environ.get("BENCH_CA") or True
        node = next(NODES)
        if node:
            self.client.base_url = node
        page = self.client.get("/web/login", name="/web/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        with self.client.post("/web/login", name="/web/login [POST]", catch_response=True,
                              data={"login": self.login, "password": self.login,
                                    "csrf_token": token}) as response:
            if "oe_login_form" in response.text:
                response.failure("login of %s refused" % self.login)

    def _get(self, url, name=None):
        with self.client.get(url, name=name or url, catch_response=True) as response:
            if response.status_code == 200 and "/web/login" in response.url:
                response.failure("sent back to the login form")
            return response

    def _list_and_record(self, url, pattern, name):
        page = self._get(url)
        ids = re.findall(pattern, page.text or "")
        if ids:
            self._get(pattern.split("(")[0].replace("\\", "") + random.choice(ids), name=name)

    @task(3)
    def home(self):
        self._get("/my")

    @task(2)
    def sheets(self):
        self._list_and_record("/my/service-sheets", r"/my/service-sheets/(\d+)\b",
                              "/my/service-sheets/[id]")

    @task(1)
    def budgets(self):
        self._get("/my/order-budgets")

    @task(3)
    def tickets(self):
        self._list_and_record("/my/tickets", r"/my/ticket/(\d+)", "/my/ticket/[id]")

    @task(2)
    def invoices(self):
        if self.role in ("finance", "signatory"):
            self._list_and_record("/my/invoices", r"/my/invoices/(\d+)\b",
                                  "/my/invoices/[id]")

    @task(1)
    def quantities(self):
        self._get("/my/quantities")

    @task(2)
    def schools(self):
        self._list_and_record("/my/schools", r"/my/schools/(\d+)\b", "/my/schools/[id]")
