"""Gene mentions: one fixture per hard case, written for these tests."""

from __future__ import annotations

import pytest

from kg.extract.entities import find_entities, gene_iri
from kg.extract.genes import find_genes
from kg.extract.lexicon import fold
from kg.extract.textunits import TextUnit
from kg.ingest.articles import parse_article

MOUSE, HUMAN, ARABIDOPSIS, TARDIGRADA = 10090, 9606, 3702, 42241


def genes(text: str, taxa=(MOUSE,), primary=None, label=False) -> dict[str, set[str]]:
    """symbol/taxon -> written forms found in one piece of text."""
    found: dict[str, set[str]] = {}
    for m in find_genes([TextUnit("Key Findings", text, label)], list(taxa), primary):
        found.setdefault(f"{m.gene.symbol}/{m.gene.taxon}", set()).add(m.written)
    return found


def article(organisms: str, body: str, extra: str = "") -> dict[str, set[str]]:
    text = (f'---\ntitle: "A test article"\norganisms: {organisms}\ndoi: "10.1/x"\n{extra}---\n'
            f"## Key Findings\n{body}\n")
    found: dict[str, set[str]] = {}
    for m in find_entities(parse_article(text.encode(), "a.md")).genes:
        found.setdefault(f"{m.gene.symbol}/{m.gene.taxon}", set()).add(m.written)
    return found


def test_aliases_resolve_to_the_official_gene() -> None:
    found = genes("Flight raised atrogin-1 and MuRF1, COX-2 rose and p21 climbed.")
    assert found == {"Fbxo32/10090": {"atrogin-1"}, "Trim63/10090": {"MuRF1"},
                     "Ptgs2/10090": {"COX-2"}, "Cdkn1a/10090": {"p21"}}


def test_symbol_and_alias_of_one_gene_are_one_gene() -> None:
    assert genes("**Cdkn1a** (p21) and CDKN1a/p21 went up.") == {
        "Cdkn1a/10090": {"Cdkn1a", "p21", "CDKN1a"}}


def test_casing_decides_mouse_or_human() -> None:
    found = article('["Mice", "Humans"]', "- Mouse **Fbxo32** rose while human FBXO32 did not.")
    assert found == {"Fbxo32/10090": {"Fbxo32"}, "FBXO32/9606": {"FBXO32"}}


def test_gene_ids_are_ncbi_gene() -> None:
    entities = find_entities(parse_article(
        b'---\ntitle: "t"\norganisms: ["Mice"]\ndoi: "10.1/x"\n---\nFbxo32 and Col1a1 rose.\n',
        "a.md"))
    refs = {m.gene.symbol: m.gene.ref for m in entities.genes}
    assert (refs["Fbxo32"].ncbi, refs["Fbxo32"].mgi) == ("67731", "MGI:1914981")
    assert refs["Col1a1"].ncbi == "12842"


def test_words_that_are_symbols_are_not_genes_unless_the_text_says_so() -> None:
    text = "The MAX value of the SET was shown on a CAT scan."
    assert genes(text, taxa=(HUMAN,)) == {}
    assert genes("The **MAX** gene and CAT expression rose.", taxa=(HUMAN,)) == {
        "MAX/9606": {"MAX"}, "CAT/9606": {"CAT"}}


def test_reporters_tags_and_techniques_are_not_genes() -> None:
    text = "Roots expressed **GFP** and `Lifeact`; GCaMP3 imaging and qPCR of **TNO1-GFP** lines."
    assert genes(text, taxa=(ARABIDOPSIS,), primary=ARABIDOPSIS) == {
        "TNO1/3702": {"TNO1-GFP"}}  # the tagged gene is kept, as written; its tag is not


def test_pathways_hormones_and_metabolites_are_not_genes() -> None:
    text = "Auxin, trehalose and ROS rose; the mTOR-independent branch and PI3K signalling."
    found = genes(text, taxa=(MOUSE,))
    assert "auxin" not in str(found).lower() and "ROS" not in str(found)
    assert set(found) <= {"Mtor/10090"}  # mTOR itself is a gene; the pathway words are not


