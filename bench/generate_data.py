#!/usr/bin/env python3
"""Fill a database with a large KSM: Träger, schools, devices, service sheets, tickets,
invoices, for the page benchmark and the load test.

    .venv/bin/python bench/generate_data.py --size small --db ksm_bench_small
    .venv/bin/python bench/generate_data.py --size large --db ksm_bench_large
    .venv/bin/python bench/generate_data.py --traeger 150 --schools 1500 --devices 60000 \
        --sheets 1000 --sheet-lines 20000 --tickets 100000 --invoices 10000

The database is a copy of ``ksm_bench_installed``: the test template (Odoo's modules
with demo data and German) with the three ksm modules installed, made on the first call
and with ``--reinstall`` (after a change of the modules). So it holds the demo data too (the Träger Stadt
Lübtheen, Landeshauptstadt Schwerin, ... with memberships, resolutions, order budgets,
projects, quantity reports). The generated Träger come on top, until there are
``--traeger`` Träger in all.

Distribution: Träger differ in size like a Landkreis and a small Amt do; Träger number
``i`` (by size) gets a share proportional to ``1/sqrt(i)`` of the schools, devices,
sheets, tickets and invoices. The largest is the demo Träger Stadt Lübtheen, whose demo
records (membership, resolutions, budgets, projects) the benchmark needs; its portal user
``luebtheen`` (password ``luebtheen``) is the benchmark user. Every generated Träger
``Bench-Träger NNNN`` has three portal users, one per role, login = password:
``bench-NNNN-signatory``, ``bench-NNNN-finance`` and ``bench-NNNN-it``. The back-office
user ``bench-office`` (password ``bench-office``) is KSM manager, billing clerk and
service desk.

What is made how, and why that is safe:

* through the ORM (all business logic runs): the Träger, their contacts and portal users,
  the catalogue services with prices, the schools (each creates its contact), the service
  sheets with their lines (stored amounts, names, constraints), and per Träger a few
  *seed* tickets (service level deadlines, Träger, sheet line, team) and one *seed*
  invoice (draft, three lines, computed amounts);
* by SQL, multi-row ``INSERT ... SELECT``:
  - devices: every column written explicitly; the two stored computed fields are what
    their computes give for a device without replacement service:
    ``service_life_end`` = purchase date + the company's service life,
    ``replacement_cost`` = purchase value;
  - tickets: copies of the Träger's seed tickets. Every column is copied, so the stored
    computed and related fields (Träger, service category, SLA met) stay those the ORM
    computed; only the number (taken from the ticket sequence), the title, the school (one
    of the same Träger's, for a school's ticket) and the dates change, and every
    date/time column of a copy moves back by the same whole number of weeks, so
    deadlines keep their distance in working hours. Followers are copied too.
  - invoices: copies of the Träger's seed invoice with its lines and followers (the
    portal shows a Träger the invoices it follows), state ``open`` with a number of
    their own (``RE/<year>/B<nnnnnn>``), dates moved back by whole weeks. The copies
    have no journal entry: the portal pages and lists read the invoice and its lines,
    not the accounting. For the benchmark Träger a copy of its seed invoice is validated
    through the ORM (journal entry, XRechnung), so its record pages have a real invoice.
  Nothing inserted by SQL gets creation messages, like ``mail_create_nolog``.

Prints the time per entity; a progress bar runs on stderr.
"""
import argparse
import datetime
import math
import os
import random
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.odoo_env import (KSM_MODULES, base_template, copy_database,  # noqa: E402
                            database_exists, drop_database, odoo_command)

LOG = os.path.join(ROOT, "var", "log", "bench-generate.log")
INSTALLED = "ksm_bench_installed"
BENCH_TRAEGER_XMLID = "ksm_membership.partner_luebtheen"
OFFICE_LOGIN = "bench-office"
PREFIX = "Bench-Träger"

