#!/usr/bin/env python3
"""Write N valid, realistic orders as JSONL, deterministically (same N and seed -> same bytes).

Usage: make_orders.py N OUT [--keyed OUT_KEYED] [--seed S]

Each line has exactly the shape of examples/orders.jsonl: order_id, customer_id, created_at,
currency, items[{sku,name,quantity,unit_price}], total, shipping{name,street,city,postal_code,
country}, payment{method,token}, and sometimes channel. Totals are the exact decimal sum of
quantity x unit_price (integer cents, no floats). order_id is unique per line. Lines are
about 350-450 bytes (UTF-8, some non-ASCII names and cities, as in the examples).

--keyed also writes the same lines prefixed by "order_id<TAB>" (kcat -P -K $'\\t' input).
Standard library only.
"""

import random
import sys

# sku, name, price in EUR cents (prices in other currencies derived below)
CATALOG = [
    ("SKU-1001", "Espresso beans 1kg", 1999),
    ("SKU-1002", "Filter coffee 500g", 949),
    ("SKU-1003", "Decaf espresso beans 500g", 1199),
    ("SKU-1004", "Single-origin Ethiopia 250g", 895),
    ("SKU-1005", "Cold brew concentrate 1L", 1250),
    ("SKU-2001", "Manual burr grinder", 4900),
    ("SKU-2002", "Electric burr grinder", 12900),
    ("SKU-2003", "Ceramic pour-over dripper", 2490),
    ("SKU-2004", "Paper filters size 02, 100 pcs", 499),
    ("SKU-2005", "Gooseneck kettle 0.8L", 5995),
    ("SKU-2006", "French press 1L", 3490),
    ("SKU-2007", "Milk frother", 3999),
    ("SKU-2008", "Coffee scale 0.1g", 2750),
    ("SKU-3001", "Espresso machine Classic", 44900),
    ("SKU-3002", "Tamper 58mm", 2200),
    ("SKU-3003", "Descaling tablets, 6 pcs", 799),
    ("SKU-4001", "Ceramic cups, set of 2", 1690),
    ("SKU-4002", "Travel mug 350ml", 2195),
    ("SKU-4003", "Coffee tasting set", 2900),
    ("SKU-4004", "Barista apron", 3250),
]

