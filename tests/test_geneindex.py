"""The gene index (kg/extract/refindex.py) against the TSVs it is made from."""

from __future__ import annotations

import dataclasses
import gzip
import random
import shutil
import zipfile
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

import pytest

from kg.extract import refindex
from kg.extract.lexicon import GeneRef, Lexicon, fold, lexicon

DATA = Path(str(files("kg.extract") / "data" / "genes"))


def _rows(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in gzip.decompress(path.read_bytes()).decode().splitlines()[1:]]


def _gene(row: list[str]) -> GeneRef:
    taxon, ncbi, symbol, name, hgnc, mgi, rgd, xref, kind = row
    return GeneRef(int(taxon), ncbi or hgnc or mgi or rgd or xref, symbol, name, hgnc, mgi, rgd,
                   xref, kind)


@pytest.fixture(scope="module")
def sources() -> dict[str, list[list[str]]]:
    return {name: _rows(DATA / name) for name in refindex.gene_spec(fold).sources}


def test_shipped_index_gives_what_the_tables_say(sources: dict[str, list[list[str]]]) -> None:
    # read the TSVs the plain way and compare a seeded sample of every kind of lookup: a stale
    # or wrongly made index fails here
    genes = [_gene(row) for row in sources["genes.tsv.gz"]]
    exact, loose, by_key = defaultdict(list), defaultdict(list), {}
    for gene in genes:
        exact[gene.taxon, gene.symbol].append(gene)
        loose[gene.taxon, fold(gene.symbol)].append(gene)
        by_key[gene.taxon, gene.key] = gene
    alias_exact, alias_loose = defaultdict(set), defaultdict(set)
    names: dict[tuple[int, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for taxon, alias, key, kind in sources["aliases.tsv.gz"]:
        names[int(taxon), key][kind].add(alias)
        if (int(taxon), key) in by_key:
            alias_exact[int(taxon), alias].add(key)
            alias_loose[int(taxon), fold(alias)].add(key)
    group_of, members = {}, defaultdict(list)
    for group, taxon, key in sources["orthologs.tsv.gz"]:
        group_of[int(taxon), key] = group
        members[group].append((int(taxon), key))

    lex = lexicon()
    assert lex.index_fresh
    assert lex.taxa == tuple(sorted({g.taxon for g in genes}))
    pick = random.Random(13)
    for gene in pick.sample(genes, 400):
        table = lex.taxon(gene.taxon)
        assert table is not None
        assert table.exact[gene.symbol] == exact[gene.taxon, gene.symbol]
        assert table.loose[fold(gene.symbol)] == loose[gene.taxon, fold(gene.symbol)]
        assert table.by_key[gene.key] == by_key[gene.taxon, gene.key]
        mine = names[gene.taxon, gene.key]
        assert lex.other_names(gene) == (tuple(sorted(mine["alias"])),
                                         tuple(sorted(mine["previous"])))
        assert lex.homologene(gene) == group_of.get((gene.taxon, gene.key))
    for taxon, alias, _key, _kind in pick.sample(sources["aliases.tsv.gz"], 400):
        table = lex.taxon(int(taxon))
        assert table is not None
        assert table.alias_exact.get(alias) == alias_exact.get((int(taxon), alias))
        assert table.alias_loose.get(fold(alias)) == alias_loose.get((int(taxon), fold(alias)))
    for group in pick.sample(sorted(members), 200):
        assert lex.members[group] == members[group]
    table = lex.taxon(10090)
    assert table is not None and "no-such-gene" not in table.exact
    assert table.exact.get("no-such-gene") is None and lex.taxon(1) is None


# -- a small data folder of our own, to see a stale or missing index handled ---------------------
_GENES = ("taxon\tncbi_gene\tsymbol\tname\thgnc\tmgi\trgd\txref\ttype\n"
          "10090\t12575\tCdkn1a\t\t\tMGI:104556\t\t\tprotein_coding\n"
          "10090\t67731\tFbxo32\t\t\tMGI:1914981\t\t\tprotein_coding\n")
_ALIASES = "taxon\talias\tncbi_gene\tkind\n10090\tMAFbx\t67731\talias\n10090\tp21\t12575\talias\n"
_ORTHOLOGS = "group\ttaxon\tncbi_gene\n333\t10090\t12575\n"


def _folder(tmp: Path, genes: str = _GENES) -> Path:
    for name, text in (("genes.tsv.gz", genes), ("aliases.tsv.gz", _ALIASES),
                       ("orthologs.tsv.gz", _ORTHOLOGS)):
        (tmp / name).write_bytes(gzip.compress(text.encode(), mtime=0))
    shutil.copy(DATA / "curated_aliases.tsv", tmp)
    return tmp


def test_a_missing_index_is_made_beside_the_tables(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    lex = Lexicon(folder)
    assert lex.symbol(10090, "Fbxo32") is not None
    assert not lex.index_fresh and (folder / "genes.sqlite").exists()
    again = Lexicon(folder)
    table = again.taxon(10090)
    assert again.index_fresh and table is not None and table.alias_exact["MAFbx"] == {"67731"}
    assert not list(folder.glob("*.partial"))


def test_a_stale_index_is_made_again(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    refindex.write_index(refindex.gene_spec(fold), folder)
    assert Lexicon(folder).index_fresh
    _folder(tmp_path, _GENES + "10090\t16000\tIgf1\t\t\tMGI:96432\t\t\tprotein_coding\n")
    lex = Lexicon(folder)
    gene = lex.symbol(10090, "Igf1")  # the row added to the tables after the index was made
    assert gene is not None and gene.mgi == "MGI:96432" and not lex.index_fresh
    assert Lexicon(folder).index_fresh


def test_an_index_of_another_layout_is_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    refindex.write_index(refindex.gene_spec(fold), folder)
    made = refindex.gene_spec
    monkeypatch.setattr(refindex, "gene_spec",
                        lambda fold: dataclasses.replace(made(fold), layout="next"))
    assert not Lexicon(folder).index_fresh


def test_tables_that_are_not_a_folder_are_indexed_in_memory(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    folder = _folder(tmp_path / "src")
    archive = tmp_path / "data.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in folder.iterdir():
            zipped.write(path, f"genes/{path.name}")
    lex = Lexicon(zipfile.Path(archive, "genes/"))
    assert lex.gene(10090, "12575") == GeneRef(10090, "12575", "Cdkn1a", mgi="MGI:104556",
                                               type="protein_coding")
    assert lex.members["333"] == [(10090, "12575")] and not lex.index_fresh


def test_taxa_index_gives_what_the_taxa_tables_say() -> None:
    # the names' lines searched as text, as the loader did before the index: same ids, same order
    from kg.extract import taxa

    folder = Path(str(files("kg.extract") / "data" / "taxa"))
    text = gzip.decompress((folder / "names.tsv.gz").read_bytes()).decode("utf-8")
    extra = "".join(line for line in (folder / "synonyms.tsv").read_text().splitlines(True)
                    if line.strip() and not line.startswith(("#", "name\t")))
    folded = ("\n" + text + "\n" + extra).casefold()
    texts = (folded, folded.replace("[", "").replace("]", ""))

    def named(key: str) -> tuple[int, ...]:
        ids: list[int] = []
        for names in texts:
            start = 0
            while (at := names.find(f"\n{key}\t", start)) != -1:
                field = names[at + 1:names.find("\n", at + 1)].split("\t")[1]
                if field.isdigit() and int(field) not in ids:
                    ids.append(int(field))
                start = at + 1
        return tuple(ids)

    pick = random.Random(13)
    lines = [line.split("\t") for line in texts[0].splitlines() if "\t" in line]
    keys = {fields[0] for fields in pick.sample(lines, 150)} | {"candida auris", "mice", "name"}
    for key in sorted(keys):
        assert taxa._ids_named(key) == named(key), key
    rows = {int(f[0]): (f[1], f[2], int(f[3])) for f in
            (line.split("\t") for line in gzip.decompress(
                (folder / "taxa.tsv.gz").read_bytes()).decode().splitlines()[1:])}
    for taxon_id in pick.sample(sorted(rows), 300):
        assert taxa._row(taxon_id) == rows[taxon_id]
    assert taxa._row(max(rows) + 1) is None and taxa._index().fresh