SIZES = {
    "small": dict(traeger=15, schools=100, devices=3000, sheets=100, sheet_lines=2000,
                  tickets=5000, invoices=500),
    "large": dict(traeger=150, schools=1500, devices=60000, sheets=1000, sheet_lines=20000,
                  tickets=100000, invoices=10000),
}
ROLES = ("signatory", "finance", "it")
SCHOOL_TYPES = ("grundschule", "regionale_schule", "gymnasium", "gesamtschule",
                "foerderschule", "berufliche_schule")
DEVICE_KINDS = (("pc", "PC", 40), ("notebook", "Notebook", 25), ("tablet", "Tablet", 20),
                ("display", "Interaktives Display", 6), ("printer", "Drucker", 5),
                ("network", "Switch", 3), ("server", "Server", 1))
MANUFACTURERS = ("Dell", "HP", "Lenovo", "Fujitsu", "Apple", "Samsung")
TICKET_TITLES = (
    "Drucker im Bürgerbüro druckt nicht", "Kein Zugriff auf das Fachverfahren",
    "Passwort zurücksetzen", "E-Mail-Postfach voll", "VPN-Verbindung bricht ab",
    "Neuer Arbeitsplatz für Mitarbeiterin", "Bildschirm flackert", "Software-Update nötig",
    "Scanner wird nicht erkannt", "Telefonanlage: Rufumleitung einrichten",
    "WLAN im Lehrerzimmer langsam", "Tablet-Koffer: Geräte laden nicht",
    "Interaktive Tafel ohne Bild", "Notebook startet nicht", "Zugang für Referendarin",
)
# (title of the seed, on a school, closed)
TICKET_SEEDS = ((0, False, False), (1, False, True), (2, False, True),
                (10, True, False), (12, True, True))


class Progress:
    """A progress bar on stderr (tqdm is not in the project's environment)."""

    def __init__(self, label, total):
        self.label, self.total, self.done = label, max(total, 1), 0
        self.started = time.time()
        self._draw()

    def update(self, count=1):
        self.done += count
        self._draw()

    def _draw(self):
        width = 30
        filled = int(width * min(self.done, self.total) / self.total)
        sys.stderr.write("\r  %-14s [%s%s] %d/%d %.0f s" % (
            self.label, "#" * filled, "." * (width - filled), self.done, self.total,
            time.time() - self.started))
        sys.stderr.flush()

    def close(self):
        sys.stderr.write("\n")
        sys.stderr.flush()


def add_years(day, years):
    """``day`` ``years`` later (29 February becomes 28 February), as relativedelta does."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def shares(total, weights, minimum=0):
    """``total`` split by ``weights`` into integers that add up to ``total``."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [max(minimum, int(r)) for r in raw]
    rest = total - sum(counts)
    order = sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for i in order[:max(rest, 0)]:
        counts[i] += 1
    return counts


