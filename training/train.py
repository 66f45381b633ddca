#!/usr/bin/env python3
"""SageMaker entry point: fine-tune a BERT-family model (BioBERT by default) on ADE Corpus V2 sentences.

Runs inside the Hugging Face PyTorch training container (``sagemaker_program=train.py``). Reads the ``train``
and ``test`` channels in the toolkit's JSONL schema (``{"id", "text", "label": "Adverse_Event"|"Not_AE", ...}``),
fine-tunes with ``transformers.Trainer``, evaluates after every epoch and prints one line ``f1: <value>`` per
evaluation (matched by the metric regex ``f1: ([0-9.]+).*$``), then saves the model, the tokenizer and the
inference handler (``code/inference.py``, a copy of ``training/inference.py``, with ``code/inference_config.json``)
to ``SM_MODEL_DIR``. A checkpoint whose classification head has another size (e.g. a 5-label classifier) loads
with its head replaced, and the log says so.

Hyperparameters arrive as command-line flags (``--learning_rate 5e-05``), possibly JSON-encoded
(``--model_name "\\"dmis-lab/biobert-base-cased-v1.2\\""``). Unknown flags are an error unless they start
with ``_`` (SageMaker adds ``_tuning_objective_metric``), so a misspelt name never passes silently.

HIPAA: nothing here prints sentence text; logs carry counts and metrics only.

Everything above ``train()`` is pure Python (no torch, no transformers) and unit-tested with Debian's
interpreter: ``/usr/bin/python3 -m unittest discover -s training/tests -t . -v``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

#: Default base model of the reference study.
DEFAULT_MODEL_NAME = "dmis-lab/biobert-base-cased-v1.2"
#: Class names; index = label id.
LABELS = ("Not_AE", "Adverse_Event")
#: Label name -> id.
LABEL2ID = {name: index for index, name in enumerate(LABELS)}
#: Id of the positive class (Adverse_Event).
POSITIVE_ID = LABEL2ID["Adverse_Event"]
#: The regex the tuning job's MetricDefinitions use to read F1 from this script's log.
METRIC_REGEX = r"f1: ([0-9.]+).*$"
#: Flags the tuning job may pass; the first five are the reference study's hyperparameters.
HYPERPARAMETER_FLAGS = (
    "learning_rate",
    "max_seq_length",
    "train_batch_size",
    "model_name",
    "epochs",
    "seed",
)
#: Every flag, including the data and model paths that default to the SageMaker environment.
FLAGS = HYPERPARAMETER_FLAGS + ("model_dir", "train", "test")


class UsageError(Exception):
    """Bad command line (unknown flag, bad value). ``main`` exits with status 2."""


class DataError(Exception):
    """Malformed input data; the message starts with ``file:line field "name"``."""

    def __init__(self, file: str, reason: str, line: int | None = None, field: str | None = None):
        place = file
        if line is not None:
            place += f":{line}"
        if field is not None:
            place += f' field "{field}"'
        super().__init__(f"{place}: {reason}")
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason


# ---------------------------------------------------------------------------------------------------------
# Arguments


def decode_hyperparameter(value: Any) -> Any:
    """Decodes a JSON-encoded hyperparameter value (``'"dmis-lab/x"'`` -> ``'dmis-lab/x'``, ``'"32"'`` -> ``'32'``).

    SageMaker's framework estimators JSON-encode every hyperparameter value. Strings that are not valid JSON
    (a plain model name) are returned unchanged; nested encodings are unwrapped.
    """
    while isinstance(value, str):
        text = value.strip()
        try:
            decoded = json.loads(text)
        except ValueError:
            return text
        if isinstance(decoded, (dict, list)) or decoded is None:
            return text
        if decoded == text:
            return decoded
        value = decoded
    return value


def _decoded(kind: type) -> Callable[[str], Any]:
    """An argparse ``type`` that JSON-decodes the value first, then converts it to ``kind``."""

    def convert(raw: str) -> Any:
        value = decode_hyperparameter(raw)
        try:
            if kind is int:
                if isinstance(value, bool):
                    raise ValueError
                number = float(value)
                if not number.is_integer():
                    raise ValueError
                return int(number)
            if kind is float:
                if isinstance(value, bool):
                    raise ValueError
                return float(value)
            return str(value)
        except (TypeError, ValueError):
            raise argparse.ArgumentTypeError(f"expected {kind.__name__}, got {raw!r}") from None

    convert.__name__ = kind.__name__
    return convert


def build_parser(env: Mapping[str, str] | None = None) -> argparse.ArgumentParser:
    """The argument parser; path flags default to the SageMaker environment (``SM_MODEL_DIR``, ``SM_CHANNEL_*``)."""
    env = os.environ if env is None else env
    parser = argparse.ArgumentParser(
        prog="train.py",
        description="Fine-tune a BERT-family classifier on ADE Corpus V2 (SageMaker entry point).",
        allow_abbrev=False,
    )
    parser.add_argument("--learning_rate", type=_decoded(float), default=5e-5, help="AdamW learning rate")
    parser.add_argument("--max_seq_length", type=_decoded(int), default=128, help="tokens per sentence")
    parser.add_argument("--train_batch_size", type=_decoded(int), default=32, help="per-device batch size")
    parser.add_argument("--model_name", type=_decoded(str), default=DEFAULT_MODEL_NAME, help="base model")
    parser.add_argument("--epochs", type=_decoded(int), default=10, help="training epochs")
    parser.add_argument("--seed", type=_decoded(int), default=42, help="random seed")
    parser.add_argument("--model_dir", type=str, default=env.get("SM_MODEL_DIR", "/opt/ml/model"))
    parser.add_argument("--train", type=str, default=env.get("SM_CHANNEL_TRAIN"), help="train file or folder")
    parser.add_argument("--test", type=str, default=env.get("SM_CHANNEL_TEST"), help="test file or folder")
    return parser


_FLAG_TOKEN = re.compile(r"^--?[A-Za-z_]")


def check_unknown_args(unknown: Sequence[str]) -> None:
    """Raises :class:`UsageError` for any unknown flag not starting with ``_`` (and any stray value).

    ``--_tuning_objective_metric f1`` passes; ``--train-batch-size 32`` (a misspelling) does not.
    """
    previous_was_ignored_flag = False
    for token in unknown:
        if _FLAG_TOKEN.match(token):
            name = token.lstrip("-").split("=", 1)[0]
            if not name.startswith("_"):
                raise UsageError(
                    f"unknown argument {token!r}; valid flags: "
                    + ", ".join(f"--{flag}" for flag in FLAGS)
                    + " (flags starting with _ are ignored)"
                )
            previous_was_ignored_flag = "=" not in token
        elif previous_was_ignored_flag:
            previous_was_ignored_flag = False  # the value of an ignored flag
        else:
            raise UsageError(f"unexpected argument {token!r}")


def parse_args(argv: Sequence[str], env: Mapping[str, str] | None = None) -> argparse.Namespace:
    """Parses and validates the flags (``parse_known_args`` + :func:`check_unknown_args`).

    Raises :class:`UsageError` for unknown flags, out-of-range values or a missing train channel; argparse
    itself exits with status 2 on a value of the wrong type.
    """
    args, unknown = build_parser(env).parse_known_args(list(argv))
    check_unknown_args(unknown)
    if not args.learning_rate > 0:
        raise UsageError(f"--learning_rate must be > 0 (got {args.learning_rate})")
    if not 8 <= args.max_seq_length <= 512:
        raise UsageError(f"--max_seq_length must be 8-512 (got {args.max_seq_length})")
    if args.train_batch_size < 1:
        raise UsageError(f"--train_batch_size must be >= 1 (got {args.train_batch_size})")
    if args.epochs < 1:
        raise UsageError(f"--epochs must be >= 1 (got {args.epochs})")
    if not args.model_name:
        raise UsageError("--model_name must not be empty")
    if not args.train:
        raise UsageError("no training data: pass --train or set SM_CHANNEL_TRAIN")
    return args


# ---------------------------------------------------------------------------------------------------------
# Data


def label_id(value: Any) -> int | None:
    """Maps ``Adverse_Event``/``Not_AE`` (or ``1``/``0``, as text or number) to a label id; ``None`` otherwise."""
    if value in ("Adverse_Event", "1", 1) and value is not True:
        return POSITIVE_ID
    if value in ("Not_AE", "0", 0) and value is not False:
        return LABEL2ID["Not_AE"]
    return None


def read_jsonl_rows(path: str) -> list[tuple[str, int]]:
    """Reads ``(text, label_id)`` pairs from a JSONL file in our schema.

    Raises :class:`DataError` naming file, line and field for invalid UTF-8, bad JSON, a missing or empty
    ``text``, or an unknown ``label``. The text itself never appears in a message.
    """
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError(path, "file not found") from None
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(path, "invalid UTF-8", line=line) from None
    rows: list[tuple[str, int]] = []
    for number, line in enumerate(content.lstrip("\ufeff").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise DataError(path, f"not valid JSON ({error.msg})", line=number) from None
        if not isinstance(record, dict):
            raise DataError(path, "expected a JSON object", line=number)
        text = record.get("text")
        if not isinstance(text, str):
            raise DataError(path, "missing" if text is None else "expected a string", number, "text")
        if not text.strip():
            raise DataError(path, "empty text", line=number, field="text")
        label = label_id(record.get("label"))
        if label is None:
            raise DataError(
                path, "unknown label (expected Adverse_Event, Not_AE, 1 or 0)", line=number, field="label"
            )
        rows.append((text, label))
    return rows


def channel_files(path: str, preferred: str) -> list[str]:
    """A channel is a file, or a folder: ``<preferred>.jsonl`` when present, else every ``*.jsonl`` in it."""
    location = Path(path)
    if not location.exists():
        raise DataError(path, "not found")
    if location.is_file():
        return [str(location)]
    preferred_file = location / f"{preferred}.jsonl"
    if preferred_file.is_file():
        return [str(preferred_file)]
    files = sorted(str(file) for file in location.glob("*.jsonl") if file.is_file())
    if not files:
        raise DataError(path, "channel folder holds no .jsonl files")
    return files


def read_channel(path: str, preferred: str) -> list[tuple[str, int]]:
    """All ``(text, label_id)`` rows of a channel (see :func:`channel_files`)."""
    rows: list[tuple[str, int]] = []
    for file in channel_files(path, preferred):
        rows.extend(read_jsonl_rows(file))
    return rows


def describe_rows(name: str, rows: Sequence[tuple[str, int]]) -> str:
    """A log line with counts only (HIPAA: never sentence text)."""
    positives = sum(1 for _, label in rows if label == POSITIVE_ID)
    return f"{name}: {len(rows)} rows, {positives} Adverse_Event, {len(rows) - positives} Not_AE"


# ---------------------------------------------------------------------------------------------------------
# Metrics


def classification_metrics(labels: Iterable[int], predictions: Iterable[int]) -> dict[str, float]:
    """Precision, recall and F1 of the Adverse_Event class, and accuracy (0 where a denominator is 0)."""
    tp = fp = fn = tn = 0
    for gold, predicted in zip(labels, predictions):
        gold_positive = int(gold) == POSITIVE_ID
        predicted_positive = int(predicted) == POSITIVE_ID
        if gold_positive and predicted_positive:
            tp += 1
        elif predicted_positive:
            fp += 1
        elif gold_positive:
            fn += 1
        else:
            tn += 1
    total = tp + fp + fn + tn
    return {
        "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "accuracy": (tp + tn) / total if total else 0.0,
    }


def argmax_rows(logits: Iterable[Sequence[float]]) -> list[int]:
    """Index of the largest value in each row (first one on ties)."""
    predictions = []
    for row in logits:
        values = list(row)
        predictions.append(max(range(len(values)), key=values.__getitem__))
    return predictions


def compute_metrics(eval_prediction: Any) -> dict[str, float]:
    """``Trainer`` hook: ``(logits, labels)`` -> metrics (reported as ``eval_f1`` etc.)."""
    logits, labels = eval_prediction[0], eval_prediction[1]
    if isinstance(logits, tuple):
        logits = logits[0]
    return classification_metrics(labels, argmax_rows(logits))


def format_metric_line(f1: float) -> str:
    """``f1: 0.701234``: fixed-point (never exponent notation), so :data:`METRIC_REGEX` matches it."""
    value = float(f1)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"not a finite number: {f1!r}")
    return f"f1: {value:.6f}"


def evaluation_metric_line(metrics: Mapping[str, Any] | None, is_world_process_zero: bool) -> str | None:
    """The ``f1:`` line to print after an evaluation, or ``None``.

    Under torchrun (one process per GPU, ``sagemaker_torch_distributed_enabled``) every process evaluates and
    gets the same gathered metrics; only the first prints, so the tuning job reads one value per evaluation.
    """
    if not is_world_process_zero or not metrics or "eval_f1" not in metrics:
        return None
    return format_metric_line(metrics["eval_f1"])


# ---------------------------------------------------------------------------------------------------------
# Inference handler shipped next to the model

#: The handler file (``training/inference.py``), copied to ``<model_dir>/code/inference.py``.
INFERENCE_SOURCE = Path(__file__).with_name("inference.py")
#: Settings file the handler reads (``inference.SETTINGS_FILE``).
INFERENCE_SETTINGS_FILE = "inference_config.json"


def inference_settings(max_seq_length: int, threshold: float = 0.5) -> dict[str, Any]:
    """The handler's settings for a model trained with ``max_seq_length`` (written as JSON next to it)."""
    return {"max_seq_length": int(max_seq_length), "threshold": float(threshold)}


