"""scikit-learn peer for bench/outside: word 1-2 + char_wb 2-5 TF-IDF (sublinear) + LinearSVC(C=1), trained
on the grouped split's training rows, then, per text source, the decision threshold chosen for the best F1
on that source's labelled sample (the same texts `ade adapt` gets).

Usage: python3 sklearn_peer.py TRAIN.jsonl SPEC.json OUT.json
SPEC: {"sources": {"<name>": {"sample": "FILE.jsonl", "held_out": "FILE.jsonl"}}, "in_domain": "TEST.jsonl"}
OUT:  {"in_domain": [0/1 ...], "sources": {"<name>": {"threshold", "predicted": [0/1 ...]}}}
(the Deno side computes F1 and intervals with the same bootstrap as ours).
"""
import json
import sys


def read_rows(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def best_f1_threshold(decisions, labels):
    order = sorted(range(len(decisions)), key=lambda i: -decisions[i])
    positives = sum(labels)
    best, best_f1, true_positives = 0.0, -1.0, 0
    for k, i in enumerate(order):
        true_positives += labels[i]
        if k + 1 < len(order) and decisions[order[k + 1]] == decisions[i]:
            continue
        f1 = 2 * true_positives / (k + 1 + positives)
        if f1 > best_f1:
            lower = decisions[order[k + 1]] if k + 1 < len(order) else decisions[i]
            best, best_f1 = (decisions[i] + lower) / 2, f1
    return best


def main(train_path, spec_path, out_path):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.svm import LinearSVC

    rows = read_rows(train_path)
    features = FeatureUnion([
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
    ])
    model = Pipeline([("features", features), ("svm", LinearSVC(C=1.0))])
    model.fit([r["text"] for r in rows], [1 if r["label"] == "Adverse_Event" else 0 for r in rows])
    with open(spec_path, encoding="utf-8") as handle:
        spec = json.load(handle)
    test = read_rows(spec["in_domain"])
    out = {
        "in_domain": [int(v >= 0) for v in model.decision_function([r["text"] for r in test])],
        "sources": {},
    }
    for name, files in spec["sources"].items():
        sample = read_rows(files["sample"])
        held = read_rows(files["held_out"])
        decisions = list(model.decision_function([r["text"] for r in sample]))
        threshold = best_f1_threshold(decisions, [1 if r["label"] == "Adverse_Event" else 0 for r in sample])
        held_decisions = model.decision_function([r["text"] for r in held])
        out["sources"][name] = {
            "threshold": threshold,
            "predicted": [int(v >= threshold) for v in held_decisions],
            "predicted_at_zero": [int(v >= 0) for v in held_decisions],
        }
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(out, handle)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
