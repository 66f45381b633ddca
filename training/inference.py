"""Inference handler for the SageMaker Hugging Face inference container (shipped by training/train.py).

``train.py`` copies this file to ``<model>/code/inference.py`` and writes ``code/inference_config.json`` next to it
(``{"max_seq_length": ..., "threshold": ...}``); the Hugging Face inference toolkit then calls ``model_fn``,
``input_fn``, ``predict_fn`` and ``output_fn``. The contract is the local endpoint's (``deno task ade serve``), so
``deno task ade invoke`` reads both the same way:

- request ``application/json``: ``{"inputs": "sentence"}`` or ``{"inputs": ["sentence", ...]}`` (other keys such
  as ``parameters`` are ignored); ``text/csv``: one sentence per record (RFC 4180 quoting, empty lines skipped);
  ``text/plain``: the whole body is one sentence. UTF-8 only.
- response ``application/json`` (default, also for ``*/*``): ``[{"label": "Adverse_Event" | "Not_AE", "score":
  <probability of Adverse_Event>}, ...]``; ``text/csv``: one ``label,score`` line per input, no header.

HIPAA: sentence text never appears in a log line or an error message (errors name the input's position, not its
content); logs carry counts, sizes and label totals only.

Everything above ``model_fn`` is pure Python (no torch, no transformers) and unit-tested with Debian's
interpreter: ``/usr/bin/python3 -m unittest discover -s training/tests -t . -v``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from typing import Any, Mapping, Sequence

POSITIVE_LABEL = "Adverse_Event"
NEGATIVE_LABEL = "Not_AE"
#: Request types, in the order error messages list them (the local endpoint's list).
REQUEST_TYPES = ("application/json", "text/csv", "text/plain")
#: Settings used when ``code/inference_config.json`` is missing.
DEFAULT_SETTINGS = {"max_seq_length": 128, "threshold": 0.5, "batch_size": 32}
#: File ``train.py`` writes next to this one.
SETTINGS_FILE = "inference_config.json"


class InvocationError(ValueError):
    """A request this handler refuses; the message never quotes the request's text."""


# ---------------------------------------------------------------------------------------------------------
# Settings


def load_settings(code_dir: str) -> dict[str, Any]:
    """Reads ``<code_dir>/inference_config.json`` over :data:`DEFAULT_SETTINGS`; validates each value.

    Raises ``ValueError`` naming the file and field for a bad value (a missing file means the defaults).
    """
    settings = dict(DEFAULT_SETTINGS)
    path = os.path.join(code_dir, SETTINGS_FILE)
    try:
        with open(path, encoding="utf-8") as handle:
            loaded = json.load(handle)
    except FileNotFoundError:
        return settings
    if not isinstance(loaded, dict):
        raise ValueError(f"{path}: expected a JSON object")
    for key, value in loaded.items():
        if key not in settings:
            raise ValueError(f'{path} field "{key}": unknown setting (known: {", ".join(settings)})')
        if key == "threshold":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
                raise ValueError(f'{path} field "threshold": must be a number between 0 and 1')
        elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f'{path} field "{key}": must be a positive integer')
        settings[key] = value
    return settings


# ---------------------------------------------------------------------------------------------------------
# Requests


def media_type(header: str | None) -> str:
    """The media type of a ``Content-Type``/``Accept`` value, lower-cased, without parameters."""
    return (header or "").split(";")[0].strip().lower()


def request_type(header: str | None) -> str:
    """Maps a ``Content-Type`` header to a supported request type; refuses other types and charsets.

    A missing header means ``application/json`` (the toolkit's default).
    """
    if header is None or not header.strip():
        return "application/json"
    kind = media_type(header)
    if kind not in REQUEST_TYPES:
        raise InvocationError(f"unsupported Content-Type; use one of {', '.join(REQUEST_TYPES)}")
    for parameter in header.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
            if charset not in ("utf-8", "utf8", "us-ascii"):
                raise InvocationError("unsupported charset; send UTF-8")
    return kind


def _decode(body: Any) -> str:
    if isinstance(body, (bytes, bytearray, memoryview)):
        try:
            return bytes(body).decode("utf-8")
        except UnicodeDecodeError:
            raise InvocationError("body is not valid UTF-8") from None
    if isinstance(body, str):
        return body
    raise InvocationError("body must be bytes or text")


def _json_texts(text: str) -> list[Any]:
    try:
        value = json.loads(text)
    except ValueError:
        # json's message quotes the body: never pass it on.
        raise InvocationError("body is not valid JSON") from None
    if not isinstance(value, dict) or "inputs" not in value:
        raise InvocationError('JSON body must be an object with "inputs"')
    inputs = value["inputs"]
    if isinstance(inputs, str):
        return [inputs]
    if not isinstance(inputs, list):
        raise InvocationError('"inputs" must be a string or an array of strings')
    for index, item in enumerate(inputs):
        if not isinstance(item, str):
            raise InvocationError(f'"inputs"[{index}] is not a string')
    return inputs


def _csv_texts(text: str) -> list[str]:
    texts = []
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        raise InvocationError("body is not valid CSV (check the quoting)") from None
    for number, fields in enumerate(records, start=1):
        if not fields or fields == [""]:
            continue  # empty line
        if len(fields) != 1:
            raise InvocationError(
                f"CSV record {number} has {len(fields)} fields; send one text per line and quote texts that "
                "contain commas"
            )
        texts.append(fields[0])
    return texts