def _write_atomic(target: Path, data: bytes) -> None:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def write_inference_code(model_dir: str, max_seq_length: int) -> str:
    """Ships the handler: ``<model_dir>/code/inference.py`` (a copy of ``training/inference.py``) and
    ``code/inference_config.json``, each written to a temporary file, then renamed. No ``requirements.txt``:
    the inference image already has torch and transformers, and an isolated endpoint could not pip-install.

    Returns the path of ``inference.py``.
    """
    code_dir = Path(model_dir) / "code"
    code_dir.mkdir(parents=True, exist_ok=True)
    target = code_dir / "inference.py"
    _write_atomic(target, INFERENCE_SOURCE.read_bytes())
    settings = json.dumps(inference_settings(max_seq_length), indent=2) + "\n"
    _write_atomic(code_dir / INFERENCE_SETTINGS_FILE, settings.encode("utf-8"))
    return str(target)


# ---------------------------------------------------------------------------------------------------------
# Loading the pre-trained model


def from_pretrained_kwargs() -> dict[str, Any]:
    """Keyword arguments of ``AutoModelForSequenceClassification.from_pretrained`` for our two labels.

    ``ignore_mismatched_sizes=True`` lets a checkpoint that already has a classification head of another size
    load (e.g. ``pritamdeka/BioBert-PubMed200kRCT``, a 5-label sentence classifier): its head is dropped and a
    new 2-label head is initialised. Without it ``from_pretrained`` fails on the size mismatch.
    """
    return {
        "num_labels": len(LABELS),
        "id2label": dict(enumerate(LABELS)),
        "label2id": dict(LABEL2ID),
        "ignore_mismatched_sizes": True,
    }


