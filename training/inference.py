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

Batch Transform (``deno task ade predict --backend sagemaker``) sends ``application/jsonlines``: SageMaker splits
the input files on lines (``SplitType: Line``) and posts several lines per request (``BatchStrategy:
MultiRecord``). Each line is a JSON object with ``text`` (the toolkit's row schema; ``inputs`` also works) and an
optional ``id``, or a bare JSON string; blank lines are skipped. With ``Accept: application/jsonlines`` the answer
is one ``{"id", "label", "score"}`` object per input line, in order (``id`` only when the line had one), lines
separated by ``\n`` without a trailing one: SageMaker adds a newline after each answer (``AssembleWith: Line``),
so the output file holds one line per input line.

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
#: Request types, in the order error messages list them (the local endpoint's list, then JSON Lines).
REQUEST_TYPES = ("application/json", "text/csv", "text/plain", "application/jsonlines")
#: JSON Lines, as Batch Transform sends it; the other spellings in use mean the same.
JSON_LINES = "application/jsonlines"
JSON_LINES_ALIASES = (JSON_LINES, "application/jsonl", "application/x-jsonlines", "application/x-ndjson")
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
    if kind in JSON_LINES_ALIASES:
        kind = JSON_LINES
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


def _json_lines_records(text: str) -> tuple[list[str], list[Any]]:
    """Texts and ids (``None`` where a line has none) of a JSON Lines body; blank lines are skipped."""
    texts: list[str] = []
    ids: list[Any] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            # json's message quotes the line: never pass it on.
            raise InvocationError(f"JSON Lines line {number} is not valid JSON") from None
        if isinstance(value, str):
            texts.append(value)
            ids.append(None)
            continue
        if not isinstance(value, dict):
            raise InvocationError(f'JSON Lines line {number} must be an object with "text", or a string')
        item = value.get("text", value.get("inputs"))
        if not isinstance(item, str):
            raise InvocationError(f'JSON Lines line {number}: "text" must be a string')
        identifier = value.get("id")
        if identifier is not None and (isinstance(identifier, bool) or not isinstance(identifier, (str, int))):
            raise InvocationError(f'JSON Lines line {number}: "id" must be a string or an integer')
        texts.append(item)
        ids.append(identifier)
    return texts, ids


def parse_records(body: Any, content_type: str | None) -> tuple[list[str], list[Any] | None]:
    """The texts of a request body, in order, and for JSON Lines the id of each (``None`` where a line has none;
    the list itself is ``None`` for the other types).

    Raises :class:`InvocationError` (never quoting the body) for bad UTF-8, malformed JSON, JSON Lines or CSV, a
    wrong shape, no texts, or an empty text.
    """
    kind = request_type(content_type)
    text = _decode(body)
    ids = None
    if kind == "application/json":
        texts = _json_texts(text)
    elif kind == "text/csv":
        texts = _csv_texts(text)
    elif kind == JSON_LINES:
        texts, ids = _json_lines_records(text)
    else:
        texts = [text.strip()]
    if not texts:
        raise InvocationError("no input texts")
    for index, item in enumerate(texts):
        if not item.strip():
            raise InvocationError(f"input {index + 1} of {len(texts)} is empty")
    return texts, ids


def parse_request(body: Any, content_type: str | None) -> list[str]:
    """The texts of a request body, in order (see the module doc for the accepted shapes and
    :func:`parse_records` for the errors)."""
    return parse_records(body, content_type)[0]


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

    Missing, ``*/*``, ``application/*`` and ``application/json`` give JSON; ``text/csv`` and ``text/*`` give CSV;
    ``application/jsonlines`` (or another JSON Lines spelling) gives JSON Lines.
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
        if kind in JSON_LINES_ALIASES:
            return JSON_LINES
    raise InvocationError("unsupported Accept; use application/json, text/csv or application/jsonlines")


def with_ids(predictions: Sequence[Mapping[str, Any]], ids: Sequence[Any] | None) -> list[dict[str, Any]]:
    """The predictions with ``id`` first where the input line had one (``ids`` from :func:`parse_records`)."""
    if ids is None:
        return [dict(p) for p in predictions]
    if len(ids) != len(predictions):
        raise ValueError(f"{len(predictions)} predictions for {len(ids)} inputs")
    return [({"id": i, **p} if i is not None else dict(p)) for i, p in zip(ids, predictions)]


def format_response(predictions: Sequence[Mapping[str, Any]], kind: str) -> str:
    """JSON array of ``{"label", "score"}``, ``label,score`` CSV lines (line i answers input i), or JSON Lines of
    ``{"id", "label", "score"}`` (``id`` where the prediction has one) joined by ``\n`` without a trailing one."""
    rows = [{"label": str(p["label"]), "score": float(p["score"])} for p in predictions]
    if kind == JSON_LINES:
        return "\n".join(
            json.dumps({"id": p["id"], **row} if p.get("id") is not None else row)
            for p, row in zip(predictions, rows)
        )
    if kind == "application/json":
        return json.dumps(rows)
    if kind == "text/csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for row in rows:
            writer.writerow([row["label"], repr(row["score"])])
        return out.getvalue()
    raise InvocationError("unsupported Accept; use application/json, text/csv or application/jsonlines")


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
    """The toolkit's request hook: the texts of the body (see :func:`parse_records`); for JSON Lines
    ``{"texts": [...], "ids": [...]}``, so that :func:`predict_fn` can answer each line with its id."""
    texts, ids = parse_records(request_body, content_type)
    size = len(request_body) if isinstance(request_body, (bytes, bytearray, str)) else 0
    log(describe_request(texts, size, request_type(content_type)))
    return texts if ids is None else {"texts": texts, "ids": ids}


def texts_and_ids(data: Any) -> tuple[list[str], list[Any] | None]:
    """What :func:`input_fn` returned, as texts and ids (``None`` for the types without ids)."""
    if isinstance(data, dict):
        return list(data["texts"]), list(data["ids"])
    return list(data), None


def predict_fn(texts, bundle, context=None):
    """Probability of Adverse_Event for each text, in batches, truncated to the trained sequence length."""
    import torch

    model, tokenizer, device = bundle["model"], bundle["tokenizer"], bundle["device"]
    settings = bundle["settings"]
    texts, ids = texts_and_ids(texts)
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
    return with_ids(results, ids)


def output_fn(prediction, accept="application/json", context=None):
    """The toolkit's response hook: JSON, CSV or JSON Lines by ``Accept`` (see :func:`response_type`)."""
    return format_response(prediction, response_type(accept))
