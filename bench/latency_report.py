#!/usr/bin/env python3
"""The report of latency_bench.sh: per rate and role, order-to-outcome percentiles from the
broker's timestamps, beside EndToEndLatency's of the same round; medians over the rounds.

Usage: latency_report.py RESULTS_TSV RUNS [JSON_OUT] [GIT] [VARIANTS]
Each RESULTS_TSV line: run, rate, orders, produce wall s, variant dir, variant name. A variant
dir holds orders.ts and ROLE.ts ("key timestamp_ms" lines, from kcat) and ROLE.rss_kb (peak
RSS); its parent, the round's, e2e.out (EndToEndLatency's stdout). Standard library only.
"""

import json
import os
import re
import statistics
import sys
import time

ROLES = ("inventory", "payment", "fulfillment")
WARMUP = "WARMUP-"  # the ids of latency_bench.sh's unmeasured orders start so


def percentile(sorted_values, p):
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def read_timestamps(path):
    first = {}
    for line in open(path):
        key, _, ts = line.rstrip("\n").rpartition(" ")
        if not key.startswith(WARMUP) and key not in first:  # a redelivered outcome counts once, the first
            first[key] = int(ts)
    return first


def floor_of(path):
    text = open(path).read()
    m = re.search(r"50th = (\d+), 99th = (\d+), 99\.9th = (\d+)", text)
    if not m:
        sys.exit(f"latency_report: no percentiles in {path}")
    avg = re.search(r"Avg latency: ([0-9.]+)", text)
    return dict(p50=int(m[1]), p99=int(m[2]), p999=int(m[3]), avg=float(avg[1]) if avg else None)


def rss_mb(path):
    try:
        return int(open(path).read().split()[0]) / 1024
    except (OSError, IndexError, ValueError):
        return 0.0


def roles_in(folder):
    """The roles that ran in this round (latency_bench.sh's ROLES): those with timestamps."""
    return [r for r in ROLES if os.path.exists(os.path.join(folder, r + ".ts"))]


def one_round(run, rate, orders, wall, folder, variant):
    order_ts = read_timestamps(os.path.join(folder, "orders.ts"))
    if len(order_ts) != orders:
        sys.exit(f"latency_report: {folder}: {len(order_ts)} orders stored, not {orders}")
    roles = {}
    for role in roles_in(folder):
        outcome_ts = read_timestamps(os.path.join(folder, role + ".ts"))
        missing = [k for k in order_ts if k not in outcome_ts]
        if missing:
            sys.exit(f"latency_report: {folder}: {role} has no outcome for {len(missing)} orders")
        lat = sorted(outcome_ts[k] - order_ts[k] for k in order_ts)
        roles[role] = dict(p50=percentile(lat, 50), p99=percentile(lat, 99),
                           p999=percentile(lat, 99.9), max=lat[-1],
                           rss_mb=rss_mb(os.path.join(folder, role + ".rss_kb")))
    return dict(run=run, rate=rate, variant=variant, orders=orders, produce_wall_s=wall,
                achieved_rate=orders / wall, roles=roles,
                floor=floor_of(os.path.join(os.path.dirname(folder), "e2e.out")))


def main():
    path, runs = sys.argv[1], int(sys.argv[2])
    json_out = sys.argv[3] if len(sys.argv) > 3 else ""
    git = sys.argv[4] if len(sys.argv) > 4 else ""
    variants_spec = sys.argv[5] if len(sys.argv) > 5 else ""
    rounds = []
    for line in open(path):
        run, rate, orders, wall, folder, variant = line.rstrip("\n").split("\t")[:6]
        rounds.append(one_round(int(run), int(rate), int(orders), float(wall), folder, variant))
    med = statistics.median
    rates = sorted({r["rate"] for r in rounds})
    variants = list(dict.fromkeys(r["variant"] for r in rounds))
    summary = {}
    print()
    print(f"latency benchmark: order appended -> outcome appended (LogAppendTime on both), ms; "
          f"{runs} round(s), median; {os.cpu_count()} CPUs shared with the broker and with other "
          f"work; load avg now {os.getloadavg()[0]:.1f}")
    print(f"role variants: {variants_spec}")
    print("floor: Kafka's EndToEndLatency (acks=all) on the same broker in the same round; "
          "ratios paired by round (floor taken as at least 1 ms)")
    fmt = "{:>6} {:<10} {:>8} {:<12} {:>5} {:>5} {:>6} {:>5} {:>7} {:>9} {:>9}"
    print(fmt.format("rate/s", "variant", "sent/s", "role", "p50", "p99", "p99.9", "max", "RSS MB",
                     "p50/floor", "p99/floor"))
    for rate in rates:
        summary[rate] = {}
        for variant in variants:
            rs = [r for r in rounds if r["rate"] == rate and r["variant"] == variant]
            if not rs:
                continue
            entry = dict(orders=rs[0]["orders"], achieved_rate=med([r["achieved_rate"] for r in rs]),
                         floor={k: med([r["floor"][k] for r in rs]) for k in ("p50", "p99", "p999")},
                         roles={})
            for role in rs[0]["roles"]:
                vals = {k: med([r["roles"][role][k] for r in rs]) for k in ("p50", "p99", "p999", "max")}
                vals["rss_mb"] = med([r["roles"][role]["rss_mb"] for r in rs])
                for k in ("p50", "p99"):
                    vals[k + "_ratio"] = med([r["roles"][role][k] / max(1, r["floor"][k]) for r in rs])
                entry["roles"][role] = vals
                print(fmt.format(rate, variant, f"{entry['achieved_rate']:,.0f}", role, f"{vals['p50']:g}",
                                 f"{vals['p99']:g}", f"{vals['p999']:g}", f"{vals['max']:g}",
                                 f"{vals['rss_mb']:.0f}", f"x{vals['p50_ratio']:.2f}",
                                 f"x{vals['p99_ratio']:.2f}"))
            summary[rate][variant] = entry
        f = {k: med([r["floor"][k] for r in rounds if r["rate"] == rate]) for k in ("p50", "p99", "p999")}
        print(fmt.format(rate, "", "", "floor (e2e)", f"{f['p50']:g}", f"{f['p99']:g}",
                         f"{f['p999']:g}", "", "", "", ""))
    for variant, entry in summary.get(1000, {}).items():
        ok = all(v["p50_ratio"] <= 2 and v["p99_ratio"] <= 2 for v in entry["roles"].values())
        print(f"bar ({variant}): p50 and p99 of every role within 2x of the floor at 1000/s: "
              f"{'met' if ok else 'NOT met'}")
    if json_out:
        doc = dict(benchmark="latency", date=time.strftime("%Y-%m-%dT%H:%M:%S%z"), runs=runs,
                   cpus=os.cpu_count(), loadavg_1m=os.getloadavg()[0], orderctl_git=git,
                   variants=variants_spec, rates=summary, rounds=rounds)
        with open(json_out, "w") as out:
            json.dump(doc, out, indent=2)
            out.write("\n")
        print(f"wrote {json_out}")


if __name__ == "__main__":
    main()
