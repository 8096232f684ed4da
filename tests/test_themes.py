"""Knowledge-gap themes: curated needs found across organisms, topic groups out of the data."""

from __future__ import annotations

import random

from kg.extract.themes import CURATED, DATA, GapText, Settings, assign_themes, needs_of, research_needs


def gap(pub: str, n: int, text: str, context: str = "") -> GapText:
    return GapText(f"{pub}#{n}", pub, text, context)


# Six small studies in our own words: a mouse, a fish and a plant study that each ask whether
# their result holds for people, two on a bacterial channel, two on tardigrade proteins.
MOUSE = "Hindlimb unloading and bone loss in mice"
FISH = "Otolith growth of medaka fish in orbit"
PLANT = "Arabidopsis seedlings on the space station"
CHANNEL = "Gating of the bacterial mechanosensitive channel MscL"
TARDI = "Tardigrade disordered proteins and desiccation"
CORPUS = (
    gap("10.1/mouse", 1, "Whether the loss of trabecular bone in mice translates to astronauts", MOUSE),
    gap("10.1/mouse", 2, "Identity of the osteocyte signal that starts resorption", MOUSE),
    gap("10.1/fish", 1, "How far otolith changes in fish apply to human balance", FISH),
    gap("10.1/fish", 2, "Which hair-cell genes respond first to altered gravity", FISH),
    gap("10.1/plant", 1, "Translating the root stress response of this weed to human cells", PLANT),
    gap("10.1/chan-a", 1, "Order of helix movements when the channel pore opens under membrane tension", CHANNEL),
    gap("10.1/chan-a", 2, "How lipid packing of the membrane shifts the channel gating tension", CHANNEL),
    gap("10.1/chan-b", 1, "Whether the channel pore opens in steps or at once under tension", CHANNEL),
    gap("10.1/chan-b", 2, "Which membrane lipids tune the gating tension of the channel", CHANNEL),
    gap("10.1/tardi-a", 1, "How disordered proteins form gels that shield cells during drying", TARDI),
    gap("10.1/tardi-b", 1, "Whether the disordered proteins protect cells by gels or by glass during drying", TARDI),
    gap("10.1/lone", 1, "The ligand of an orphan receptor kinase in pollen tubes", "Pollen tube receptor kinases"),
)


def test_same_input_gives_same_themes_in_same_order_whatever_the_input_order() -> None:
    first = assign_themes(CORPUS)
    shuffled = list(CORPUS)
    random.Random(7).shuffle(shuffled)
    assert assign_themes(shuffled) == first
    assert assign_themes(CORPUS) == first
    assert first.themes, "the corpus shares needs, so some theme must come out"


def test_a_curated_need_is_found_across_organisms() -> None:
    themes = {t.id: t for t in assign_themes(CORPUS).themes}
    translation = themes["model-to-human-translation"]
    assert translation.kind == CURATED
    assert set(translation.members) == {"10.1/mouse#1", "10.1/fish#1", "10.1/plant#1"}
    assert translation.label and translation.definition


def test_a_topic_group_is_formed_from_the_data_across_publications() -> None:
    data = [t for t in assign_themes(CORPUS).themes if t.kind == DATA]
    channel = [t for t in data if "10.1/chan-a#1" in t.members]
    assert len(channel) == 1
    pubs = {m.split("#")[0] for m in channel[0].members}
    assert pubs == {"10.1/chan-a", "10.1/chan-b"}
    assert "channel" in channel[0].label.casefold() or "gating" in channel[0].label.casefold()
    assert channel[0].id.startswith("topic-")
    tardigrade = [t for t in data if "10.1/tardi-a#1" in t.members]
    assert tardigrade and "10.1/tardi-b#1" in tardigrade[0].members
    assert not set(tardigrade[0].members) & set(channel[0].members)


def test_a_gap_sharing_no_need_gets_no_theme() -> None:
    assignment = assign_themes(CORPUS)
    assert assignment.of("10.1/lone#1") == ()
    assert assignment.of("10.1/mouse#2") == ()


def test_a_need_of_a_single_publication_is_no_theme() -> None:
    only_one = [g for g in CORPUS if g.publication != "10.1/fish" and g.publication != "10.1/plant"]
    assert "model-to-human-translation" not in {t.id for t in assign_themes(only_one).themes}


