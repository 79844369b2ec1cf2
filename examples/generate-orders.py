#!/usr/bin/env python3
"""Write the example orders of orderctl, or check a JSON Lines file of orders.

    generate-orders.py [-o FILE]          write the 120 example orders (default: orders.jsonl
                                          beside this script); the output is the same on every run
    generate-orders.py --check FILE...    check every line against order.schema.json and the
                                          exact-total rule; exit 0 when all lines are valid, 1 if not

Standard library only (Python 3.11). The checker interprets the subset of JSON Schema 2020-12
that order.schema.json uses and refuses any keyword it does not know, so it cannot silently
check less than the schema says; when the `jsonschema` package is installed it is used as a
second, independent validator. Money is handled with decimal.Decimal only, never float.
"""

import argparse
import datetime
import json
import random
import re
import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCHEMA_PATH = HERE / "order.schema.json"
DAY = datetime.datetime(2026, 11, 27, tzinfo=datetime.timezone.utc)  # Black Friday 2026

# The catalog: one fixed price per SKU and currency (a price list, not a conversion at order time).
PRICE_COLUMNS = ("EUR", "USD", "GBP", "CHF", "SEK")
# fmt: off
CATALOG = {
    # sku:       (name,                                 EUR,      USD,      GBP,      CHF,      SEK)
    "SKU-1001": ("Espresso beans 1kg",                 "19.99",  "21.99",  "17.49",  "19.90",  "229.00"),
    "SKU-1002": ("Filter coffee 500g",                 "9.49",   "10.49",  "8.29",   "9.50",   "109.00"),
    "SKU-1003": ("Decaf espresso beans 500g",          "11.99",  "12.99",  "10.49",  "11.90",  "139.00"),
    "SKU-1004": ("Single-origin Ethiopia 250g",        "8.95",   "9.95",   "7.75",   "8.90",   "99.00"),
    "SKU-1005": ("Cold brew concentrate 1L",           "12.50",  "13.50",  "10.95",  "12.50",  "145.00"),
    "SKU-2001": ("Manual burr grinder",                "49.00",  "54.00",  "42.00",  "48.00",  "569.00"),
    "SKU-2002": ("Electric burr grinder",              "129.00", "139.00", "112.00", "125.00", "1490.00"),
    "SKU-2003": ("Ceramic pour-over dripper",          "24.90",  "26.90",  "21.50",  "24.50",  "289.00"),
    "SKU-2004": ("Paper filters size 02, 100 pcs",     "4.99",   "5.49",   "4.29",   "4.90",   "59.00"),
    "SKU-2005": ("Gooseneck kettle 0.8L",              "59.95",  "64.95",  "51.95",  "58.90",  "695.00"),
    "SKU-2006": ("French press 1L",                    "34.90",  "37.90",  "29.90",  "33.90",  "399.00"),
    "SKU-2007": ("Milk frother",                       "39.99",  "43.99",  "34.99",  "38.90",  "459.00"),
    "SKU-2008": ("Coffee scale 0.1g",                  "27.50",  "29.50",  "23.50",  "26.90",  "319.00"),
    "SKU-3001": ("Espresso machine Classic",           "449.00", "489.00", "389.00", "439.00", "5190.00"),
    "SKU-3002": ("Tamper 58mm",                        "22.00",  "24.00",  "19.00",  "21.50",  "255.00"),
    "SKU-3003": ("Descaling tablets, 6 pcs",           "7.99",   "8.99",   "6.99",   "7.90",   "92.00"),
    "SKU-4001": ("Ceramic cups, set of 2",             "16.90",  "18.90",  "14.50",  "16.50",  "195.00"),
    "SKU-4002": ("Travel mug 350ml",                   "21.95",  "23.95",  "18.95",  "21.50",  "249.00"),
    "SKU-4003": ("Coffee tasting set",                 "29.00",  "32.00",  "25.00",  "28.50",  "335.00"),
    "SKU-4004": ("Barista apron",                      "32.50",  "35.50",  "27.95",  "31.90",  "375.00"),
}
# How often each SKU is picked, and the quantities a shopper usually takes.
POPULARITY = {
    "SKU-1001": 14, "SKU-1002": 10, "SKU-1003": 5, "SKU-1004": 7, "SKU-1005": 4,
    "SKU-2001": 3, "SKU-2002": 2, "SKU-2003": 4, "SKU-2004": 9, "SKU-2005": 3,
    "SKU-2006": 3, "SKU-2007": 3, "SKU-2008": 3, "SKU-3001": 1, "SKU-3002": 2,
    "SKU-3003": 4, "SKU-4001": 5, "SKU-4002": 4, "SKU-4003": 3, "SKU-4004": 2,
}
CONSUMABLE = {"SKU-1001", "SKU-1002", "SKU-1003", "SKU-1004", "SKU-1005", "SKU-2004", "SKU-3003"}