# name, street, city, postal_code, country, currency
ADDRESSES = [
    ("Liam MacDonald", "330 Queen Street West", "Toronto, ON", "M5V 2A2", "CA", "USD"),
    ("Emma Tremblay", "1250 rue Saint-Denis", "Montréal, QC", "H2X 3J6", "CA", "USD"),
    ("Léa Rochat", "Rue du Rhône 30", "Genève", "1204", "CH", "EUR"),
    ("Nina Keller", "Marktgasse 12", "Bern", "3011", "CH", "CHF"),
    ("Luca Meier", "Bahnhofstrasse 45", "Zürich", "8001", "CH", "CHF"),
    ("Felix Becker", "Berger Straße 77", "Frankfurt am Main", "60316", "DE", "EUR"),
    ("Ada Lovelace", "Unter den Linden 1", "Berlin", "10117", "DE", "EUR"),
    ("Kaffeerösterei Nordlicht GmbH", "Hafenstraße 3", "Bremen", "28217", "DE", "EUR"),
    ("Lena Schmidt", "Eppendorfer Weg 52", "Hamburg", "20259", "DE", "EUR"),
    ("Mehmet Yılmaz", "Venloer Straße 210", "Köln", "50823", "DE", "EUR"),
    ("Jonas Müller", "Schillerstraße 14", "München", "80336", "DE", "EUR"),
    ("Sophie Wagner", "Königsallee 8", "Düsseldorf", "40212", "DE", "EUR"),
    ("Carmen Ruiz", "Calle Sierpes 41", "Sevilla", "41004", "ES", "EUR"),
    ("Pablo Fernández", "Carrer de Mallorca 215", "Barcelona", "08008", "ES", "EUR"),
    ("Lucía García", "Calle de Fuencarral 78", "Madrid", "28004", "ES", "EUR"),
    ("Camille Durand", "12 rue de Rivoli", "Paris", "75004", "FR", "EUR"),
    ("Hugo Bernard", "3 rue Sainte-Catherine", "Bordeaux", "33000", "FR", "EUR"),
    ("Chloé Lefèvre", "45 cours Julien", "Marseille", "13006", "FR", "EUR"),
    ("Lucas Martin", "8 place Bellecour", "Lyon", "69002", "FR", "EUR"),
    ("Amelia Jones", "27 Deansgate", "Manchester", "M3 4LQ", "GB", "GBP"),
    ("Isla Brown", "52 Park Street", "Bristol", "BS1 5JG", "GB", "GBP"),
    ("Oliver Smith", "14 Camden High Street", "London", "NW1 0JH", "GB", "GBP"),
    ("Harry Williams", "9 Rose Street", "Edinburgh", "EH2 2PR", "GB", "GBP"),
    ("Francesca Romano", "Via dei Servi 15", "Firenze", "50122", "IT", "EUR"),
    ("Marco Bianchi", "Via del Corso 120", "Roma", "00186", "IT", "EUR"),
    ("Giulia Rossi", "Via Torino 61", "Milano", "20123", "IT", "EUR"),
    ("Bram Visser", "Oudegracht 120", "Utrecht", "3511 AX", "NL", "EUR"),
    ("Daan de Vries", "Overtoom 145", "Amsterdam", "1054 HL", "NL", "EUR"),
    ("Sanne Jansen", "Witte de Withstraat 33", "Rotterdam", "3012 BM", "NL", "EUR"),
    ("Katarzyna Nowak", "ul. Marszałkowska 104", "Warszawa", "00-017", "PL", "EUR"),
    ("Piotr Wiśniewski", "ul. Floriańska 22", "Kraków", "31-021", "PL", "EUR"),
    ("Oskar Nilsson", "Södra Förstadsgatan 20", "Malmö", "211 43", "SE", "SEK"),
    ("Erik Andersson", "Götgatan 48", "Stockholm", "118 26", "SE", "SEK"),
    ("Maja Lindqvist", "Linnégatan 9", "Göteborg", "413 04", "SE", "SEK"),
    ("Michael Chen", "455 Valencia Street", "San Francisco, CA", "94103", "US", "USD"),
    ("Ashley Thompson", "1540 West Division Street", "Chicago, IL", "60622", "US", "USD"),
    ("Emily Johnson", "1208 Pine Street", "Seattle, WA", "98101", "US", "USD"),
    ("David Kim", "88 Atlantic Avenue", "Brooklyn, NY", "11201", "US", "USD"),
    ("Robert Garcia", "310 SE Hawthorne Boulevard", "Portland, OR", "97214", "US", "USD"),
    ("Jessica Rodriguez", "2301 South Congress Avenue", "Austin, TX", "78704", "US", "USD"),
]

# currency -> (numerator, denominator, round-to-cents) applied to the EUR price
RATES = {"EUR": (1, 1, 1), "USD": (11, 10, 1), "GBP": (85, 100, 1), "CHF": (95, 100, 10),
         "SEK": (11, 1, 100)}

CARD_TOKENS = ["tok_visa_4242", "tok_visa_1881", "tok_mastercard_4444", "tok_mastercard_5100",
               "tok_amex_8431"]
METHODS = ["card"] * 75 + ["paypal"] * 28 + ["invoice"] * 15 + ["bank_transfer"] * 2
ITEM_COUNTS = [1] * 55 + [2] * 30 + [3] * 11 + [4] * 3 + [5] * 1
QUANTITIES = [1] * 19 + [2] * 6 + [3] * 2 + [4, 6]
CHANNELS = ["web", "app", "pos", "marketplace", "b2b"]