class Generator:
    def __init__(self, env, sizes, seed=4711):
        from odoo.addons.l10n_de_xrechnung.tools import leitweg_check_digits
        self.leitweg_check_digits = leitweg_check_digits
        self.env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True,
                                    mail_create_nosubscribe=True, mail_notrack=True,
                                    no_reset_password=True, lang="de_DE"))
        self.cr = env.cr
        self.sizes = sizes
        self.random = random.Random(seed)
        self.company = self.env.ref("base.main_company")
        self.year = datetime.date.today().year
        self.timings = []

    def timed(self, label, function, *args):
        started = time.time()
        result = function(*args)
        self.timings.append((label, time.time() - started))
        print("%-22s %7.1f s" % (label, time.time() - started), flush=True)
        return result

    def run(self):
        self.timed("back-office user", self.make_office_user)
        self.traeger = self.timed("Träger + portal users", self.make_traeger)
        weights = [1 / math.sqrt(i) for i in range(1, len(self.traeger) + 1)]
        self.weights = weights
        self.services = self.timed("catalogue services", self.make_services)
        self.schools = self.timed("schools", self.make_schools)
        self.timed("devices (SQL)", self.make_devices)
        self.timed("service sheets", self.make_sheets)
        self.timed("tickets (seeds+SQL)", self.make_tickets)
        self.timed("invoices (seeds+SQL)", self.make_invoices)
        self.cr.execute("ANALYZE")
        return self.timings

    # ------------------------------------------------------------------ Träger
    def make_office_user(self):
        """KSM staff who work the lists: KSM manager, billing, service desk."""
        if self.env["res.users"].search([("login", "=", OFFICE_LOGIN)]):
            return
        groups = [self.env.ref(xmlid).id for xmlid in (
            "base.group_user", "ksm_base.group_ksm_manager",
            "account.group_account_invoice", "helpdesk_mgmt.group_helpdesk_user")]
        self.env["res.users"].create({
            "name": "KSM Sachbearbeitung (Last)", "login": OFFICE_LOGIN,
            "password": OFFICE_LOGIN, "email": "sachbearbeitung@ksm-mv.example",
            "lang": "de_DE", "tz": "Europe/Berlin", "groups_id": [(6, 0, groups)]})

    def make_traeger(self):
        Partner = self.env["res.partner"]
        bench = self.env.ref(BENCH_TRAEGER_XMLID)
        existing = Partner.search([("ksm_is_traeger", "=", True), ("id", "!=", bench.id)],
                                  order="id")
        traeger = bench | existing
        missing = max(self.sizes["traeger"] - len(traeger), 0)
        portal = self.env.ref("base.group_portal")
        germany = self.env.ref("base.de")
        progress = Progress("Träger", missing)
        for number in range(1, missing + 1):
            code = "%04d" % number
            fine = "B%s" % code
            county = "13076%03d" % (number % 1000)
            partner = Partner.create({
                "name": "%s %s" % (PREFIX, code), "ref": "B%s" % code, "is_company": True,
                "customer": True, "ksm_is_traeger": True, "lang": "de_DE",
                "street": "Markt %d" % number, "zip": "19%03d" % (number % 1000),
                "city": "Benchhausen", "country_id": germany.id,
                "email": "rechnung-%s@bench.example" % code,
                "leitweg_id": "%s-%s-%s" % (county, fine,
                                                self.leitweg_check_digits(county, fine)),
            })
            for role in ROLES:
                login = "bench-%s-%s" % (code, role)
                self.env["res.users"].create({
                    "name": "%s %s (%s)" % (PREFIX, code, role), "login": login,
                    "password": login, "email": "%s@bench.example" % login,
                    "parent_id": partner.id, "lang": "de_DE", "tz": "Europe/Berlin",
                    "ksm_role_%s" % role: True,
                    "groups_id": [(6, 0, portal.ids)],
                })
            traeger |= partner
            progress.update()
        progress.close()
        return traeger

    def make_services(self):
        """Yearly catalogue services priced for the last fifteen years and the next."""
        tax = self.env.ref("l10n_de_xrechnung.tax_not_taxable_2b")
        unit = self.env.ref("ksm_services.product_uom_workplace")
        categories = ("operation", "application_maintenance", "operation", "school_it")
        services = self.env["product.product"]
        years = range(self.year - 15, self.year + 2)
        for number in range(1, 25):
            code = "BENCH-SVC-%02d" % number
            service = services.search([("default_code", "=", code)])
            if not service:
                service = services.create({
                    "name": "Leistung %02d (Last)" % number, "default_code": code,
                    "type": "service", "ksm_is_catalogue": True,
                    "ksm_category": categories[number % 4], "ksm_billing_rhythm": "yearly",
                    "uom_id": unit.id, "uom_po_id": unit.id, "taxes_id": [(6, 0, tax.ids)],
                    "ksm_price_ids": [(0, 0, {"year": year, "price": 110.0 + 6.85 * number})
                                      for year in years],
                })
            services |= service
        return services

    # ------------------------------------------------------------------ schools, devices
    def make_schools(self):
        School = self.env["ksm.school"]
        counts = shares(self.sizes["schools"], self.weights)
        progress = Progress("schools", sum(counts))
        schools = {}
        for partner, count in zip(self.traeger, counts):
            schools[partner.id] = School.search([("partner_id", "=", partner.id)]).ids
            for number in range(1, count + 1):
                schools[partner.id].append(School.create({
                    "name": "%s Schule %d (%s)" % (
                        ("Grundschule", "Regionale Schule", "Gymnasium")[number % 3], number,
                        partner.name),
                    "partner_id": partner.id, "school_type": SCHOOL_TYPES[number % 6],
                    "pupil_count": 80 + (number * 37) % 700,
                    "teacher_count": 8 + (number * 7) % 50,
                    "street": "Schulstraße %d" % number, "city": partner.city or "Benchhausen",
                }).id)
                progress.update()
        progress.close()
        return schools

    def make_devices(self):
        counts = shares(self.sizes["devices"], self.weights)
        progress = Progress("devices", sum(counts))
        self.cr.execute("SELECT ksm_device_replacement_years FROM res_company WHERE id = %s",
                        [self.company.id])
        life_years = self.cr.fetchone()[0]
        kinds = [kind for kind in DEVICE_KINDS for _ in range(kind[2])]
        today = datetime.date.today()
        uid = self.env.uid
        for partner, count in zip(self.traeger, counts):
            schools = self.schools.get(partner.id) or []
            rows = []
            for number in range(1, count + 1):
                kind, label, _weight = self.random.choice(kinds)
                purchase = today - datetime.timedelta(days=self.random.randint(30, 9 * 365))
                value = round(self.random.uniform(180, 2400), 2)
                school = schools[number % len(schools)] if schools and number % 5 else None
                rows.append((
                    "%s %d" % (label, number), partner.id, kind,
                    self.random.choice(MANUFACTURERS), "Modell %d" % (number % 17),
                    "SN-%d-%06d" % (partner.id, number),
                    "Schule" if school else "Rathaus, Raum %d" % (number % 40),
                    purchase, value, "own", purchase + datetime.timedelta(days=3 * 365),
                    self.company.id, True,
                    add_years(purchase, life_years), value, school, uid, uid))
            for start in range(0, len(rows), 2000):
                chunk = rows[start:start + 2000]
                values = ",".join(self.cr.mogrify(
                    "(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,"
                    "now() at time zone 'UTC', now() at time zone 'UTC')", row).decode()
                    for row in chunk)
                self.cr.execute(
                    "INSERT INTO ksm_device (name, partner_id, kind, manufacturer, "
                    "device_model, serial, location, purchase_date, purchase_value, "
                    "funding_source, warranty_end, company_id, active, service_life_end, "
                    "replacement_cost, school_id, create_uid, write_uid, create_date, "
                    "write_date) VALUES " + values)
                progress.update(len(chunk))
        progress.close()

    # ------------------------------------------------------------------ sheets
    def make_sheets(self):
        Sheet = self.env["ksm.service.sheet"]
        counts = shares(self.sizes["sheets"], self.weights, minimum=1)
        per_sheet = max(1, round(self.sizes["sheet_lines"] / float(self.sizes["sheets"])))
        progress = Progress("sheets", sum(counts))
        school_services = self.services.filtered(lambda s: s.ksm_category == "school_it")
        other_services = self.services - school_services
        for partner, count in zip(self.traeger, counts):
            self.cr.execute("SELECT year, scope, max(revision) FROM ksm_service_sheet "
                            "WHERE partner_id = %s GROUP BY year, scope", [partner.id])
            revisions = {(year, scope): revision for year, scope, revision in self.cr.fetchall()}
            schools = self.schools.get(partner.id) or []
            scopes = ("administration", "school_it") if schools else ("administration",)
            # the years and scopes the Träger has no sheet of yet (the demo has some)
            slots = [(self.year - back, scope) for back in range(0, 15) for scope in scopes
                     if (self.year - back, scope) not in revisions]
            for index in range(count):
                year, scope = slots[index % len(slots)]
                revision = revisions.get((year, scope), 0) + 1
                revisions[(year, scope)] = revision
                services = school_services if scope == "school_it" else other_services
                lines = []
                for position in range(per_sheet):
                    values = {"product_id": services[position % len(services)].id,
                              "sequence": position,
                              "quantity": 1 + (index * 7 + position * 3) % 60}
                    if scope == "school_it":
                        values["ksm_school_id"] = schools[position % len(schools)]
                    lines.append((0, 0, values))
                sheet = Sheet.create({"partner_id": partner.id, "year": year, "scope": scope,
                                      "revision": revision, "line_ids": lines})
                if index + len(slots) < count:
                    state = "superseded"  # a later revision of the same year follows
                else:
                    state = "active" if year == self.year else "closed"
                sheet._set_state(state)  # synthetic data in a given state, as demo data
                progress.update()
        progress.close()

    # ------------------------------------------------------------------ cloning
    def _columns(self, table):
        self.cr.execute("SELECT column_name, data_type FROM information_schema.columns "
                        "WHERE table_name = %s AND column_name != 'id'", [table])
        return self.cr.fetchall()

    def _next_ids(self, table, count):
        self.cr.execute("SELECT nextval(%s) FROM generate_series(1, %s)",
                        ["%s_id_seq" % table, count])
        return [row[0] for row in self.cr.fetchall()]

    def _clone(self, table, mapping, overrides, children=(), followers_model=None):
        """Copies of seed rows of ``table``.

        :param mapping: rows (new_id, seed_id, weeks, number, label, extra)
        :param overrides: column -> SQL expression over ``s`` (seed row) and ``m`` (map);
            date and timestamp columns not overridden move back by ``m.weeks`` weeks
        :param children: (table, foreign key) whose rows of the seed are copied too
        """
        self.cr.execute("DROP TABLE IF EXISTS bench_map")
        self.cr.execute("CREATE TEMP TABLE bench_map (new_id int, seed_id int, weeks int, "
                        "number varchar, label varchar, extra int)")
        for start in range(0, len(mapping), 5000):
            self.cr.execute("INSERT INTO bench_map VALUES " + ",".join(
                self.cr.mogrify("(%s,%s,%s,%s,%s,%s)", row).decode()
                for row in mapping[start:start + 5000]))
        columns, exprs = ["id"], ["m.new_id"]
        for column, data_type in self._columns(table):
            columns.append('"%s"' % column)
            if column in overrides:
                exprs.append(overrides[column])
            elif data_type in ("date", "timestamp without time zone"):
                exprs.append('(s."%s" - m.weeks * interval \'7 days\')::%s' % (
                    column, "date" if data_type == "date" else "timestamp"))
            else:
                exprs.append('s."%s"' % column)
        self.cr.execute("INSERT INTO %s (%s) SELECT %s FROM bench_map m JOIN %s s "
                        "ON s.id = m.seed_id" % (table, ",".join(columns), ",".join(exprs),
                                                 table))
        for child, key in children:
            columns = [c for c, _t in self._columns(child)]
            exprs = ["m.new_id" if c == key else 'c."%s"' % c for c in columns]
            self.cr.execute('INSERT INTO %s (%s) SELECT %s FROM bench_map m JOIN %s c '
                            'ON c."%s" = m.seed_id' % (
                                child, ",".join('"%s"' % c for c in columns), ",".join(exprs),
                                child, key))
        if followers_model:
            self.cr.execute(
                "INSERT INTO mail_followers (res_model, res_id, partner_id, channel_id) "
                "SELECT f.res_model, m.new_id, f.partner_id, f.channel_id FROM bench_map m "
                "JOIN mail_followers f ON f.res_model = %s AND f.res_id = m.seed_id "
                "RETURNING id", [followers_model])
            self.cr.execute(
                "INSERT INTO mail_followers_mail_message_subtype_rel "
                "(mail_followers_id, mail_message_subtype_id) "
                "SELECT n.id, r.mail_message_subtype_id FROM mail_followers n "
                "JOIN bench_map m ON n.res_model = %s AND n.res_id = m.new_id "
                "JOIN mail_followers o ON o.res_model = n.res_model AND o.res_id = m.seed_id "
                "AND o.partner_id IS NOT DISTINCT FROM n.partner_id "
                "AND o.channel_id IS NOT DISTINCT FROM n.channel_id "
                "JOIN mail_followers_mail_message_subtype_rel r "
                "ON r.mail_followers_id = o.id", [followers_model])
        self.cr.execute("SELECT setval(%s, (SELECT max(id) FROM %s))" % ("%s", table),
                        ["%s_id_seq" % table])

    def _sequence_numbers(self, code, count):
        """``count`` numbers of the sequence ``code`` (as next_by_code would give)."""
        sequence = self.env["ir.sequence"].search([("code", "=", code)], limit=1)
        if sequence.implementation == "standard":
            self.cr.execute("SELECT nextval('ir_sequence_%03d') FROM generate_series(1, %%s)"
                            % sequence.id, [count])
            return [sequence.get_next_char(row[0]) for row in self.cr.fetchall()]
        first = sequence.number_next
        sequence.write({"number_next": first + count * sequence.number_increment})
        return [sequence.get_next_char(first + index * sequence.number_increment)
                for index in range(count)]

    # ------------------------------------------------------------------ tickets
    def make_tickets(self):
        Ticket = self.env["helpdesk.ticket"]
        closed = self.env["helpdesk.ticket.stage"].search([("closed", "=", True)], limit=1)
        operation = self.services.filtered(lambda s: s.ksm_category == "operation")[:1]
        school_service = self.services.filtered(lambda s: s.ksm_category == "school_it")[:1]
        counts = shares(self.sizes["tickets"], self.weights)
        progress = Progress("ticket seeds", len(self.traeger))
        mapping_seeds = []
        for partner, count in zip(self.traeger, counts):
            reporter = partner.child_ids.filtered(lambda c: c.user_ids)[:1] or partner
            schools = self.schools.get(partner.id) or []
            seeds = []
            for title, on_school, is_closed in TICKET_SEEDS:
                if on_school and not schools:
                    continue
                values = {
                    "name": TICKET_TITLES[title], "partner_id": reporter.id,
                    "partner_name": reporter.name, "partner_email": reporter.email,
                    "description": "<p>%s. Bitte um Rückmeldung.</p>" % TICKET_TITLES[title],
                    "ksm_service_id": (school_service if on_school else operation).id,
                    "priority": str(1 + title % 3),
                }
                if on_school:
                    values["ksm_school_id"] = schools[0]
                ticket = Ticket.create(values)
                if is_closed:
                    ticket.write({"stage_id": closed.id})
                seeds.append(ticket.id)
            mapping_seeds.append((seeds, max(count - len(seeds), 0), schools))
            progress.update()
        progress.close()
        total = sum(count for _seeds, count, _schools in mapping_seeds)
        progress = Progress("tickets", total)
        numbers = self._sequence_numbers("helpdesk.ticket.sequence", total)
        ids = self._next_ids("helpdesk_ticket", total)
        mapping, position = [], 0
        for seeds, count, schools in mapping_seeds:
            for index in range(count):
                mapping.append((ids[position], seeds[index % len(seeds)],
                                1 + index * 52 * 6 // max(count, 1),
                                numbers[position],
                                TICKET_TITLES[self.random.randrange(len(TICKET_TITLES))],
                                schools[index % len(schools)] if schools else None))
                position += 1
        for start in range(0, len(mapping), 20000):
            self._clone("helpdesk_ticket", mapping[start:start + 20000],
                        {"number": "m.number", "name": "m.label",
                         # a school's ticket is for one of the Träger's schools
                         "ksm_school_id": "CASE WHEN s.ksm_school_id IS NULL THEN NULL "
                                          "ELSE m.extra END"},
                        followers_model="helpdesk.ticket")
            progress.update(len(mapping[start:start + 20000]))
        progress.close()

    # ------------------------------------------------------------------ invoices
    def make_invoices(self):
        Invoice = self.env["account.invoice"]
        account = self.env["account.account"].search([
            ("code", "=", "8200"), ("company_id", "=", self.company.id)], limit=1) \
            or self.env["account.account"].search([("internal_type", "=", "other")], limit=1)
        counts = shares(self.sizes["invoices"], self.weights)
        progress = Progress("invoice seeds", len(self.traeger))
        seeds = []
        bench = self.env.ref(BENCH_TRAEGER_XMLID)
        for partner, count in zip(self.traeger, counts):
            invoice = Invoice.create({
                "partner_id": partner.id, "type": "out_invoice",
                "date_invoice": "%d-01-15" % self.year,
                "invoice_line_ids": [(0, 0, {
                    "name": service.display_name, "product_id": service.id,
                    "account_id": account.id, "quantity": 1 + (partner.id + index) % 25,
                    "price_unit": 110.0 + 6.85 * index,
                    "invoice_line_tax_ids": [(6, 0, [])]})
                    for index, service in enumerate(self.services[:3], 1)],
            })
            invoice.message_subscribe(partner_ids=partner.ids)
            if partner == bench:
                validated = invoice.copy()
                validated.message_subscribe(partner_ids=partner.ids)
                validated.action_invoice_open()
                count -= 1
            seeds.append((invoice.id, count))
            progress.update()
        progress.close()
        total = sum(count for _seed, count in seeds)
        progress = Progress("invoices", total)
        ids = self._next_ids("account_invoice", total)
        mapping, position = [], 0
        for seed, count in seeds:
            for index in range(count):
                mapping.append((ids[position], seed, 4 + index * 52 * 5 // max(count, 1),
                                "RE/%d/B%06d" % (self.year, position + 1), None, None))
                position += 1
        self._clone("account_invoice", mapping, {
            "number": "m.number", "move_name": "m.number", "reference": "NULL",
            "state": "'open'", "move_id": "NULL", "access_token": "NULL",
            "reconciled": "false", "residual": "s.amount_total",
            "residual_signed": "s.amount_total_signed",
            "residual_company_signed": "s.amount_total_company_signed"}, children=(("account_invoice_line", "invoice_id"),),
            followers_model="account.invoice")
        progress.update(total)
        progress.close()