# Fictional customers: (id, name, street, city, postal code, country, currency, payment methods).
CUSTOMERS = [
    ("C-1042", "Ada Lovelace",       "Unter den Linden 1",          "Berlin",            "10117",    "DE", "EUR", ("card",)),
    ("C-1007", "Jonas Müller",       "Schillerstraße 14",           "München",           "80336",    "DE", "EUR", ("paypal", "card")),
    ("C-1019", "Lena Schmidt",       "Eppendorfer Weg 52",          "Hamburg",           "20259",    "DE", "EUR", ("invoice", "paypal")),
    ("C-1063", "Mehmet Yılmaz",      "Venloer Straße 210",          "Köln",              "50823",    "DE", "EUR", ("card", "paypal")),
    ("C-1088", "Sophie Wagner",      "Königsallee 8",               "Düsseldorf",        "40212",    "DE", "EUR", ("card",)),
    ("C-1121", "Felix Becker",       "Berger Straße 77",            "Frankfurt am Main", "60316",    "DE", "EUR", ("invoice", "card")),
    ("C-2003", "Camille Durand",     "12 rue de Rivoli",            "Paris",             "75004",    "FR", "EUR", ("card",)),
    ("C-2017", "Lucas Martin",       "8 place Bellecour",           "Lyon",              "69002",    "FR", "EUR", ("card", "paypal")),
    ("C-2031", "Chloé Lefèvre",      "45 cours Julien",             "Marseille",         "13006",    "FR", "EUR", ("paypal",)),
    ("C-2044", "Hugo Bernard",       "3 rue Sainte-Catherine",      "Bordeaux",          "33000",    "FR", "EUR", ("card",)),
    ("C-3005", "Daan de Vries",      "Overtoom 145",                "Amsterdam",         "1054 HL",  "NL", "EUR", ("card", "bank_transfer")),
    ("C-3012", "Sanne Jansen",       "Witte de Withstraat 33",      "Rotterdam",         "3012 BM",  "NL", "EUR", ("paypal", "invoice")),
    ("C-3026", "Bram Visser",        "Oudegracht 120",              "Utrecht",           "3511 AX",  "NL", "EUR", ("card",)),
    ("C-4001", "Emily Johnson",      "1208 Pine Street",            "Seattle, WA",       "98101",    "US", "USD", ("card",)),
    ("C-4014", "Michael Chen",       "455 Valencia Street",         "San Francisco, CA", "94103",    "US", "USD", ("card", "paypal")),
    ("C-4022", "Jessica Rodriguez",  "2301 South Congress Avenue",  "Austin, TX",        "78704",    "US", "USD", ("card",)),
    ("C-4037", "David Kim",          "88 Atlantic Avenue",          "Brooklyn, NY",      "11201",    "US", "USD", ("paypal", "card")),
    ("C-4049", "Ashley Thompson",    "1540 West Division Street",   "Chicago, IL",       "60622",    "US", "USD", ("card",)),
    ("C-4056", "Robert Garcia",      "310 SE Hawthorne Boulevard",  "Portland, OR",      "97214",    "US", "USD", ("card",)),
    ("C-5002", "Oliver Smith",       "14 Camden High Street",       "London",            "NW1 0JH",  "GB", "GBP", ("card", "paypal")),
    ("C-5011", "Amelia Jones",       "27 Deansgate",                "Manchester",        "M3 4LQ",   "GB", "GBP", ("card",)),
    ("C-5023", "Harry Williams",     "9 Rose Street",               "Edinburgh",         "EH2 2PR",  "GB", "GBP", ("paypal",)),
    ("C-5034", "Isla Brown",         "52 Park Street",              "Bristol",           "BS1 5JG",  "GB", "GBP", ("card",)),
    ("C-6004", "Luca Meier",         "Bahnhofstrasse 45",           "Zürich",            "8001",     "CH", "CHF", ("card", "invoice")),
    ("C-6010", "Léa Rochat",         "Rue du Rhône 30",             "Genève",            "1204",     "CH", "CHF", ("card",)),
    ("C-6018", "Nina Keller",        "Marktgasse 12",               "Bern",              "3011",     "CH", "CHF", ("invoice",)),
    ("C-7003", "Erik Andersson",     "Götgatan 48",                 "Stockholm",         "118 26",   "SE", "SEK", ("card", "invoice")),
    ("C-7015", "Maja Lindqvist",     "Linnégatan 9",                "Göteborg",          "413 04",   "SE", "SEK", ("card",)),
    ("C-7021", "Oskar Nilsson",      "Södra Förstadsgatan 20",      "Malmö",             "211 43",   "SE", "SEK", ("invoice", "card")),
    ("C-8006", "Lucía García",       "Calle de Fuencarral 78",      "Madrid",            "28004",    "ES", "EUR", ("card",)),
    ("C-8013", "Pablo Fernández",    "Carrer de Mallorca 215",      "Barcelona",         "08008",    "ES", "EUR", ("paypal", "card")),
    ("C-8020", "Carmen Ruiz",        "Calle Sierpes 41",            "Sevilla",           "41004",    "ES", "EUR", ("card",)),
    ("C-9002", "Giulia Rossi",       "Via Torino 61",               "Milano",            "20123",    "IT", "EUR", ("card", "paypal")),
    ("C-9011", "Marco Bianchi",      "Via del Corso 120",           "Roma",              "00186",    "IT", "EUR", ("paypal",)),
    ("C-9019", "Francesca Romano",   "Via dei Servi 15",            "Firenze",           "50122",    "IT", "EUR", ("card",)),
    ("C-9105", "Katarzyna Nowak",    "ul. Marszałkowska 104",       "Warszawa",          "00-017",   "PL", "EUR", ("bank_transfer", "card")),
    ("C-9112", "Piotr Wiśniewski",   "ul. Floriańska 22",           "Kraków",            "31-021",   "PL", "EUR", ("card", "bank_transfer")),
    ("C-9203", "Emma Tremblay",      "1250 rue Saint-Denis",        "Montréal, QC",      "H2X 3J6",  "CA", "USD", ("card",)),
    ("C-9210", "Liam MacDonald",     "330 Queen Street West",       "Toronto, ON",       "M5V 2A2",  "CA", "USD", ("card", "paypal")),
]
B2B_CUSTOMER = ("C-1150", "Kaffeerösterei Nordlicht GmbH", "Hafenstraße 3", "Bremen", "28217", "DE", "EUR", ("invoice",))
# fmt: on