def checkpoint_head_labels(config: Mapping[str, Any]) -> list[str] | None:
    """The labels of the checkpoint's sequence-classification head, or ``None`` when it has none.

    ``config`` is the checkpoint's ``config.json`` (or ``PretrainedConfig.to_dict()``). A head exists when
    ``architectures`` names a ``*ForSequenceClassification`` class; its size is ``len(id2label)`` (or
    ``num_labels``).
    """
    architectures = config.get("architectures") or []
    if not any(str(name).endswith("ForSequenceClassification") for name in architectures):
        return None
    id2label = config.get("id2label") or {}
    if id2label:
        return [str(id2label[key]) for key in sorted(id2label, key=lambda k: int(k))]
    count = int(config.get("num_labels") or config.get("_num_labels") or 2)
    return [f"LABEL_{index}" for index in range(count)]


def head_replacement_note(model_name: str, config: Mapping[str, Any]) -> str | None:
    """The log line saying the checkpoint's classification head was replaced, or ``None`` when it was not.

    A head is replaced when the checkpoint has one whose size differs from our two labels (see
    :func:`from_pretrained_kwargs`). A checkpoint without a head gets a new one (transformers says so itself);
    one with a two-label head keeps it and fine-tunes it.
    """
    labels = checkpoint_head_labels(config)
    if labels is None or len(labels) == len(LABELS):
        return None
    shown = ", ".join(labels[:8]) + (", ..." if len(labels) > 8 else "")
    return (
        f"{model_name} has a {len(labels)}-label classification head ({shown}): replaced by a new "
        f"{len(LABELS)}-label head ({', '.join(LABELS)}), initialised at random (ignore_mismatched_sizes)"
    )


