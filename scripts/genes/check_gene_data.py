#!/usr/bin/env python3
"""Check the shipped gene tables (``kg/extract/data/genes/``) against the gold annotations.

Standard library only (it reads the tables the way the ``kg`` runtime would)::

    python scripts/genes/check_gene_data.py [--gold ../shared/gold] [--data kg/extract/data/genes]

Reports, for the gold genes of human, mouse, Arabidopsis and Drosophila:

* how many gold ``symbol`` values are a current symbol of that taxon (case-sensitive,
  then case-insensitive);
* how many gold ``mentions`` resolve in that taxon, and through what: current symbol,
  alias/previous symbol (case-sensitive or not), and whether the gene reached is the
  gold gene;
* gold symbols that resolve to nothing;
* a fixed list of alias examples in mouse and human, and mouse-human HomoloGene pairs.
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ORGANISMS = {
    "Homo sapiens": "9606",
    "Mus musculus": "10090",
    "Arabidopsis thaliana": "3702",
    "Drosophila melanogaster": "7227",
}
ALIAS_EXAMPLES = ["p21", "atrogin-1", "MAFbx", "COX-2", "PGC-1alpha", "RANKL", "OPG", "p53",
                  "BiP", "GRP78", "Nrf2", "MuRF1"]
ORTHO_PAIRS = [("Fbxo32", "FBXO32"), ("Cdkn1a", "CDKN1A"), ("Col1a1", "COL1A1"),
               ("Trim63", "TRIM63")]


TIERS = ("symbol", "symbol_ci", "alias", "alias_ci", "normalized")
_GREEK = {"α": "a", "β": "b", "γ": "g", "δ": "d", "ε": "e", "κ": "k", "ω": "w"}
_GREEK_WORDS = (("alpha", "a"), ("beta", "b"), ("gamma", "g"), ("delta", "d"), ("kappa", "k"))


def normalize(text: str) -> str:
    """A loose key: case-folded, Greek letters/names to one Latin letter, no hyphens,
    spaces or underscores ("TNF-α" -> "tnfa", "PGC-1alpha" -> "pgc1a", "COX-2" -> "cox2")."""
    s = text.casefold()
    for k, v in _GREEK.items():
        s = s.replace(k, v)
    for k, v in _GREEK_WORDS:
        s = s.replace(k, v)
    return "".join(ch for ch in s if ch not in "- _")


def read_tsv(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


class Index:
    """Exact and case-folded lookups of symbols and aliases per taxon."""

    def __init__(self, data: Path):
        self.genes = read_tsv(data / "genes.tsv.gz")
        self.aliases = read_tsv(data / "aliases.tsv.gz")
        self.orthologs = read_tsv(data / "orthologs.tsv.gz")
        self.by_ref = {}
        self.sym = collections.defaultdict(list)
        self.sym_ci = collections.defaultdict(list)
        for g in self.genes:
            ref = g["ncbi_gene"] or g["hgnc"] or g["mgi"] or g["rgd"] or g["xref"]
            g["ref"] = ref
            self.by_ref[(g["taxon"], ref)] = g
            self.sym[(g["taxon"], g["symbol"])].append(ref)
            self.sym_ci[(g["taxon"], g["symbol"].casefold())].append(ref)
        self.ali = collections.defaultdict(list)
        self.ali_ci = collections.defaultdict(list)
        self.norm = collections.defaultdict(set)
        for g in self.genes:
            self.norm[(g["taxon"], normalize(g["symbol"]))].add(g["ref"])
        for a in self.aliases:
            self.ali[(a["taxon"], a["alias"])].append((a["ncbi_gene"], a["kind"]))
            self.ali_ci[(a["taxon"], a["alias"].casefold())].append((a["ncbi_gene"], a["kind"]))
            self.norm[(a["taxon"], normalize(a["alias"]))].add(a["ncbi_gene"])
        self.group = collections.defaultdict(set)
        for o in self.orthologs:
            self.group[(o["taxon"], o["ncbi_gene"])].add(o["group"])

    def tiers(self, taxon: str, text: str) -> dict[str, list[str]]:
        """Gene refs reached by each kind of lookup (empty lists left out)."""
        t = {
            "symbol": sorted(set(self.sym.get((taxon, text), []))),
            "symbol_ci": sorted(set(self.sym_ci.get((taxon, text.casefold()), []))),
            "alias": sorted({r for r, _ in self.ali.get((taxon, text), [])}),
            "alias_ci": sorted({r for r, _ in self.ali_ci.get((taxon, text.casefold()), [])}),
            "normalized": sorted(self.norm.get((taxon, normalize(text)), set())),
        }
        return {k: v for k, v in t.items() if v}

    def resolve(self, taxon: str, text: str, normalized: bool = False) -> tuple[str, list[str]]:
        """(how, gene refs): first non-empty of symbol, symbol_ci, alias, alias_ci
        (then normalized, if asked)."""
        order = TIERS if normalized else TIERS[:-1]
        t = self.tiers(taxon, text)
        for how in order:
            if how in t:
                return how, t[how]
        return "none", []

    def label(self, taxon: str, ref: str) -> str:
        g = self.by_ref.get((taxon, ref))
        if not g:
            return ref
        ids = ", ".join(x for x in (g["hgnc"], g["mgi"]) if x)
        return f"{g['symbol']} (NCBI {g['ncbi_gene'] or '-'}{'; ' + ids if ids else ''})"


def gold_genes(gold: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    out = set()
    for name in ("news.json", "revisions.json"):
        for entry in json.loads((gold / name).read_text(encoding="utf-8")):
            for g in entry.get("genes", []):
                if g.get("organism") in ORGANISMS:
                    out.add((g["organism"], g["symbol"], tuple(g.get("mentions", []))))
    return sorted(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=REPO.parent / "shared" / "gold")
    ap.add_argument("--data", type=Path, default=REPO / "kg" / "extract" / "data" / "genes")
    args = ap.parse_args(argv)
    ix = Index(args.data)
    p = print

    # ---- gold symbols
    entries = gold_genes(args.gold)
    symbols = sorted({(o, s) for o, s, _ in entries})
    p("## Gold symbols (distinct organism+symbol)\n")
    p("Cumulative: each column adds a looser lookup to the previous ones.\n")
    p("| organism | gold symbols | = current symbol | + case-insensitive | + alias/previous (exact) "
      "| + alias/previous (any case) | + normalized | unresolved |")
    p("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    unresolved = []
    gold_ref = {}
    for org, taxon in ORGANISMS.items():
        syms = [s for o, s in symbols if o == org]
        c = collections.Counter()
        for s in syms:
            how, refs = ix.resolve(taxon, s, normalized=True)
            c[how] += 1
            if how in ("symbol", "symbol_ci"):
                gold_ref[(org, s)] = set(refs)
            if how == "none":
                unresolved.append((org, s))
        cum = 0
        cells = []
        for how in TIERS:
            cum += c[how]
            cells.append(str(cum))
        p(f"| {org} | {len(syms)} | " + " | ".join(cells) + f" | {c['none']} |")

    # ---- gold mentions
    p("\n## Gold mentions (distinct organism+symbol+mention)\n")
    p("First lookup that finds anything, in the order symbol, symbol_ci, alias, alias_ci,")
    p("normalized; 'gold gene' = the gene the gold symbol names is among what that lookup")
    p("found (only when the gold symbol itself is a current symbol).\n")
    p("| organism | mentions | symbol | symbol_ci | alias/prev | alias/prev_ci | normalized "
      "| none | gold gene reached | ... without normalized | >1 gene found |")
    p("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    mention_rows = sorted({(org, sym, m) for org, sym, ms in entries for m in ms})
    details = []
    for org, taxon in ORGANISMS.items():
        c = collections.Counter()
        rows = [r for r in mention_rows if r[0] == org]
        for _, sym, m in rows:
            how, refs = ix.resolve(taxon, m, normalized=True)
            c[how] += 1
            gold = gold_ref.get((org, sym), set())
            hit = bool(set(refs) & gold)
            c["hit"] += hit
            c["hit_strict"] += hit and how != "normalized"
            c["ambiguous"] += len(refs) > 1
            if how not in ("symbol", "symbol_ci", "none") or (how != "none" and not hit):
                details.append((org, sym, m, how, [ix.label(taxon, r) for r in refs], hit))
        p(f"| {org} | {len(rows)} | " + " | ".join(str(c[h]) for h in TIERS)
          + f" | {c['none']} | {c['hit']} | {c['hit_strict']} | {c['ambiguous']} |")
    p("\n### Mentions found through aliases or normalization, or reaching another gene\n")
    for org, sym, m, how, labels, hit in details:
        p(f"- {org} gold `{sym}` mention `{m}` -> {how}: {'; '.join(labels)}"
          f"{'' if hit else '  **(not the gold gene)**'}")
    p("\n### Mentions found by no lookup\n")
    for org, taxon in ORGANISMS.items():
        miss = [m for o, _, m in mention_rows if o == org and ix.resolve(taxon, m, True)[0] == "none"]
        p(f"- {org}: " + ", ".join(f"`{m}`" for m in miss))

    p("\n## Gold symbols that resolve to nothing (symbol, alias, any case, normalized)\n")
    for org, s in unresolved:
        p(f"- {org}: `{s}`")

    # ---- alias examples
    p("\n## Alias examples\n")
    p("Every lookup that finds something, with the genes it finds.\n")
    p("| text | mouse (10090) | human (9606) |")
    p("| --- | --- | --- |")
    for text in ALIAS_EXAMPLES:
        cells = []
        for taxon in ("10090", "9606"):
            t = ix.tiers(taxon, text)
            cells.append("<br>".join(f"{how}: " + "; ".join(ix.label(taxon, r) for r in refs)
                                     for how, refs in t.items()) or "none")
        p(f"| `{text}` | {cells[0]} | {cells[1]} |")

    # ---- orthology
    p("\n## Mouse-human HomoloGene pairs\n")
    for ms, hs in ORTHO_PAIRS:
        mref = ix.sym.get(("10090", ms), [""])[0]
        href = ix.sym.get(("9606", hs), [""])[0]
        mg = ix.group.get(("10090", mref), set())
        hg = ix.group.get(("9606", href), set())
        shared = sorted(mg & hg)
        p(f"- {ms} (NCBI {mref}) / {hs} (NCBI {href}): groups {sorted(mg)} / {sorted(hg)} -> "
          f"{'shared ' + ', '.join(shared) if shared else 'NOT shared'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
