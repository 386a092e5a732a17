"""Medians of the seed-mix runs under runs/ack0 and runs/ack1, and their ratio (markdown)."""
import json, pathlib, statistics, sys

out = pathlib.Path(sys.argv[1])
rows, medians = [], {}
for ack in ("0", "1"):
    runs = sorted((out / f"ack{ack}").glob("*/summary.json"))
    totals = [json.loads(r.read_text())["total"] for r in runs]
    for run, t in zip(runs, totals):
        rows.append(f"| {ack} | {run.parent.name} | {t['requests']} | {t['failures']} | "
                    f"{t['p50_ms']:.2f} | {t['p99_ms']:.2f} | {t['max_ms']:.1f} |")
    medians[ack] = {k: statistics.median(t[k] for t in totals) for k in ("p50_ms", "p99_ms")}
print("| min_replicas_ack | run | requests | failures | p50 ms | p99 ms | max ms |")
print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
print("\n".join(rows))
print()
print("| min_replicas_ack | median p50 ms | median p99 ms |")
print("| ---: | ---: | ---: |")
for ack in ("0", "1"):
    print(f"| {ack} | {medians[ack]['p50_ms']:.2f} | {medians[ack]['p99_ms']:.2f} |")
print(f"| ratio 1 / 0 | {medians['1']['p50_ms'] / medians['0']['p50_ms']:.2f} | "
      f"{medians['1']['p99_ms'] / medians['0']['p99_ms']:.2f} |")