def test_multi_gene_mentions() -> None:
    found = genes("- `BiP1/2` and ERK1/2 were induced.", taxa=(ARABIDOPSIS, MOUSE),
                  primary=ARABIDOPSIS)
    assert found["Mapk3/10090"] == {"ERK1"} and found["Mapk1/10090"] == {"ERK2"}
    assert {"BiP1", "BiP2"} <= {w for forms in found.values() for w in forms}


def test_families_without_a_member_number_are_not_genes() -> None:
    found = genes("Members of the **PIN** family, **PIN5** and **PIN6**, moved.",
                  taxa=(ARABIDOPSIS,), primary=ARABIDOPSIS)
    assert all(not k.startswith("PIN/") for k in found)
    assert {"PIN5", "PIN6"} <= {w for forms in found.values() for w in forms}


def test_genes_of_organisms_without_reference_lists_get_their_organism() -> None:
    body = ("- Silencing glutathione peroxidase (`gpx`) and catalase (`cat`) cut survival of "
            "*Paramacrobiotus spatialis*.")
    found = article('["Tardigrades"]', body)
    assert found == {"gpx/2507083": {"gpx"}, "cat/2507083": {"cat"}}


def test_mutant_alleles_and_tags_name_their_gene() -> None:
    found = genes("The *tno1* mutant and TNO1-GFP lines; `eru-3` and ERU-GFP.",
                  taxa=(ARABIDOPSIS,), primary=ARABIDOPSIS)
    assert {k.split("/")[0] for k in found} == {"TNO1", "ERU"}


def test_chart_labels_are_read() -> None:
    assert genes("Sost", label=True) == {"Sost/10090": {"Sost"}}
    assert genes("Fold change (HLU vs control)", label=True) == {}


def test_residues_units_and_isotopes_are_not_genes() -> None:
    assert genes("Mutants G26C and T389, 56Fe ions at 600 MeV, 5 mGy and 3D prints.",
                 taxa=(MOUSE,), primary=MOUSE) == {}


@pytest.mark.parametrize(("sentence", "direction"), [
    ("Fbxo32 was upregulated after flight.", "up"),
    ("Fbxo32 expression decreased.", "down"),
    ("Fbxo32 remained unchanged.", "unchanged"),
    ("Fbxo32 is an E3 ligase.", None),
    # the verb of a clause with its own subject is that subject's, not the gene's
    ("Fbxo32 signalling weakened, most of all as the radiation dose increased.", None),
    ("Fbxo32 fell sharply as the dose increased.", "down"),
    ("Fbxo32 rose while the weight decreased.", "up"),
])
def test_direction_is_kept_as_evidence(sentence: str, direction: str | None) -> None:
    mentions = find_genes([TextUnit("Results", sentence)], [MOUSE], None)
    assert [(m.direction, m.section, m.sentence) for m in mentions] == [
        (direction, "Results", sentence)]


def test_common_english_words_need_evidence_whatever_their_casing() -> None:
    # Rest, Clock and Cast are mouse symbols; here they are words at the start of sentences
    text = "Rest lasted an hour. Clock readings drifted. Cast models were printed."
    assert genes(text, taxa=(MOUSE,), primary=MOUSE) == {}
    assert genes("## Clock and Rest in orbit", taxa=(MOUSE,), primary=MOUSE) == {}
    # the same symbols with emphasis or a gene word after them are genes
    assert genes("Both **Clock** and Rest expression shifted.", taxa=(MOUSE,)) == {
        "Clock/10090": {"Clock"}, "Rest/10090": {"Rest"}}


def test_emphasis_alone_does_not_make_a_common_word_a_gene() -> None:
    assert genes("**Rest and recovery** cycles were kept; **Cast** of the femur.",
                 taxa=(MOUSE,), primary=MOUSE) == {}
    assert genes("Clock genes were disrupted in flown mice.", taxa=(MOUSE,)) == {}


def test_chemical_formulas_and_ions_are_not_genes() -> None:
    text = ("Roots in 150 mM NaCl or CaCl₂ and leaves sprayed with H2O2 showed stress; "
            "Mg2+ and KCl were added under 5% CO2 with MgSO4 expression buffers.")
    assert genes(text, taxa=(ARABIDOPSIS,), primary=ARABIDOPSIS) == {}
    # a symbol with the shape of a formula is still a gene when the tables hold it
    assert genes("HK2 expression rose.", taxa=(HUMAN,)) == {"HK2/9606": {"HK2"}}


