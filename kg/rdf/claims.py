"""Claims as RDF: each article's claims in its own graph, their links in the links graph.

A claim (:class:`~kg.extract.claims.GeneClaim`) is a node ``claim:<hash>`` minted from the
publication, the gene, the direction and the tissue, so that two articles about one paper
stating the same change make one node (each adds its sentence as ``sbkg:evidence`` and
itself as ``prov:wasDerivedFrom``), and the same input always gives the same node.

Whether two claims agree is a fact of the corpus, not of one article: the ``sbkg:supports``
and ``sbkg:contradicts`` links go in :data:`~kg.core.namespaces.LINKS_GRAPH`, computed from
all the records at once (:func:`link_lines`), and replaced whole with every build.

Which claims are linked: claims of *different* publications about the same gene or an
ortholog of it (one NCBI HomoloGene group: mouse Fbxo32 and human FBXO32; a gene without a
group is a group of its own). Same direction: ``supports``. Another direction: ``contradicts``
(up against down, and also unchanged against up or down: one study finds a change that the
other looked for and did not find; the query shows both directions, so a reader tells the two
kinds apart). Claims of one publication are never linked to each other: up in the soleus and
down in the heart are two findings of one study, not a disagreement. The tissue is not a
condition for a link (the query shows both tissues): a consensus across tissues is what the
meta-analysis question asks.

Size: links are made within a gene's group only, so they grow with the square of the number
of claims about one gene, not of the corpus. A group is linked in full up to
:data:`MAX_GROUP` claims (about 5,000 pairs); in a larger group, only its first
:data:`MAX_GROUP` claims in IRI order are linked, which bounds the links graph to
``groups x MAX_GROUP^2`` triples whatever the corpus size.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from itertools import combinations

from kg.core.namespaces import ID, LINKS_GRAPH, PROV, RDF, SBKG
from kg.extract.entities import GeneFacts
from kg.rdf.canonical import iri, literal, quad_line
from kg.records.model import ArticleRecord

__all__ = ["MAX_GROUP", "Member", "claim_iri", "claim_members", "claim_triples", "link_lines",
           "links", "member_link_lines", "member_links"]

#: the most claims of one gene group that are linked pairwise (see the module's docstring)
MAX_GROUP = 100

Triple = tuple[str, str, str]


def _n(term: object) -> str:
    return iri(str(term))


def claim_iri(publication: str, gene: str, direction: str, tissue: str | None) -> str:
    """The IRI of a claim: publication IRI, gene IRI, direction and tissue, hashed.

    >>> a = claim_iri("https://doi.org/10.1/x", "https://identifiers.org/ncbigene:67731", "up", None)
    >>> a.startswith("https://w3id.org/spacebio-kg/id/claim/"), a == claim_iri(
    ...     "https://doi.org/10.1/x", "https://identifiers.org/ncbigene:67731", "up", "soleus")
    (True, False)
    """
    key = "\x1f".join((publication, gene, direction, tissue or ""))
    return str(ID.claim) + hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _facts(record: ArticleRecord) -> dict[str, GeneFacts]:
    facts = {f.key: f for f in record.entities.gene_facts}
    missing = sorted({c.gene for c in record.claims} - set(facts))
    if missing:
        raise ValueError(f"{record.path}: no gene facts for the claims about {', '.join(missing)}")
    return facts


def claim_triples(record: ArticleRecord, publication: str, article: str) -> Iterable[Triple]:
    """The claims of one article (``publication``, ``article``: their IRIs, N-Triples form)."""
    facts = _facts(record)
    for claim in record.claims:
        gene = facts[claim.gene].iri
        node = iri(claim_iri(publication[1:-1], gene, claim.direction, claim.tissue))
        yield node, _n(RDF.type), _n(SBKG.GeneClaim)
        yield node, _n(SBKG.aboutGene), iri(gene)
        yield node, _n(SBKG.direction), literal(claim.direction)
        yield node, _n(SBKG.evidence), literal(claim.evidence)
        yield node, _n(SBKG.inPublication), publication
        yield node, _n(PROV.wasDerivedFrom), article
        if claim.tissue:
            yield node, _n(SBKG.tissue), literal(claim.tissue)


#: a record and its publication's IRI (:func:`kg.rdf.mapping.publication_iri`, which maps
#: claims with this module and so cannot be imported here)
Published = tuple[str, ArticleRecord]


#: one claim as the links see it: (gene group, claim IRI, publication IRI, direction)
Member = tuple[str, str, str, str]


def claim_members(pub: str, record: ArticleRecord) -> tuple[Member, ...]:
    """What one record's claims add to the links (``pub``: its publication's IRI): all a
    rebuild needs to keep of an unchanged article to link its claims again."""
    if not record.claims:
        return ()
    facts = _facts(record)
    found = []
    for claim in record.claims:
        gene = facts[claim.gene]
        group = f"homologene:{gene.homologene}" if gene.homologene else gene.iri
        found.append((group, claim_iri(pub, gene.iri, claim.direction, claim.tissue), pub,
                      claim.direction))
    return tuple(found)


def _grouped(members: Iterable[Member]) -> dict[str, dict[str, tuple[str, str]]]:
    """gene group -> claim IRI -> (publication IRI, direction), every claim once."""
    groups: dict[str, dict[str, tuple[str, str]]] = {}
    for group, node, pub, direction in members:
        groups.setdefault(group, {})[node] = (pub, direction)
    return groups


def _members(records: Iterable[Published]) -> Iterator[Member]:
    for pub, record in records:
        yield from claim_members(pub, record)


def links(records: Iterable[Published]) -> list[tuple[str, str, str]]:
    """(claim, ``supports`` or ``contradicts``, claim) for each linked pair, each pair once
    (the first claim's IRI the smaller), sorted."""
    return member_links(_members(records))


def member_links(members: Iterable[Member]) -> list[tuple[str, str, str]]:
    """:func:`links` of the claims as :func:`claim_members` gives them (in any order)."""
    found = []
    for group in _grouped(members).values():
        claims = sorted(group.items())[:MAX_GROUP]
        for (a, (pub_a, dir_a)), (b, (pub_b, dir_b)) in combinations(claims, 2):
            if pub_a != pub_b:
                found.append((a, "supports" if dir_a == dir_b else "contradicts", b))
    return sorted(found)


def link_lines(records: Iterable[Published], graph: str = LINKS_GRAPH) -> list[str]:
    """Sorted canonical lines of the links graph of ``records`` (each with its publication's
    IRI, as :func:`links` takes them); each link stated both ways (the properties
    are symmetric, and a query then needs no union). Empty when no two claims link."""
    return member_link_lines(_members(records), graph)


def member_link_lines(members: Iterable[Member], graph: str = LINKS_GRAPH) -> list[str]:
    """:func:`link_lines` of the claims as :func:`claim_members` gives them."""
    g = iri(graph)
    props = {"supports": _n(SBKG.supports), "contradicts": _n(SBKG.contradicts)}
    lines = set()
    for a, kind, b in member_links(members):
        lines.add(quad_line(iri(a), props[kind], iri(b), g))
        lines.add(quad_line(iri(b), props[kind], iri(a), g))
    return sorted(lines)