START = 1795737600  # 2026-11-27T00:00:00Z


def price(eur_cents, currency, variant):
    num, den, step = RATES[currency]
    cents = eur_cents * num // den + variant * 50
    cents = max(step, cents // step * step)
    if step == 1 and cents % 100 == 0:
        cents -= 1  # 19.99-style prices
    return cents


def money(cents):
    return "%d.%02d" % divmod(cents, 100)


def rfc3339(seconds):
    days, rest = divmod(seconds, 86400)
    # civil-from-days (Howard Hinnant), valid for any date here
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    if m <= 2:
        y += 1
    h, rest = divmod(rest, 3600)
    mi, s = divmod(rest, 60)
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (y, m, d, h, mi, s)


def orders(n, seed):
    rng = random.Random(seed)
    t = START
    for i in range(n):
        t += rng.randint(0, 4)
        address = rng.choice(ADDRESSES)
        currency = address[5]
        kind = rng.random()
        if kind < 0.04:
            order_id = "WEB-%d" % (1000000 + i)
        elif kind < 0.06:
            order_id = "APP-%d" % (2000000 + i)
        else:
            order_id = str(10000000 + i)
        items = []
        total = 0
        for sku, name, eur in rng.sample(CATALOG, rng.choice(ITEM_COUNTS)):
            cents = price(eur, currency, rng.randint(-2, 2))
            quantity = rng.choice(QUANTITIES)
            total += cents * quantity
            items.append('{"sku":"%s","name":"%s","quantity":%d,"unit_price":"%s"}'
                         % (sku, name, quantity, money(cents)))
        method = rng.choice(METHODS)
        if method == "card":
            payment = '{"method":"card","token":"%s"}' % rng.choice(CARD_TOKENS)
        elif method == "paypal":
            payment = '{"method":"paypal","token":"tok_paypal_%06d"}' % rng.randrange(1000000)
        else:
            payment = '{"method":"%s"}' % method
        channel = ',"channel":"%s"' % rng.choice(CHANNELS) if rng.random() < 0.07 else ""
        line = ('{"order_id":"%s","customer_id":"C-%d","created_at":"%s","currency":"%s",'
                '"items":[%s],"total":"%s","shipping":{"name":"%s","street":"%s","city":"%s",'
                '"postal_code":"%s","country":"%s"},"payment":%s%s}'
                % (order_id, rng.randint(1000, 9999), rfc3339(t), currency, ",".join(items),
                   money(total), address[0], address[1], address[2], address[3], address[4],
                   payment, channel))
        yield order_id, line


def main(argv):
    args = list(argv[1:])
    keyed_path = None
    seed = 20261127
    if "--keyed" in args:
        k = args.index("--keyed")
        keyed_path = args[k + 1]
        del args[k:k + 2]
    if "--seed" in args:
        k = args.index("--seed")
        seed = int(args[k + 1])
        del args[k:k + 2]
    if len(args) != 2:
        sys.stderr.write(__doc__)
        return 2
    n = int(args[0])
    with open(args[1], "w", encoding="utf-8", newline="\n") as out:
        keyed = open(keyed_path, "w", encoding="utf-8", newline="\n") if keyed_path else None
        try:
            plain_buf, keyed_buf = [], []
            for order_id, line in orders(n, seed):
                plain_buf.append(line)
                if keyed is not None:
                    keyed_buf.append(order_id + "\t" + line)
                if len(plain_buf) == 10000:
                    out.write("\n".join(plain_buf) + "\n")
                    plain_buf.clear()
                    if keyed is not None:
                        keyed.write("\n".join(keyed_buf) + "\n")
                        keyed_buf.clear()
            if plain_buf:
                out.write("\n".join(plain_buf) + "\n")
                if keyed is not None:
                    keyed.write("\n".join(keyed_buf) + "\n")
        finally:
            if keyed is not None:
                keyed.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