def build_database(dbname, reinstall=False):
    """``dbname`` as a copy of ``ksm_bench_installed``: the test template with the ksm
    modules (and their demo data) installed, made first when missing or asked for."""
    import subprocess
    if reinstall or not database_exists(INSTALLED):
        building = INSTALLED + "_building"
        copy_database(base_template(LOG.replace(".log", "-base.log")), building)
        subprocess.check_call(odoo_command([
            "-d", building, "-i", ",".join(KSM_MODULES), "--stop-after-init", "--logfile",
            LOG, "--log-level=warn", "--max-cron-threads=0", "--workers=0"]), cwd=ROOT)
        drop_database(INSTALLED)
        copy_database(building, INSTALLED)
        drop_database(building)
    copy_database(INSTALLED, dbname)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small",
                        help="preset of the sizes below (small)")
    parser.add_argument("--db", help="database to create (ksm_bench_<size>)")
    for name in SIZES["large"]:
        parser.add_argument("--" + name.replace("_", "-"), type=int,
                            help="number of %s (preset: small %d, large %d)" % (
                                name.replace("_", " "), SIZES["small"][name],
                                SIZES["large"][name]))
    parser.add_argument("--reinstall", action="store_true",
                        help="install the ksm modules anew (after a change of the modules)")
    args = parser.parse_args()
    sizes = dict(SIZES[args.size])
    for name in sizes:
        if getattr(args, name) is not None:
            sizes[name] = getattr(args, name)
    dbname = args.db or "ksm_bench_%s" % args.size
    if not dbname.startswith("ksm_bench"):
        parser.error("the database name must start with ksm_bench")
    os.makedirs(os.path.dirname(LOG), exist_ok=True)
    started = time.time()
    print("Database %s: %s" % (dbname, ", ".join("%s %d" % item for item in sizes.items())),
          flush=True)
    build_database(dbname, args.reinstall)
    print("%-22s %7.1f s" % ("database", time.time() - started), flush=True)
    from bench.invoice_run import close, start_odoo
    odoo = start_odoo(LOG)
    with odoo.api.Environment.manage():
        with odoo.registry(dbname).cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            Generator(env, sizes).run()
        close(odoo, dbname)
    print("%-22s %7.1f s" % ("total", time.time() - started), flush=True)


if __name__ == "__main__":
    main()