def test_fusion_constructs_name_the_fused_gene_of_the_prefix_species() -> None:
    found = genes("Mice injected with hBMP2-Fc grew Runx2 expression.", taxa=(MOUSE,))
    assert found == {"BMP2/9606": {"hBMP2-Fc"}, "Runx2/10090": {"Runx2"}}


def test_species_prefixes_name_the_organism_not_the_symbol() -> None:
    found = genes("Human hFBXO32 and mouse mFbxo32 constructs both rose.", taxa=(MOUSE,))
    assert found == {"FBXO32/9606": {"hFBXO32"}, "Fbxo32/10090": {"mFbxo32"}}
    # a species without reference tables still gets the gene, named without its prefix
    found = genes("The Sa-agrA gene and **Eco-RecA** were induced.", taxa=(MOUSE,), primary=MOUSE)
    assert found == {"agrA/1280": {"Sa-agrA"}, "RecA/562": {"Eco-RecA"}}
    # a one-letter prefix needs the table to agree: mPFC is not a mouse gene PFC
    found = genes("Neurons of the mPFC gene network.", taxa=(MOUSE,), primary=MOUSE)
    assert not any(key.startswith("PFC/") for key in found)


def test_one_node_per_gene_whatever_the_written_form() -> None:
    found = genes("The **AtPIN2** gene and PIN2 expression; `pin2` mutants.",
                  taxa=(ARABIDOPSIS,), primary=ARABIDOPSIS)
    assert len(found) == 1 and next(iter(found.values())) == {"AtPIN2", "PIN2", "pin2"}
    assert genes("SOD1 protein and `sod1` transcripts fell.", taxa=(HUMAN,)) == {
        "SOD1/9606": {"SOD1", "sod1"}}


def test_micrornas_map_to_the_mir_gene_of_the_organism_with_the_written_form_kept() -> None:
    assert genes("Flight raised miR-21 and let-7a in mouse plasma.", taxa=(MOUSE,)) == {
        "Mir21a/10090": {"miR-21"}, "Mirlet7a-1/10090": {"let-7a"}}
    assert genes("Serum miR-21 rose in crew members.", taxa=(HUMAN,)) == {
        "MIR21/9606": {"miR-21"}}


def test_pathways_complexes_and_families_named_by_genes_are_not_genes() -> None:
    text = ("Flight dampened the IGF-1 pathway, the PI3K-Akt signaling pathway and the "
            "ARP2/3 complex, and the Bcl2 family shifted.")
    assert genes(text, taxa=(MOUSE,), primary=MOUSE) == {}
    # the same names as genes are kept
    assert genes("IGF-1 and Bcl2 expression fell.", taxa=(MOUSE,)) == {
        "Igf1/10090": {"IGF-1"}, "Bcl2/10090": {"Bcl2"}}


def test_higher_order_mutants_are_not_one_gene() -> None:
    text = "Root hairs of `brk1`, `scar1234` and `spi` mutants shifted."
    found = genes(text, taxa=(ARABIDOPSIS,), primary=ARABIDOPSIS)
    assert not any(key.startswith("scar1234/") for key in found)
    assert any("brk1" in forms for forms in found.values())


def test_coarse_organisms_are_never_given_to_a_gene() -> None:
    # `gpx` is a gene of a species; "Animals" (Metazoa) or "Tardigrades" alone name none
    body = "- Knocking down glutathione peroxidase (`gpx`) lowered survival after drying."
    assert article('["Animals"]', body) == {}
    assert article('["Tardigrades"]', body) == {}
    # with the species written, the same name is its gene
    named = body + " The animals were *Paramacrobiotus spatialis*."
    assert article('["Tardigrades"]', named) == {"gpx/2507083": {"gpx"}}


def test_micrornas_of_several_loci_go_to_the_first_locus() -> None:
    # human miR-125b is made by MIR125B1 and MIR125B2; without a locus written, the first
    found = genes("Plasma miR-125b-5p and miR-125b fell; miR-125b-2 did not.", taxa=(HUMAN,))
    assert found == {"MIR125B1/9606": {"miR-125b-5p", "miR-125b"},
                     "MIR125B2/9606": {"miR-125b-2"}}
    assert genes("Hearts of flown mice lost miR-125b.", taxa=(MOUSE,)) == {
        "Mir125b-1/10090": {"miR-125b"}}


