"""Organisms, datasets and missions named in text; the shipped reference data stays sound."""

from __future__ import annotations

import gzip
from importlib.resources import files

from kg.extract.accessions import find_datasets
from kg.extract.entities import find_entities
from kg.extract.lexicon import lexicon
from kg.extract.missions import find_missions
from kg.extract.organisms import find_organisms
from kg.extract.taxa import lineage, taxon
from kg.ingest.articles import parse_article


def test_organisms_in_text_at_species_level() -> None:
    found = find_organisms(["Gut *Faecalibacterium prausnitzii* and Serratia marcescens; "
                            "*E. coli* K-12; *Kalamiella piersonii*; SARS-CoV-2."])
    assert [t.id for t in found] == [853, 615, 562, 2364647, 2697049]


def test_unknown_species_of_a_known_genus_gets_a_project_taxon() -> None:
    (found,) = find_organisms(["the snail *Helix imaginaria*"])
    assert found.id is None and found.name == "Helix imaginaria"
    assert taxon(found.parent).name == "Helix"
    assert found.iri == "https://w3id.org/spacebio-kg/id/taxon/helix-imaginaria"


def test_plain_word_pairs_are_not_organisms() -> None:
    assert find_organisms(["The study shows *in vivo* data. Major results follow."]) == ()


def test_text_species_refine_the_frontmatter_organism() -> None:
    text = (b'---\ntitle: "t"\norganisms: ["Tardigrades"]\ndoi: "10.1/x"\n---\n'
            b"Dried *Paramacrobiotus spatialis* survived; *Homo sapiens* cells did not.\n")
    entities = find_entities(parse_article(text, "a.md"))
    assert [t.name for t in entities.organisms] == ["Paramacrobiotus spatialis", "Homo sapiens"]
    assert [t.name for t in entities.studied] == ["Paramacrobiotus spatialis"]
    assert 42241 in lineage(entities.studied[0].id)


def test_datasets_with_resolvable_iris() -> None:
    found = find_datasets(["OSD-195 vs OSD 370; GLDS-47; LSDS-7; GSE 12345 and OSD-195 again"])
    assert [(d.accession, d.iri) for d in found] == [
        ("OSD-195", "https://osdr.nasa.gov/bio/repo/data/studies/OSD-195"),
        ("OSD-370", "https://osdr.nasa.gov/bio/repo/data/studies/OSD-370"),
        ("GLDS-47", "https://genelab-data.ndc.nasa.gov/genelab/accession/GLDS-47"),
        ("LSDS-7", "https://osdr.nasa.gov/bio/repo/search?q=LSDS-7"),
        ("GSE12345", "https://www.ncbi.nlm.nih.gov/geo/query/acc.cgi?acc=GSE12345"),
    ]


def test_missions_platforms_and_analogs_with_alternative_labels() -> None:
    found = find_missions(["Mice flew on STS-131 aboard Space Shuttle Discovery and on the ISS "
                           "(Rodent Research 1); controls were hind limb unloaded; volunteers "
                           "did head-down tilt bed rest; roots turned on a clinostat."])
    assert [m.label for m in found] == [
        "STS-131", "Space Shuttle Discovery", "International Space Station",
        "Rodent Research-1", "hindlimb unloading", "bed rest", "clinostat"]
    sts = found[0]
    assert sts.broader.endswith("/space-shuttle")


def test_curated_names_point_at_official_symbols() -> None:
    lex = lexicon()
    for names in lex.curated.values():
        for taxon_id, symbol in names.items():
            assert lex.symbol(taxon_id, symbol) is not None, (taxon_id, symbol)


def test_taxon_synonyms_point_at_taxa_of_the_data() -> None:
    text = (files("kg.extract") / "data" / "taxa" / "synonyms.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines()
            if line and not line.startswith(("#", "name\t"))]
    assert rows and all(taxon(int(row[1])) is not None for row in rows)


def test_orthology_links_mouse_and_human() -> None:
    lex = lexicon()
    for mouse, human, mouse_id, human_id in (("Fbxo32", "FBXO32", "67731", "114907"),
                                             ("Cdkn1a", "CDKN1A", "12575", "1026"),
                                             ("Col1a1", "COL1A1", "12842", "1277")):
        gene = lex.symbol(10090, mouse)
        assert gene.ncbi == mouse_id
        assert {(o.symbol, o.ncbi) for o in lex.orthologs(gene) if o.taxon == 9606} == {
            (human, human_id)}


def test_gene_tables_are_compact_and_sorted() -> None:
    folder = files("kg.extract") / "data" / "genes"
    total = sum((folder / n).stat().st_size if hasattr(folder / n, "stat") else 0
                for n in ("genes.tsv.gz", "aliases.tsv.gz", "orthologs.tsv.gz"))
    assert 0 < total < 8_000_000
    lines = gzip.decompress((folder / "orthologs.tsv.gz").read_bytes()).decode().splitlines()[1:]
    assert lines == sorted(lines, key=lambda line: tuple(int(x) for x in line.split("\t")))