# Orders per shipping country (120 in all); the fulfillment role picks a warehouse by country.
COUNTRY_ORDERS = {"DE": 22, "US": 18, "GB": 14, "FR": 12, "NL": 10, "CH": 8, "SE": 8, "ES": 8, "IT": 8, "PL": 6, "CA": 6}
CARD_TOKENS = ("tok_visa_4242", "tok_mastercard_4444", "tok_visa_1881", "tok_amex_8431", "tok_mastercard_5100")
DECLINE_TOKENS = ("tok_decline_insufficient_funds", "tok_decline_expired_card", "tok_decline_generic",
                  "tok_decline_insufficient_funds", "tok_decline_do_not_honor")
# Orders from other channels keep their own ids and carry an extra top-level field, which
# version 1 allows (forward compatibility).
OTHER_CHANNEL_IDS = (("WEB-7781", "web"), ("APP-30215", "app"), ("POS_0042", "pos"),
                     ("WEB-7782", "web"), ("AMZ-DE-114-5521", "marketplace"), ("APP-30231", "app"),
                     ("WEB-7794", "web"), ("B2B-2026-0117", "b2b"))
FIRST_NUMERIC_ID = 12300
ORDER_12345_AT = DAY.replace(hour=10, minute=15, second=30)


def price(sku, currency):
    return CATALOG[sku][1 + PRICE_COLUMNS.index(currency)]


