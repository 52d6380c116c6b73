"""Fitting the relation classifier on annotated announcements (``NAME.txt`` + ``NAME.gold.json``, the
FORMAT.md shape): run the annotators and the candidate generator over each document, align the entities
found with the annotated ones (as the shared scorer does: by type and by names), label every candidate,
and fit one logistic model per relation, with its threshold and calibration chosen on cross-validated
scores.  Used by ``scripts/train_extractor.py`` and the quality benchmarks; needs scikit-learn (the
``train`` extra), which extraction itself never imports.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.model import Entity
from loaders.extraction.annotate.names import NameModel, NameRecorder, using
from loaders.extraction.annotate.orgs import Org
from loaders.extraction.document import AnnotatedDoc
from loaders.extraction.engine import Scored, annotate, assemble, describe
from loaders.extraction.relations.agreements import STAGE, has_stage, stage_candidates
from loaders.extraction.relations.amounts import AMOUNT, amount_candidates, keep_terms
from loaders.extraction.relations.candidates import RELATIONS, Candidate, candidates
from loaders.extraction.relations.deals import accepted_deals, deal_features, type_features
from loaders.extraction.relations.model import LinearModel
from loaders.text import read_text

__all__ = ["Example", "align", "fit", "fit_names", "label", "load_examples", "name_rows"]

_LEGAL = set(
    "inc incorporated ltd limited co corp corporation company plc ag sa se gmbh llc lp nv bv kk kabushiki "
    "kaisha holdings holding group the ab as asa oy spa srl pte pvt private public sas bhd sdn ulc".split()
)


@dataclass
class Example:
    """One annotated document with its candidates, each labelled against the annotation."""

    name: str
    doc: AnnotatedDoc
    gold: dict[str, Any]
    candidates: list[Candidate]
    labels: list[int]
    mapping: dict[str, str]  # candidate entity key -> gold entity id


def _cases(folders: Iterable[Path]) -> Iterator[tuple[Path, dict[str, Any]]]:
    for folder in folders:
        for gold_path in sorted(Path(folder).glob("*.gold.json")):
            text_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
            yield text_path, json.loads(gold_path.read_text(encoding="utf-8"))


def load_examples(
    folders: Iterable[Path], names: Callable[[str], NameModel | None] | None = None
) -> list[Example]:
    """The annotated cases, each with its candidates labelled. ``names``: the learned organisation-name
    model to annotate each case with, by its file name (cross-validation's, fitted without it); without it
    the shipped one."""
    out = []
    for text_path, gold in _cases(folders):
        document = read_text(text_path.read_text(encoding="utf-8"), text_path)
        with using(names(text_path.name)) if names else nullcontext():
            doc = annotate(document)
        cands = candidates(doc)
        mapping = align(gold.get("entities", []), _entities(doc))
        out.append(Example(text_path.name, doc, gold, cands, label(gold, cands, mapping), mapping))
    return out


NameRow = tuple[str, frozenset[str], bool]  # case file name, a run's features, whether it is a name


def name_rows(folders: Iterable[Path]) -> list[NameRow]:
    """The capitalised runs the organisation rules leave in each case, with their features, labelled by
    whether the annotation names an organisation so (its name or an alias, exactly)."""
    rows = []
    for text_path, gold in _cases(folders):
        names = {
            form
            for e in gold.get("entities", [])
            if e.get("type") == "Organization"
            for form in [e.get("name"), *(e.get("aliases") or [])]
            if form
        }
        text = text_path.read_text(encoding="utf-8")
        recorder = NameRecorder()
        with using(recorder):
            doc = annotate(read_text(text, text_path))
        rows += [(text_path.name, feats, doc.text[s:e] in names) for s, e, feats in recorder.runs]
    return rows


def fit_names(
    rows: Sequence[NameRow], c: float = 0.3, threshold: float = 0.75, min_docs: int = 3
) -> NameModel:
    """A logistic model of whether a run is an organisation's name, from its features; a feature seen in
    fewer than ``min_docs`` documents (a word of one document's company, one release's phrasing) is left
    out, as no rule may name what only one document has."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    docs: dict[str, set[str]] = {}
    for name, feats, _ in rows:
        for f in feats:
            docs.setdefault(f, set()).add(name)
    kept = {f for f, names in docs.items() if len(names) >= min_docs}
    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in feats if f in kept} for _, feats, _ in rows])
    clf = LogisticRegression(C=c, max_iter=3000, fit_intercept=False)
    clf.fit(x, [label for _, _, label in rows])
    weights = {str(n): float(w) for n, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)}
    return NameModel(weights, threshold)