def test_micrornas_without_an_ncbi_id_keep_the_authority_id() -> None:
    # human MIR125B1 has HGNC's NCBI id (issue 10): an NCBI Gene node, the HGNC id kept
    (mention,) = find_genes([TextUnit("Key Findings", "Serum miR-125b rose.", False)],
                            [HUMAN], HUMAN)
    assert mention.gene.ref is not None and mention.gene.ref.hgnc == "HGNC:31506"
    assert gene_iri(mention.gene) == "https://identifiers.org/ncbigene:406911"
    # mouse Mir1186 has an MGI id but no miRBase ENTREZGENE link: its node is a project IRI
    # of taxon and symbol, the MGI id its exact match (see kg.extract.entities.gene_iri)
    (mention,) = find_genes([TextUnit("Key Findings", "Serum miR-1186 rose.", False)],
                            [MOUSE], MOUSE)
    assert mention.gene.ref is not None and mention.gene.ref.mgi == "MGI:3783360"
    assert mention.gene.ref.ncbi is None
    assert gene_iri(mention.gene) == "https://w3id.org/spacebio-kg/id/gene/10090/Mir1186"


def test_no_two_gene_nodes_of_one_taxon_share_a_folded_symbol() -> None:
    # every written form folds to one gene before an IRI is made: table symbols in any casing,
    # names no table holds in any casing, species prefixes and slash forms
    text = ("The **TNO1** gene and `tno1` mutants; AtTNO1 lines; Sod1 and SOD1 and `sod1`; "
            "CAHS3/cahs3 and `Cahs3` levels.")
    for taxa, primary in (((ARABIDOPSIS,), ARABIDOPSIS), ((MOUSE,), MOUSE), ((HUMAN,), 947166)):
        units = [TextUnit("Key Findings", text, False)]
        nodes: dict[tuple[int | None, str], set[str]] = {}
        for m in find_genes(units, list(taxa), primary):
            nodes.setdefault((m.gene.taxon, fold(m.gene.symbol)), set()).add(gene_iri(m.gene))
        assert nodes and all(len(iris) == 1 for iris in nodes.values()), nodes


def test_common_words_naming_a_class_of_proteins_are_not_genes() -> None:
    # "sun" is a fly symbol and an English word: before a plural cue, or before a cue word and
    # another gene's name, it names the class that gene belongs to
    fly = 7227
    for text in ("Like other SUN proteins, Spag4 sits in the nuclear envelope.",
                 "Sperm need the SUN protein Spag4 at the envelope."):
        found = genes(text, taxa=(fly,), primary=fly)
        assert not any(key.lower().startswith("sun/") for key in found), found
        assert any("Spag4" in forms for forms in found.values())


def test_the_shipped_common_words_are_what_wordfreq_rates_common() -> None:
    """data/words/common_en.txt is derived from wordfreq (scripts/words/make_common_words.py);
    a new wordfreq or threshold that changes it fails here until the list is made again."""
    from wordfreq import freq_to_zipf, get_frequency_dict

    from kg.extract.geneshapes import COMMON_WORD, common_words

    english = get_frequency_dict("en", wordlist="best")
    derived = {w for w, f in english.items()
               if w.isascii() and w.isalpha() and round(freq_to_zipf(f), 2) >= COMMON_WORD}
    assert common_words() == derived and len(derived) > 10_000


@pytest.mark.parametrize("token", ["Clock", "REST", "cast", "Trap", "Sost", "Akt", "Fbxo32",
                                   "NaCl", "tardigrade", "Ldh", "SET", "x", "Zzyzx", "café"])
def test_a_common_word_is_decided_as_wordfreq_decides_it(token) -> None:
    from wordfreq import zipf_frequency

    from kg.extract.geneshapes import COMMON_WORD, is_common_word

    asked = token.isascii() and token.isalpha() and zipf_frequency(token.lower(), "en") >= COMMON_WORD
    assert is_common_word(token) is asked