def exact_total(items):
    return sum((item["quantity"] * Decimal(item["unit_price"]) for item in items), Decimal(0))


def make_order(order_id, customer, created_at, lines, payment, extra=None):
    cid, name, street, city, postal, country, currency, _ = customer
    items = []
    for sku, quantity, *flags in lines:
        item = {"sku": sku, "name": CATALOG[sku][0], "quantity": quantity, "unit_price": price(sku, currency)}
        if "no-name" in flags:
            del item["name"]  # `name` is optional: point-of-sale lines often lack it
        items.append(item)
    order = {
        "order_id": order_id,
        "customer_id": cid,
        "created_at": created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "currency": currency,
        "items": items,
        "total": str(exact_total(items)),
        "shipping": {"name": name, "street": street, "city": city, "postal_code": postal, "country": country},
        "payment": payment,
    }
    order.update(extra or {})
    return order


def random_lines(rng, count):
    chosen = []
    while len(chosen) < count:
        sku = rng.choices(list(POPULARITY), weights=list(POPULARITY.values()))[0]
        if sku not in chosen:
            chosen.append(sku)
    lines = []
    for sku in chosen:
        if sku in CONSUMABLE:
            quantity = rng.choices((1, 2, 3, 4, 6), weights=(50, 28, 12, 6, 4))[0]
        else:
            quantity = rng.choices((1, 2), weights=(88, 12))[0]
        lines.append((sku, quantity))
    return lines


def random_payment(rng, methods):
    method = rng.choice(methods)
    if method == "card":
        return {"method": "card", "token": rng.choice(CARD_TOKENS)}
    if method == "paypal":
        return {"method": "paypal", "token": "tok_paypal_%06d" % rng.randrange(10**6)}
    return {"method": method}  # invoice and bank transfer carry no token


def timestamps(rng):
    """120 distinct instants over the day, ascending, busiest in the afternoon and evening,
    with 10:15:30 (order 12345) among them and 48 instants before it."""
    weights = [1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 7, 7, 7, 8, 9, 9, 8, 6, 4, 2]

    def draw(n, low, high):
        picked = set()
        while len(picked) < n:
            hour = rng.choices(range(24), weights=weights)[0]
            second = hour * 3600 + rng.randrange(3600)
            if low <= second < high:
                picked.add(second)
        return sorted(picked)

    pivot = 10 * 3600 + 15 * 60 + 30
    seconds = draw(48, 0, pivot) + [pivot] + draw(71, pivot + 1, 86400)
    return [DAY + datetime.timedelta(seconds=s) for s in seconds]


