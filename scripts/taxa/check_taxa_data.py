#!/usr/bin/env python3
"""Check the shipped NCBI Taxonomy tables in ``kg/extract/data/taxa/`` (standard library only).

    python3 scripts/taxa/check_taxa_data.py [--data kg/extract/data/taxa] [--gold ../shared/gold]

1. Integrity: headers, no empty field, unique taxon ids, every ``parent`` is a row,
   every ``names`` taxon is a row, one scientific name per taxon equal to ``taxa.name``.
2. Looks up a list of organism names (the ones space-biology articles use) and prints
   the NCBI id(s) found, or says that the name is not an NCBI scientific name.
3. Compares the ids hard-coded in ``kg/taxa.py`` (read with ``ast``, not imported) with
   the data: same id must exist, with the same scientific name and rank.
4. If the gold folder exists: how the gold ``organisms`` labels resolve (exact name,
   name with NCBI's brackets removed, else genus only).

Exit status 1 if an integrity check or a ``kg/taxa.py`` comparison fails.
"""

from __future__ import annotations

import argparse
import ast
import collections
import csv
import gzip
import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

LOOKUPS = (
    "Homo sapiens", "Mus musculus", "Rattus norvegicus", "Arabidopsis thaliana",
    "Saccharomyces cerevisiae", "Schizosaccharomyces pombe", "Escherichia coli",
    "Drosophila melanogaster", "Caenorhabditis elegans", "Danio rerio",
    "Ramazzottius varieornatus", "Hypsibius exemplaris", "Hypsibius dujardini",
    "Paramacrobiotus spatialis", "Tardigrada", "Serratia marcescens",
    "Staphylococcus aureus", "Rhizobium tropici", "Opsanus tau", "Helix lucorum",
    "Faecalibacterium prausnitzii", "Ruminococcus bromii", "Blautia luti",
    "Anaerostipes hadrus", "Roseburia faecis", "Lactobacillus rogosae",
    "[Lactobacillus] rogosae", "Streptococcus thermophilus", "Zea mays",
    "Nicotiana tabacum", "Macaca mulatta", "Pichia pastoris", "Komagataella pastoris",
    "Komagataella phaffii", "Enterobacter bugandensis", "Bacillus cereus",
    "Kalamiella piersonii", "Pantoea piersonii", "SARS-CoV-2",
    "Severe acute respiratory syndrome coronavirus 2",
    "Severe acute respiratory syndrome-related coronavirus", "Betacoronavirus",
    "Metazoa", "Viridiplantae", "Bacteria", "Fungi", "Archaea", "Viruses",
    "Escherichia coli K-12", "Escherichia coli str. K-12 substr. MG1655",
    "Saccharomyces cerevisiae S288C", "Oryza sativa Japonica Group",
    "Salmonella enterica subsp. enterica serovar Typhimurium",
    "human", "house mouse", "thale cress", "E. coli", "zebrafish", "tardigrades",
)