def _entities(doc: AnnotatedDoc) -> list[Entity]:
    return [e for key in doc.entities if (e := describe(doc, key)) is not None]


def label(gold: dict[str, Any], cands: Sequence[Candidate], mapping: dict[str, str]) -> list[int]:
    facts = {tuple(f) for f in gold.get("facts", [])}
    entities = {e["id"]: e for e in gold.get("entities", [])}
    places = {
        (s, p, entities[o].get("country") if o in entities else o)
        for s, p, o in facts
        if p in ("headquartered_in", "located_in")
    }
    pairs = set()
    for s, p, o in facts:
        if p in ("contracts_with", "acquires"):
            pairs.add(frozenset((s, o)))
    for a in gold.get("agreements", []):
        parties = _parties(a)
        for i, x in enumerate(parties):
            for y in parties[i + 1 :]:
                pairs.add(frozenset((x, y)))
    out = []
    for cand in cands:
        s, o = mapping.get(cand.subject), mapping.get(cand.object)
        rel = cand.relation
        if rel == "headquartered_in":
            ok = s is not None and (s, rel, cand.object) in places
        elif rel == "starts_operations":
            ok = s is not None and (s, rel, cand.object) in facts
        elif rel == "deal":
            ok = s is not None and o is not None and frozenset((s, o)) in pairs
        elif rel == "acquires_site":
            ok = s is not None and (s, "acquires", o) in facts
        else:
            ok = s is not None and (s, rel, o) in facts
        out.append(int(ok))
    return out


def _parties(agreement: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for key in ("provider", "client", "partner", "partners", "licensor", "licensee"):
        value = agreement.get(key)
        out += [value] if isinstance(value, str) else [v for v in value or [] if isinstance(v, str)]
    return list(dict.fromkeys(out))


def fold_of(name: str, folds: int) -> int:
    """The cross-validation fold of a case, by its name: adding a case moves no other case to another
    fold (folds by position did, and moved the fitted thresholds with them)."""
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16) % folds


def fit(examples: Sequence[Example], c: float = 0.5, folds: int = 5) -> LinearModel:
    """Fit in the stages extraction scores in: the deals first (their pairs, types and figures); then, with
    what the fitted deal model finds in each document added to the candidates, every other relation; last the
    stages of the deals extraction finds (with the products it gives them)."""
    deals = _fit_relations(
        [(fold_of(ex.name, folds), ex.candidates, ex.labels) for ex in examples], ("deal",), c, folds
    )
    deals["deal_type"] = _fit_types(examples, LinearModel(deals), c)
    deals |= _fit_relations(_amount_rows(examples, LinearModel(deals), folds), (AMOUNT,), c, folds)
    stage1 = LinearModel(deals)
    rows = []
    for ex in examples:
        cands = staged(ex, stage1)
        rows.append((fold_of(ex.name, folds), cands, label(ex.gold, cands, ex.mapping)))
    others = _fit_relations(rows, tuple(r for r in RELATIONS if r != "deal"), c, folds)
    fitted = {**deals, **others}
    fitted |= _fit_relations(_stage_rows(examples, LinearModel(fitted), folds), (STAGE,), c, folds)
    return LinearModel(fitted, version="fitted")


def staged(example: Example, model: LinearModel) -> list[Candidate]:
    """The example's candidates with the features the model's deals add (the second stage's input)."""
    return _staged(example, model)[0]


def _staged(example: Example, model: LinearModel) -> tuple[list[Candidate], list[Any]]:
    found = _accepted(example, model, model)
    keep_terms(example.doc, found, model)
    return deal_features(example.doc, found, example.candidates), found