# ---------------------------------------------------------------------------------------------------------
# Training (heavy imports only here)


def resolve_model_source(model_name: str, env: Mapping[str, str] | None = None) -> str:
    """Where to load the pre-trained weights from.

    With network isolation (which the tuning job enables) the container cannot reach the Hugging Face hub, so
    the weights are staged in S3 and mounted as the ``models`` channel, one folder per hub id
    (``<channel>/dmis-lab/biobert-base-cased-v1.2``). When that folder exists it is used; otherwise the hub id is
    returned unchanged (a job without isolation downloads it).
    """
    env = os.environ if env is None else env
    channel = env.get("SM_CHANNEL_MODELS")
    if channel:
        staged = os.path.join(channel, model_name)
        if os.path.isdir(staged):
            return staged
    return model_name


def log(message: str) -> None:
    """Progress on stderr (counts and settings only)."""
    print(f"[train.py] {message}", file=sys.stderr, flush=True)


def train(args: argparse.Namespace) -> None:
    """Fine-tunes ``args.model_name`` and saves model, tokenizer and the inference handler to ``args.model_dir``."""
    import tempfile

    import torch
    from transformers import (
        AutoConfig,
        AutoModelForSequenceClassification,
        AutoTokenizer,
        DataCollatorWithPadding,
        Trainer,
        TrainerCallback,
        TrainingArguments,
        set_seed,
    )

    set_seed(args.seed)
    train_rows = read_channel(args.train, "train")
    test_rows = read_channel(args.test, "test") if args.test else []
    if not train_rows:
        raise DataError(args.train, "no training rows")
    log(describe_rows("train", train_rows))
    if test_rows:
        log(describe_rows("test", test_rows))
    else:
        log("no test channel: training without per-epoch evaluation (no f1 lines)")

    model_source = resolve_model_source(args.model_name)
    log(f"model weights from {model_source}")
    tokenizer = AutoTokenizer.from_pretrained(model_source)
    note = head_replacement_note(args.model_name, AutoConfig.from_pretrained(model_source).to_dict())
    if note:
        log(note)
    model = AutoModelForSequenceClassification.from_pretrained(model_source, **from_pretrained_kwargs())

    def encode(rows: Sequence[tuple[str, int]]) -> list[dict[str, Any]]:
        encoded = tokenizer([text for text, _ in rows], truncation=True, max_length=args.max_seq_length)
        keys = list(encoded.keys())
        return [
            {**{key: encoded[key][index] for key in keys}, "labels": label}
            for index, (_, label) in enumerate(rows)
        ]

    class MetricLineCallback(TrainerCallback):
        """Prints ``f1: <value>`` after every evaluation, for the tuning job's metric regex."""

        def on_evaluate(self, _args, state, _control, metrics=None, **_kwargs):
            line = evaluation_metric_line(metrics, state.is_world_process_zero)
            if line:
                print(line, flush=True)

    work_dir = tempfile.mkdtemp(prefix="trainer-")
    training_arguments = TrainingArguments(
        output_dir=work_dir,
        num_train_epochs=args.epochs,
        learning_rate=args.learning_rate,
        per_device_train_batch_size=args.train_batch_size,
        per_device_eval_batch_size=max(64, args.train_batch_size),
        eval_strategy="epoch" if test_rows else "no",
        save_strategy="no",
        logging_strategy="epoch",
        report_to=[],
        seed=args.seed,
        fp16=torch.cuda.is_available(),
        disable_tqdm=True,
    )
    trainer = Trainer(
        model=model,
        args=training_arguments,
        train_dataset=encode(train_rows),
        eval_dataset=encode(test_rows) if test_rows else None,
        data_collator=DataCollatorWithPadding(tokenizer),
        compute_metrics=compute_metrics,
        callbacks=[MetricLineCallback()],
    )
    trainer.train()
    trainer.save_model(args.model_dir)  # writes on the main process only
    if trainer.is_world_process_zero():  # one writer under torchrun
        tokenizer.save_pretrained(args.model_dir)
        script = write_inference_code(args.model_dir, args.max_seq_length)
        log(f"saved model, tokenizer and {os.path.relpath(script, args.model_dir)} to {args.model_dir}")


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: returns the exit status (2 for usage errors, 1 for data errors)."""
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
    except UsageError as error:
        print(f"train.py: {error}", file=sys.stderr)
        return 2
    log(
        f"model_name={args.model_name} epochs={args.epochs} learning_rate={args.learning_rate} "
        f"train_batch_size={args.train_batch_size} max_seq_length={args.max_seq_length} seed={args.seed}"
    )
    try:
        train(args)
    except DataError as error:
        print(f"train.py: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