def read_tsv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def hard_coded_table(path: Path):
    """(id, name, rank) triples of ``_TABLE`` in kg/taxa.py, without importing kg."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        target = None
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            target = node.target.id
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            target = node.targets[0].id
        if target == "_TABLE":
            value = ast.literal_eval(node.value)
            return [(t[0], t[1], t[2]) for t in value]
    return []


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=REPO / "kg" / "extract" / "data" / "taxa")
    ap.add_argument("--gold", type=Path, default=REPO.parent / "shared" / "gold")
    ap.add_argument("--taxa-py", type=Path, default=REPO / "kg" / "extract" / "taxa.py")
    args = ap.parse_args(argv)
    failures = []

    # 1. integrity
    theader, taxa_rows = read_tsv(args.data / "taxa.tsv.gz")
    nheader, name_rows = read_tsv(args.data / "names.tsv.gz")
    if theader != ["taxon", "name", "rank", "parent", "group"]:
        failures.append(f"taxa header {theader}")
    if nheader != ["name", "taxon", "kind"]:
        failures.append(f"names header {nheader}")
    taxa = {}
    for r in taxa_rows:
        if any(v in (None, "") for v in r.values()):
            failures.append(f"empty field in taxa row {r}")
        tid = int(r["taxon"])
        if tid in taxa:
            failures.append(f"duplicate taxon {tid}")
        taxa[tid] = r
    for tid, r in taxa.items():
        if int(r["parent"]) not in taxa:
            failures.append(f"parent {r['parent']} of {tid} is not a row")
    scientific = collections.Counter()
    by_name = collections.defaultdict(list)
    for r in name_rows:
        if any(v in (None, "") for v in r.values()):
            failures.append(f"empty field in names row {r}")
        tid = int(r["taxon"])
        if tid not in taxa:
            failures.append(f"names taxon {tid} is not a row")
            continue
        if r["kind"] == "scientific":
            scientific[tid] += 1
            if r["name"] != taxa[tid]["name"]:
                failures.append(f"scientific name of {tid} differs from taxa.tsv")
        by_name[r["name"]].append((tid, r["kind"]))
    if set(scientific) != set(taxa) or any(n != 1 for n in scientific.values()):
        failures.append("not exactly one scientific name per taxon")
    print(f"taxa.tsv.gz: {len(taxa)} rows; names.tsv.gz: {len(name_rows)} rows; "
          f"integrity: {'ok' if not failures else f'{len(failures)} problems'}")
    groups = collections.Counter(r["group"] for r in taxa.values())
    print("groups:", ", ".join(f"{g} {n}" for g, n in sorted(groups.items())))

    def describe(name: str) -> str:
        hits = by_name.get(name, [])
        if not hits:
            return "NOT FOUND (not an NCBI scientific or common name in the data)"
        return "; ".join(f"{t} {taxa[t]['rank']} {taxa[t]['group']} [{k}]"
                         + ("" if k == "scientific" else f" = {taxa[t]['name']}")
                         for t, k in sorted(hits))

    # 2. lookups
    print("\n== Lookups")
    for name in LOOKUPS:
        print(f"{name:58s} {describe(name)}")

    # 3. kg/taxa.py
    print(f"\n== {args.taxa_py.relative_to(REPO) if args.taxa_py.is_relative_to(REPO) else args.taxa_py}")
    table = hard_coded_table(args.taxa_py) if args.taxa_py.exists() else []
    if not table:
        print("no _TABLE found")
    for tid, name, rank in table:
        row = taxa.get(tid)
        if row is None:
            msg = "MISMATCH: id not in data"
        elif row["name"] != name or row["rank"] != rank:
            msg = f"MISMATCH: data says {row['name']!r} ({row['rank']})"
        else:
            msg = "ok"
        if msg != "ok":
            failures.append(f"kg/taxa.py {tid} {name}: {msg}")
        print(f"{tid:>8} {name:30s} {rank:13s} {msg}")

    # 4. gold
    gold_files = sorted(args.gold.glob("*.json")) if args.gold.is_dir() else []
    if gold_files:
        print(f"\n== Gold organisms ({args.gold})")
        labels = collections.Counter()
        for f in gold_files:
            try:
                records = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            for rec in records if isinstance(records, list) else []:
                for o in rec.get("organisms", []) or []:
                    labels[o] += 1
        debracketed = collections.defaultdict(list)
        for name, hits in by_name.items():
            if name.startswith("["):
                debracketed[re.sub(r"[\[\]]", "", name)].extend(hits)
        tally = collections.Counter()
        for label, n in sorted(labels.items()):
            if label in by_name:
                how, hits = "exact", by_name[label]
            elif label in debracketed:
                how, hits = "brackets", debracketed[label]
            elif label.split()[0] in by_name:
                how, hits = "genus only", [h for h in by_name[label.split()[0]]
                                           if taxa[h[0]]["rank"] == "genus"]
            else:
                how, hits = "unresolved", []
            tally[how] += n
            ids = ", ".join(f"{t} {taxa[t]['name']}" for t, _k in sorted(hits))
            print(f"{n:3d} {label:50s} {how:11s} {ids}")
        print("mentions by outcome:", dict(tally))

    if failures:
        print("\nFAILURES:", *failures[:50], sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