def test_a_large_corpus_clusters_reduced_vectors_to_the_same_topics() -> None:
    small = assign_themes(CORPUS)
    reduced = assign_themes(CORPUS, Settings(reduce_above=2))
    topics = {t.members for t in small.themes if t.kind == DATA}
    assert topics and {t.members for t in reduced.themes if t.kind == DATA} == topics


def test_a_corpus_too_large_for_all_pairs_is_clustered_in_parts_to_the_same_topics() -> None:
    exact = assign_themes(CORPUS)
    topics = {t.members for t in exact.themes if t.kind == DATA}
    # the parts follow the vectors: the two channel studies and the two tardigrade ones
    # stay together however small the parts
    for part in (2, 3, 5):
        found = assign_themes(CORPUS, Settings(exact_up_to=1, part=part))
        assert {t.members for t in found.themes if t.kind == DATA} == topics, part


def test_the_parts_cover_every_study_once_and_none_is_larger_than_asked() -> None:
    import numpy as np

    from kg.extract.themes import _parts

    rng = np.random.default_rng(3)
    rows = np.vstack([rng.normal(size=(40, 8)) + 5 * rng.normal(size=8) for _ in range(5)])
    rows[:30] = rows[0]  # thirty alike: no 2-means split of them, halves instead
    for size in (1, 7, 50, 500):
        parts = _parts(rows, size)
        assert all(len(p) <= size for p in parts)
        assert sorted(np.concatenate(parts).tolist()) == list(range(len(rows)))
        again = _parts(rows, size)
        assert [p.tolist() for p in again] == [p.tolist() for p in parts]  # seeded


def test_needs_found_while_reading_give_the_same_themes() -> None:
    from dataclasses import replace

    from kg.extract.themes import need_ids

    known = [replace(g, needs=need_ids(g.text)) for g in CORPUS]
    assert assign_themes(known) == assign_themes(CORPUS)
    # the known needs are used, not found again
    none = assign_themes([replace(g, needs=()) for g in CORPUS])
    assert not [t for t in none.themes if t.kind == CURATED]


def test_a_plant_only_corpus_still_gets_data_driven_themes() -> None:
    roots = "Root gravitropism and actin in Arabidopsis"
    er = "Unfolded protein response of the plant endoplasmic reticulum"
    plants = [
        gap("10.2/root-a", 1, "How actin filaments relay the gravity signal in root cells", roots),
        gap("10.2/root-b", 1, "Which actin-binding proteins steer root bending after a gravity change", roots),
        gap("10.2/er-a", 1, "Targets of the IRE1 ribonuclease beyond its splicing substrate", er),
        gap("10.2/er-b", 1, "How IRE1 and bZIP28 divide the work of the unfolded protein response", er),
    ]
    themes = assign_themes(plants).themes
    assert themes and all(t.kind == DATA for t in themes)
    by_gap = {m: t.id for t in themes for m in t.members}
    assert by_gap["10.2/root-a#1"] == by_gap["10.2/root-b#1"]
    assert by_gap["10.2/er-a#1"] == by_gap["10.2/er-b#1"]
    assert by_gap["10.2/root-a#1"] != by_gap["10.2/er-a#1"]


def test_a_gap_stating_two_needs_gets_two_themes() -> None:
    corpus = [
        gap("10.3/a", 1, "Countermeasures against the combined effects of radiation and microgravity"),
        gap("10.3/b", 1, "Combined effects of radiation and microgravity on the liver"),
        gap("10.3/c", 1, "Efficacy of a dietary countermeasure for muscle loss"),
    ]
    assert {t.id for t in assign_themes(corpus).of("10.3/a#1")} == {
        "combined-stressors",
        "countermeasure-development",
    }


def test_a_broad_need_yields_to_a_specific_one() -> None:
    assert [n.id for n in needs_of("Long-duration effects of chronic low-dose radiation")] == [
        "radiation-dose-quality-rate"
    ]
    assert [n.id for n in needs_of("Long-duration effects on the heart")] == ["long-duration-effects"]


def test_the_scheme_gives_every_need_a_label_a_definition_and_cues() -> None:
    needs = research_needs()
    assert len({n.id for n in needs}) == len(needs) >= 15
    for need in needs:
        assert need.label and need.definition and need.cues and need.rank in (1, 2)