def parse_request(body: Any, content_type: str | None) -> list[str]:
    """The texts of a request body, in order (see the module doc for the accepted shapes).

    Raises :class:`InvocationError` (never quoting the body) for bad UTF-8, malformed JSON or CSV, a wrong shape,
    no texts, or an empty text.
    """
    kind = request_type(content_type)
    text = _decode(body)
    if kind == "application/json":
        texts = _json_texts(text)
    elif kind == "text/csv":
        texts = _csv_texts(text)
    else:
        texts = [text.strip()]
    if not texts:
        raise InvocationError("no input texts")
    for index, item in enumerate(texts):
        if not item.strip():
            raise InvocationError(f"input {index + 1} of {len(texts)} is empty")
    return texts


# ---------------------------------------------------------------------------------------------------------
# Responses


def scored(probability: float, threshold: float = DEFAULT_SETTINGS["threshold"]) -> dict[str, Any]:
    """``{"label", "score"}`` for the probability of Adverse_Event (label by ``threshold``)."""
    score = float(probability)
    if score != score or not 0.0 <= score <= 1.0:
        raise ValueError(f"not a probability: {probability!r}")
    return {"label": POSITIVE_LABEL if score >= threshold else NEGATIVE_LABEL, "score": score}


def response_type(accept: str | None) -> str:
    """Picks ``application/json`` or ``text/csv`` from an ``Accept`` header (by ``q``, ties in header order).

    Missing, ``*/*``, ``application/*`` and ``application/json`` give JSON; ``text/csv`` and ``text/*`` give CSV.
    """
    if accept is None or not accept.strip():
        return "application/json"
    ranges = []
    for order, part in enumerate(accept.split(",")):
        quality = 1.0
        for parameter in part.split(";")[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranges.append((-quality, order, media_type(part)))
    for _, _, kind in sorted(ranges):
        if kind in ("application/json", "*/*", "application/*"):
            return "application/json"
        if kind in ("text/csv", "text/*"):
            return "text/csv"
    raise InvocationError("unsupported Accept; use application/json or text/csv")


def format_response(predictions: Sequence[Mapping[str, Any]], kind: str) -> str:
    """JSON array of ``{"label", "score"}``, or ``label,score`` CSV lines (line i answers input i)."""
    rows = [{"label": str(p["label"]), "score": float(p["score"])} for p in predictions]
    if kind == "application/json":
        return json.dumps(rows)
    if kind == "text/csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for row in rows:
            writer.writerow([row["label"], repr(row["score"])])
        return out.getvalue()
    raise InvocationError("unsupported Accept; use application/json or text/csv")


# ---------------------------------------------------------------------------------------------------------
# Logging (counts only)


def describe_request(texts: Sequence[str], body_bytes: int, kind: str) -> str:
    """A log line for a request: how many texts, how many bytes, which type. Never the text."""
    return f"request: {len(texts)} texts, {body_bytes} bytes ({kind})"


def describe_predictions(predictions: Sequence[Mapping[str, Any]]) -> str:
    """A log line for a response: label totals only."""
    positives = sum(1 for p in predictions if p.get("label") == POSITIVE_LABEL)
    return f"response: {len(predictions)} predictions, {positives} {POSITIVE_LABEL}"


def log(message: str) -> None:
    """One line on stderr (CloudWatch); callers pass only the ``describe_*`` lines."""
    print(f"[inference.py] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------
# Toolkit handlers (heavy imports only here)


def model_fn(model_dir, context=None):
    """Loads the fine-tuned model and tokenizer from ``model_dir`` (``/opt/ml/model``)."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    settings = load_settings(os.path.join(model_dir, "code"))
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForSequenceClassification.from_pretrained(model_dir)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model.to(device)
    model.eval()
    log(f"model loaded on {device}; max_seq_length={settings['max_seq_length']} threshold={settings['threshold']}")
    return {"model": model, "tokenizer": tokenizer, "device": device, "settings": settings}


def input_fn(request_body, content_type="application/json", context=None):
    """The toolkit's request hook: texts from the body (see :func:`parse_request`)."""
    texts = parse_request(request_body, content_type)
    size = len(request_body) if isinstance(request_body, (bytes, bytearray, str)) else 0
    log(describe_request(texts, size, request_type(content_type)))
    return texts


def predict_fn(texts, bundle, context=None):
    """Probability of Adverse_Event for each text, in batches, truncated to the trained sequence length."""
    import torch

    model, tokenizer, device = bundle["model"], bundle["tokenizer"], bundle["device"]
    settings = bundle["settings"]
    positive_id = int(model.config.label2id.get(POSITIVE_LABEL, 1))
    results = []
    size = settings["batch_size"]
    for start in range(0, len(texts), size):
        batch = tokenizer(
            list(texts[start:start + size]),
            truncation=True,
            max_length=settings["max_seq_length"],
            padding=True,
            return_tensors="pt",
        ).to(device)
        with torch.no_grad():
            probabilities = model(**batch).logits.softmax(dim=-1)[:, positive_id]
        results.extend(scored(p, settings["threshold"]) for p in probabilities.tolist())
    log(describe_predictions(results))
    return results


def output_fn(prediction, accept="application/json", context=None):
    """The toolkit's response hook: JSON or CSV by ``Accept`` (see :func:`response_type`)."""
    return format_response(prediction, response_type(accept))
