"""Organisms, datasets, missions, gene facts and keywords found in text; the shipped reference data
stays sound."""

from __future__ import annotations

import gzip
from importlib.resources import files

from kg.extract.accessions import find_datasets
from kg.extract.entities import find_entities, gene_facts
from kg.extract.genes import Gene
from kg.extract.keywords import keywords
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
    # the record holds the genus the graph states as its parent, so the graph looks up nothing
    assert found.parent_node == taxon(found.parent)
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


def test_gene_facts_hold_ids_names_and_orthologs() -> None:
    ref = lexicon().symbol(10090, "Fbxo32")
    facts = gene_facts(Gene(ref.symbol, ref.taxon, ref))
    assert facts.iri == "https://identifiers.org/ncbigene:67731"
    assert facts.matches == ("https://identifiers.org/MGI:1914981",)
    assert facts.taxon == taxon(10090) and facts.taxon_iri.endswith("NCBITaxon_10090")
    assert facts.homologene
    human = [o for o in facts.orthologs if o.taxon_iri.endswith("NCBITaxon_9606")]
    assert [(o.symbol, o.iri) for o in human] == [
        ("FBXO32", "https://identifiers.org/ncbigene:114907")]
    # an ortholog is stated with its symbol, organism and group only
    assert all(o.homologene == facts.homologene and o.orthologs == () and o.name is None
               and o.matches == () for o in facts.orthologs)


def test_a_gene_without_a_table_entry_has_a_project_iri_and_no_orthologs() -> None:
    facts = gene_facts(Gene("gpx", 947166))
    assert facts.iri == "https://w3id.org/spacebio-kg/id/gene/947166/gpx"
    assert facts.taxon is not None and facts.taxon.name == "Ramazzottius varieornatus"
    assert (facts.matches, facts.homologene, facts.orthologs) == ((), None, ())


def test_entities_hold_the_facts_of_each_gene_once_in_order_of_mention() -> None:
    text = (b'---\ntitle: "t"\norganisms: ["Mice"]\ndoi: "10.1/x"\n---\n'
            b"Muscle *Fbxo32* expression rose, with *Cdkn1a* and again *Fbxo32* after flight.\n")
    entities = find_entities(parse_article(text, "a.md"))
    assert [f.symbol for f in entities.gene_facts] == ["Fbxo32", "Cdkn1a"]
    assert {m.gene.key for m in entities.genes} == {f.key for f in entities.gene_facts}


def test_keywords_are_topic_words_made_singular() -> None:
    # words every gap uses ("studies", "remain", "unclear") carry no topic
    assert keywords("Whether the studies of bacterial colonies remain unclear for astronauts' "
                    "immunity") == ("bacterial", "colony", "astronaut", "immunity")