def generate():
    rng = random.Random(20261127)
    instants = timestamps(rng)
    pivot_index = instants.index(ORDER_12345_AT)

    # Which of the 120 slots go to other channels: 3 before order 12345, 5 after it, so that
    # the numeric ids run 12300, 12301, ... in time order and 12345 falls on 10:15:30.
    before = rng.sample(range(3, pivot_index), 3)
    after = rng.sample(range(pivot_index + 1, 117), 5)
    other_slots = sorted(before + after)

    # Shipping countries, shuffled over the day, then a customer from that country.
    by_country = {}
    for customer in CUSTOMERS:
        by_country.setdefault(customer[5], []).append(customer)
    countries = [c for c, n in COUNTRY_ORDERS.items() for _ in range(n)]
    rng.shuffle(countries)
    for fixed_slot in (pivot_index, other_slots[-1]):  # order 12345 and the B2B order ship to DE
        if countries[fixed_slot] != "DE":
            swap = next(i for i, c in enumerate(countries) if c == "DE" and i not in (pivot_index, other_slots[-1]))
            countries[fixed_slot], countries[swap] = countries[swap], countries[fixed_slot]

    item_counts = rng.choices((1, 2, 3, 4, 5), weights=(34, 30, 20, 11, 5), k=120)
    decline_slots = set(rng.sample([i for i in range(120) if i != pivot_index], 5))

    orders = []
    numeric_id = FIRST_NUMERIC_ID
    channels = iter(OTHER_CHANNEL_IDS)
    declines = iter(DECLINE_TOKENS)
    for slot, (instant, country) in enumerate(zip(instants, countries)):
        extra = None
        if slot in other_slots:
            order_id, channel = next(channels)
            extra = {"channel": channel}
        else:
            order_id = str(numeric_id)
            numeric_id += 1

        if order_id == "12345":  # the order the docs follow through the pipeline
            lines = [("SKU-1001", 2), ("SKU-2007", 1), ("SKU-4001", 1)]
            order = make_order(order_id, CUSTOMERS[0], instant, lines, {"method": "card", "token": "tok_visa_4242"})
            assert instant == ORDER_12345_AT and order["shipping"]["country"] == "DE"
            orders.append(order)
            continue

        if order_id.startswith("B2B-"):  # a café restocking before the weekend: large quantities
            lines = [("SKU-1001", 40), ("SKU-1003", 12), ("SKU-2004", 60), ("SKU-3003", 10), ("SKU-4001", 24)]
            orders.append(make_order(order_id, B2B_CUSTOMER, instant, lines, {"method": "invoice"}, extra))
            continue

        customer = rng.choice(by_country[country])
        lines = random_lines(rng, item_counts[slot])
        if order_id.startswith("POS_"):
            lines = [(sku, quantity, "no-name") for sku, quantity in lines]
        if slot in decline_slots:
            payment = {"method": "card", "token": next(declines)}
        elif extra and extra["channel"] in ("pos", "marketplace"):
            payment = random_payment(rng, ("card",))  # paid at the till or on the marketplace
        else:
            payment = random_payment(rng, customer[7])
        # A customer abroad sometimes pays in euros (a CHF shopper on the EUR storefront).
        if country == "CH" and rng.random() < 0.2:
            customer = customer[:6] + ("EUR",) + customer[7:]
        orders.append(make_order(order_id, customer, instant, lines, payment, extra))
    assert len(orders) == 120 and next(declines, None) is None, "every decline token used once"
    return orders