def scored(example: Example, model: LinearModel) -> Scored:
    """The example scored as extraction scores a document (both stages)."""
    cands, found = _staged(example, model)
    for cand, p in zip(cands, model.probabilities(cands), strict=True):
        cand.score = p
    return Scored(cands, found)


def _accepted(example: Example, model: LinearModel, types: LinearModel | None = None) -> list[Any]:
    """The deals the model's deal scores accept in the example (typed by ``types``, else by the rules)."""
    for cand, p in zip(example.candidates, model.probabilities(example.candidates), strict=True):
        cand.score = p
    return accepted_deals(example.doc, example.candidates, model.threshold("deal"), types)


def _fit_types(examples: Sequence[Example], model: LinearModel, c: float) -> dict[str, Any]:
    """A multinomial model of the agreement type, on the deals the deal model accepts whose parties have an
    annotated agreement."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows, labels = [], []
    for ex in examples:
        orgs = {k: e for k, e in ex.doc.entities.items() if isinstance(e, Org)}
        for deal in _accepted(ex, model):
            if deal.companion:  # typed by the deal it is stated beside, not by the classifier
                continue
            gold = _gold_type(ex, deal)
            if gold:
                rows.append(type_features(ex.doc, deal, orgs))
                labels.append(gold)
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    clf = LogisticRegression(C=c, max_iter=3000, fit_intercept=False)
    clf.fit(x, labels)
    names = vec.get_feature_names_out()
    weights = {
        str(cls): {n: round(float(w), 4) for n, w in zip(names, coef, strict=True) if round(float(w), 4)}
        for cls, coef in zip(clf.classes_, clf.coef_, strict=True)
    }
    return {"weights": weights}


def _amount_rows(
    examples: Sequence[Example], model: LinearModel, folds: int
) -> list[tuple[int, list[Candidate], list[int]]]:
    """The figures of the deals the deal model accepts whose parties have an annotated agreement (the one of
    the same type first, as the scorer matches them), each labelled by whether that agreement states it."""
    rows = []
    for ex in examples:
        cands, labels = [], []
        for deal in _accepted(ex, model, model):
            agreement = _gold_agreement(ex, deal)
            if agreement is None or not deal.amounts:
                continue
            stated = {round(float(x["amount"]), -3) for x in agreement.get("value") or [] if _is_amount(x)}
            cands += amount_candidates(ex.doc, deal)
            labels += [int(round(a.amount, -3) in stated) for a in deal.amounts]
        rows.append((fold_of(ex.name, folds), cands, labels))
    return rows


def _stage_rows(
    examples: Sequence[Example], model: LinearModel, folds: int
) -> list[tuple[int, list[Candidate], list[int]]]:
    """The stage candidates of the deals extraction finds (with the products it gives them) whose parties
    have an annotated agreement, each labelled by whether that agreement states the stage."""
    rows = []
    for ex in examples:
        found = scored(ex, model)
        assemble(ex.doc, found, model)  # sets each deal's products as extraction does
        cands, labels = [], []
        for deal in found.deals:
            agreement = _gold_agreement(ex, deal)
            if agreement is None or not has_stage(deal):
                continue
            stated = {fold(s) for s in agreement.get("stage") or [] if isinstance(s, str)}
            for cand in stage_candidates(ex.doc, deal, found.deals):
                cands.append(cand)
                labels.append(int(fold(cand.object) in stated))
        rows.append((fold_of(ex.name, folds), cands, labels))
    return rows


def _is_amount(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("amount"), (int, float))


def _gold_agreement(ex: Example, deal: Any) -> dict[str, Any] | None:
    """The annotated agreement of the deal's parties exactly, of its type if there are several."""
    pair = {ex.mapping.get(k) for k in deal.parties}
    if None in pair:
        return None
    same = [a for a in ex.gold.get("agreements", []) if set(_parties(a)) == pair]
    return next((a for a in same if a.get("type") == deal.type), same[0] if same else None)


def _gold_type(ex: Example, deal: Any) -> str | None:
    pair = {ex.mapping.get(k) for k in deal.parties}
    for agreement in ex.gold.get("agreements", []):
        if pair <= set(_parties(agreement)) and None not in pair:
            return str(agreement.get("type"))
    return None


def _fit_relations(
    rows_in: Sequence[tuple[int, Sequence[Candidate], Sequence[int]]],
    relations: Sequence[str],
    c: float,
    folds: int,
) -> dict[str, dict[str, Any]]:
    """One logistic model per relation; threshold (best F1) and Platt calibration from out-of-fold scores."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    out: dict[str, dict[str, Any]] = {}
    for rel in relations:
        rows = [
            (i, cand.features, y)
            for i, cands, labels in rows_in
            for cand, y in zip(cands, labels, strict=True)
            if cand.relation == rel
        ]
        if len({y for _, _, y in rows}) < 2:
            continue
        vec = DictVectorizer()
        x = vec.fit_transform([f for _, f, _ in rows])
        y = [label for _, _, label in rows]
        margins = [0.0] * len(rows)
        for k in range(folds):
            train = [j for j, (i, _, _) in enumerate(rows) if i % folds != k]
            test = [j for j, (i, _, _) in enumerate(rows) if i % folds == k]
            if not test or len({y[j] for j in train}) < 2:
                continue
            clf = LogisticRegression(C=c, max_iter=2000, fit_intercept=False)
            clf.fit(x[train], [y[j] for j in train])
            for j, m in zip(test, clf.decision_function(x[test]), strict=True):
                margins[j] = float(m)
        a, b = _platt(margins, y)
        clf = LogisticRegression(C=c, max_iter=2000, fit_intercept=False)
        clf.fit(x, y)
        weights = {
            name: round(float(w), 4)
            for name, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)
        }
        probs = [_sigmoid(a * m + b) for m in margins]
        out[rel] = {
            "weights": {k: w for k, w in weights.items() if w},
            "calibration": [round(a, 4), round(b, 4)],
            "threshold": round(_best_threshold(probs, y), 3),
        }
    return out


def _sigmoid(z: float) -> float:
    import math

    return 1 / (1 + math.exp(-max(-35.0, min(35.0, z))))


def _platt(margins: Sequence[float], y: Sequence[int]) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=100.0)
    clf.fit([[m] for m in margins], y)
    return float(clf.coef_[0][0]), float(clf.intercept_[0])


def _best_threshold(probs: Sequence[float], y: Sequence[int]) -> float:
    """Half the best F1 the out-of-fold probabilities reach: for calibrated probabilities that is the
    threshold of best F1 (Lipton, Elkan & Naryanaswamy, "Thresholding classifiers to maximize F1 score",
    2014), and it moves with the best F1 itself, which barely moves when cases are added. The threshold of
    best F1 read off the curve did move: the plateau near its top is flat within 0.002 over 0.1 or more, and
    its middle (the rule before, 2026-12-04 to 12-05) jumped by 0.02 in two of five cross-validation folds
    when a rule changed four documents of 1,315, moving agreements in 22 others. With this rule the folds'
    thresholds were the same before and after that change, and cross-validated figures rose a little
    (0.663 / 0.586 -> 0.663 / 0.588 on the same code)."""
    total, tp, fp, best = sum(y), 0, 0, 0.0
    ranked = sorted(zip(probs, y, strict=True), key=lambda pv: -pv[0])
    for k, (p, v) in enumerate(ranked):  # F1 with every candidate down to this one accepted
        tp, fp = tp + v, fp + (not v)
        if k + 1 == len(ranked) or ranked[k + 1][0] < p:
            best = max(best, 2 * tp / (tp + fp + total))
    return round(best / 2, 2)


# -- alignment (the shared scorer's rule: same type, a name in common or nearly so) ------------------------


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _norm(name: str | None) -> str:
    return " ".join(w for w in fold(name or "").split() if w not in _LEGAL)


def _names(entity: dict[str, Any] | Entity) -> list[str]:
    if isinstance(entity, Entity):
        raw = [entity.name, *entity.aliases]
    else:
        raw = [entity.get("name"), *(entity.get("aliases") or [])]
    return [n for n in (_norm(x) for x in raw if x) if n]


def _similarity(gold: dict[str, Any], pred: Entity) -> float:
    if gold.get("type") != pred.type.value:
        return 0.0
    gold_undisclosed = bool(gold.get("undisclosed")) or not gold.get("name")
    if gold_undisclosed or pred.undisclosed:
        if not (gold_undisclosed and pred.undisclosed):
            return 0.0
        a, b = fold(gold.get("description") or ""), fold(pred.description or "")
        return 0.5 + 0.5 * difflib.SequenceMatcher(None, a, b).ratio()
    best = 0.0
    for a in _names(gold):
        for b in _names(pred):
            if a == b:
                return 1.0
            ratio = difflib.SequenceMatcher(None, a, b).ratio()
            if ratio >= 0.9:
                best = max(best, ratio)
    return best


def align(gold_entities: Sequence[dict[str, Any]], found: Sequence[Entity]) -> dict[str, str]:
    """Found entity id -> gold entity id, one to one, best match first."""
    pairs = []
    for g in gold_entities:
        for p in found:
            score = _similarity(g, p)
            if score > 0:
                pairs.append((score, g["id"], p.id))
    pairs.sort(reverse=True)  # the shared scorer's order: best score first, ties by the larger ids
    used, mapping = set(), {}
    for _, gid, pid in pairs:
        if gid in used or pid in mapping:
            continue
        used.add(gid)
        mapping[pid] = gid
    return mapping


def diagnose(example: Example, model: LinearModel) -> list[str]:
    """Why each annotated fact was missed (no entity, no candidate, or scored under the threshold) and
    why each wrong candidate passed (its score and strongest features): one line each."""
    cands = staged(example, model)
    labels = label(example.gold, cands, example.mapping)
    probs = model.probabilities(cands)
    gold_ids = {e["id"]: e for e in example.gold.get("entities", [])}
    back = {g: k for k, g in example.mapping.items()}
    out = []
    by_key = {}
    for cand, p in zip(cands, probs, strict=True):
        cand.score = p
        by_key[(cand.relation, example.mapping.get(cand.subject), _gold_object(cand, example.mapping))] = cand
    for s, p, o in example.gold.get("facts", []):
        rel = {"acquires": "acquires_site" if str(o).startswith("s") else "acquires"}.get(p, p)
        if p in ("located_in", "contracts_with"):
            continue
        obj = gold_ids[o].get("country") if p == "headquartered_in" and o in gold_ids else o
        if s not in back:
            name = f"{p}({_name(gold_ids.get(s))}, {_name(gold_ids.get(o)) or o})"
            out.append(f"  no entity  {name}: subject not found")
            continue
        if p not in ("headquartered_in", "starts_operations") and o not in back:
            out.append(
                f"  no entity  {p}({_name(gold_ids.get(s))}, {_name(gold_ids.get(o))}): object not found"
            )
            continue
        found = by_key.get((rel, s, obj))
        if found is None:
            out.append(f"  no cand    {p}({_name(gold_ids.get(s))}, {_name(gold_ids.get(o)) or o})")
        elif found.score < model.threshold(rel):
            top = ", ".join(f"{f}{w:+.1f}" for f, w in model.contributions(found, 6))
            name = f"{p}({_name(gold_ids.get(s))}, {_name(gold_ids.get(o)) or o})"
            out.append(f"  low {found.score:.2f}   {name} [{top}]")
    for cand, y in zip(cands, labels, strict=True):
        if not y and cand.score >= model.threshold(cand.relation):
            top = ", ".join(f"{f}{w:+.1f}" for f, w in model.contributions(cand, 6))
            out.append(f"  wrong {cand.score:.2f} {cand.relation}({cand.subject}, {cand.object}) [{top}]")
    return out


def _gold_object(cand: Candidate, mapping: dict[str, str]) -> str | None:
    if cand.relation in ("headquartered_in", "starts_operations"):
        return cand.object
    return mapping.get(cand.object)


def _name(entity: dict[str, Any] | None) -> str:
    if not entity:
        return ""
    return str(entity.get("name") or entity.get("description") or entity.get("id"))


@dataclass(frozen=True)
class Comparison:
    """How an extraction record differs from its annotation, fact by fact (as the shared scorer counts)."""

    missed: frozenset[tuple[str, ...]]
    spurious: frozenset[tuple[str, ...]]

    @property
    def errors(self) -> int:
        return len(self.missed) + len(self.spurious)


def compare(record: dict[str, Any], gold: dict[str, Any]) -> Comparison:
    """The facts of ``record`` missing from ``gold`` and the other way round, after aligning entities."""
    found = [_entity_of(e) for e in record.get("entities", [])]
    mapping = align(gold.get("entities", []), [e for e in found if e is not None])
    want, got = _gold_facts(gold), _record_facts(record, mapping)
    return Comparison(frozenset(want - got), frozenset(got - want))


def fact_correctness(record: dict[str, Any], gold: dict[str, Any]) -> list[bool]:
    """For each fact of ``record``, in order, whether the annotation has it (as the scorer matches)."""
    found = [_entity_of(e) for e in record.get("entities", [])]
    mapping = align(gold.get("entities", []), [e for e in found if e is not None])
    want = _gold_facts(gold)
    return [next(iter(_record_facts({"facts": [f]}, mapping))) in want for f in record.get("facts", [])]


def _entity_of(d: dict[str, Any]) -> Entity | None:
    from kg.model import EntityType

    try:
        etype = EntityType(str(d.get("type")))
    except ValueError:
        return None
    undisclosed = bool(d.get("undisclosed")) or not d.get("name")
    return Entity(
        str(d["id"]), etype, d.get("name"), tuple(d.get("aliases") or ()), undisclosed, d.get("description")
    )


def _fact_key(s: str, p: str, o: str) -> tuple[str, ...]:
    return (p, *sorted((s, o))) if p == "contracts_with" else (s, p, o)


def _gold_facts(gold: dict[str, Any]) -> set[tuple[str, ...]]:
    entities = {e["id"]: e for e in gold.get("entities", [])}
    out = set()
    for s, p, o in gold.get("facts", []):
        if p in ("located_in", "headquartered_in"):
            o = (entities[o].get("country") if o in entities else o) or ""
            o = o.rsplit(",", 1)[-1].strip()
        elif p == "develops" and o in entities and not entities[o].get("name"):
            continue
        out.add(_fact_key(s, p, str(o)))
    return out


def _record_facts(record: dict[str, Any], mapping: dict[str, str]) -> set[tuple[str, ...]]:
    out = set()
    unnamed = {
        e["id"] for e in record.get("entities", []) if e.get("type") == "Product" and not e.get("name")
    }
    for s, p, o in record.get("facts", []):
        if p == "develops" and o in unnamed:
            continue
        subject = mapping.get(s, f"?{s}")
        if p in ("located_in", "headquartered_in"):
            obj = str(o).rsplit(",", 1)[-1].strip()
        elif p == "starts_operations":
            obj = str(o)[:4]
        else:
            obj = mapping.get(o, f"?{o}")
        out.add(_fact_key(subject, p, obj))
    return out


def fact_counts(examples: Sequence[Example], model: LinearModel) -> tuple[int, int, int]:
    """(right, wrong, missed) facts of the model over annotated examples, as the shared scorer counts."""
    from loaders.extraction.engine import assemble

    tp = fp = fn = 0
    for ex in examples:
        record = assemble(ex.doc, scored(ex, model), model).to_record()
        found = compare(record, ex.gold)
        right = len(_record_facts(record, align(ex.gold.get("entities", []), _found(record)))) - len(
            found.spurious
        )
        tp, fp, fn = tp + right, fp + len(found.spurious), fn + len(found.missed)
    return tp, fp, fn


def fact_scores(examples: Sequence[Example], model: LinearModel) -> dict[str, float]:
    """Fact precision, recall and F1 of the model over annotated examples (as the shared scorer counts)."""
    tp, fp, fn = fact_counts(examples, model)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _found(record: dict[str, Any]) -> list[Entity]:
    return [e for e in (_entity_of(d) for d in record.get("entities", [])) if e is not None]