def write(path):
    orders = generate()
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for order in orders:
            out.write(json.dumps(order, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {len(orders)} orders to {path}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# The checker.

ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "examples", "default", "$defs"}
JSON_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def ecma_search(pattern, text):
    # JSON Schema patterns are ECMA-262 and unanchored. Python's `$` also matches before a final
    # newline, ECMA's does not: use \Z so "12345\n" is not an order id.
    return re.search(re.sub(r"\$$", r"\\Z", pattern), text) is not None


def is_date_time(text):
    try:
        datetime.datetime.fromisoformat(text.replace(":60", ":59"))  # leap second: accept :60
        return True
    except ValueError:
        return False


def schema_errors(schema, value, root, where="$"):
    """Errors of `value` against `schema`, for the keywords order.schema.json uses."""
    errors = []
    for keyword, arg in schema.items():
        if keyword in ANNOTATIONS or keyword in ("additionalProperties",):
            continue
        if keyword == "$ref":
            assert arg.startswith("#/"), arg
            target = root
            for part in arg[2:].split("/"):
                target = target[part]
            errors += schema_errors(target, value, root, where)
        elif keyword == "type":
            if not JSON_TYPES[arg](value):
                errors.append(f"{where}: must be of type {arg}")
                return errors  # the other keywords would only repeat it
        elif keyword == "required":
            errors += [f"{where}: missing required field {name!r}" for name in arg if name not in value]
        elif keyword == "properties":
            for name, sub in arg.items():
                if isinstance(value, dict) and name in value:
                    errors += schema_errors(sub, value[name], root, f"{where}.{name}")
        elif keyword == "items":
            if isinstance(value, list):
                for i, element in enumerate(value):
                    errors += schema_errors(arg, element, root, f"{where}[{i}]")
        elif keyword == "minItems":
            if isinstance(value, list) and len(value) < arg:
                errors.append(f"{where}: needs at least {arg} element(s)")
        elif keyword == "pattern":
            if isinstance(value, str) and not ecma_search(arg, value):
                errors.append(f"{where}: {value!r} does not match {arg}")
        elif keyword == "format":
            if arg != "date-time":
                raise ValueError(f"checker does not know format {arg!r}")
            if isinstance(value, str) and not is_date_time(value):
                errors.append(f"{where}: {value!r} is not a real date and time")
        elif keyword == "enum":
            if value not in arg:
                errors.append(f"{where}: {value!r} is not one of {arg}")
        elif keyword == "minimum":
            if JSON_TYPES["number"](value) and value < arg:
                errors.append(f"{where}: {value} is less than {arg}")
        elif keyword == "maximum":
            if JSON_TYPES["number"](value) and value > arg:
                errors.append(f"{where}: {value} is greater than {arg}")
        else:
            raise ValueError(f"checker does not know schema keyword {keyword!r} (at {where})")
    if schema.get("additionalProperties") is False and isinstance(value, dict):
        known = schema.get("properties", {})
        errors += [f"{where}: unknown field {name!r}" for name in value if name not in known]
    return errors


def rule_errors(order):
    """Rules orderctl enforces that the schema cannot express; only for schema-valid orders."""
    expected = exact_total(order["items"])
    if Decimal(order["total"]) != expected:  # compared as numbers: "40" equals "40.00"
        return [f"$.total: {order['total']} is not the sum of quantity × unit_price ({expected})"]
    return []


def strict_object(pairs):
    names = [name for name, _ in pairs]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError(f"duplicate field(s) {sorted(duplicates)}")
    return dict(pairs)


def reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def check(paths):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    try:
        import jsonschema

        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        jsonschema.Draft202012Validator.check_schema(schema)
        second = "jsonschema " + __import__("importlib.metadata").metadata.version("jsonschema")
    except ImportError:
        validator, second = None, None

    bad = total = 0
    for path in paths:
        with open(path, encoding="utf-8", newline="") as stream:
            for number, line in enumerate(stream, start=1):
                total += 1
                text = line[:-1] if line.endswith("\n") else line
                try:
                    order = json.loads(text, object_pairs_hook=strict_object, parse_constant=reject_constant)
                    if isinstance(order, dict):
                        errors = schema_errors(schema, order, schema)
                        errors = errors or rule_errors(order)
                    else:
                        errors = ["$: a line must hold one JSON object"]
                    if validator is not None:
                        errors += [f"jsonschema: {e.message}" for e in validator.iter_errors(order)]
                except ValueError as error:
                    errors = [f"not valid JSON: {error}"]
                for error in errors:
                    print(f"{path}:{number}: {error}", file=sys.stderr)
                bad += bool(errors)
    validators = "stdlib checker" + (f" and {second}" if second else " (jsonschema not installed)")
    print(f"{total - bad} of {total} lines valid ({validators})", file=sys.stderr)
    return 1 if bad else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", default=str(HERE / "orders.jsonl"), help="file to write")
    parser.add_argument("--check", nargs="+", metavar="FILE", help="check these JSONL files instead")
    args = parser.parse_args()
    if args.check:
        return check(args.check)
    write(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
