"""Tests of the pure helpers of training/train.py: arguments, data, metrics, model loading, shipping inference.py."""

import contextlib
import io
import json
import re
import tempfile
import unittest
from pathlib import Path

from training import train


class DecodeHyperparameterTest(unittest.TestCase):
    def test_json_encoded_strings_are_decoded(self):
        self.assertEqual(train.decode_hyperparameter('"dmis-lab/biobert-base-cased-v1.2"'),
                         "dmis-lab/biobert-base-cased-v1.2")
        self.assertEqual(train.decode_hyperparameter('"32"'), 32)
        self.assertEqual(train.decode_hyperparameter('"\\"x\\""'), "x")

    def test_plain_values_pass_through(self):
        self.assertEqual(train.decode_hyperparameter("dmis-lab/biobert"), "dmis-lab/biobert")
        self.assertEqual(train.decode_hyperparameter("5e-05"), 5e-05)
        self.assertEqual(train.decode_hyperparameter(3), 3)
        self.assertEqual(train.decode_hyperparameter("null"), "null")


class ParseArgsTest(unittest.TestCase):
    ENV = {"SM_MODEL_DIR": "/opt/ml/model", "SM_CHANNEL_TRAIN": "/data/train",
           "SM_CHANNEL_TEST": "/data/test"}

    def parse(self, argv, env=None):
        return train.parse_args(argv, self.ENV if env is None else env)

    def test_defaults_come_from_the_sagemaker_environment(self):
        args = self.parse([])
        self.assertEqual(args.epochs, 10)
        self.assertEqual(args.model_dir, "/opt/ml/model")
        self.assertEqual(args.train, "/data/train")
        self.assertEqual(args.test, "/data/test")
        self.assertEqual(args.model_name, train.DEFAULT_MODEL_NAME)

    def test_tuning_job_arguments_parse_including_json_encoded_values(self):
        args = self.parse([
            "--learning_rate", "3e-05", "--max_seq_length", '"256"', "--train_batch_size", "16",
            "--model_name", '"dmis-lab/biobert-base-cased-v1.2"', "--epochs", "3",
            "--_tuning_objective_metric", "f1",
        ])
        self.assertAlmostEqual(args.learning_rate, 3e-05)
        self.assertEqual(args.max_seq_length, 256)
        self.assertEqual(args.train_batch_size, 16)
        self.assertEqual(args.model_name, "dmis-lab/biobert-base-cased-v1.2")
        self.assertEqual(args.epochs, 3)

    def test_underscore_arguments_are_ignored_in_both_forms(self):
        args = self.parse(["--_tuning_objective_metric=f1", "--_other", "-1", "--epochs", "2"])
        self.assertEqual(args.epochs, 2)

    def test_misspelt_flag_is_an_error_listing_valid_flags(self):
        with self.assertRaises(train.UsageError) as raised:
            self.parse(["--train-batch-size", "32"])
        self.assertIn("--train-batch-size", str(raised.exception))
        self.assertIn("--train_batch_size", str(raised.exception))

    def test_abbreviations_are_not_accepted(self):
        with self.assertRaises(train.UsageError):
            self.parse(["--epoch", "3"])

    def test_stray_value_is_an_error(self):
        with self.assertRaises(train.UsageError):
            self.parse(["stray"])

    def test_out_of_range_values_are_errors(self):
        for argv in (["--learning_rate", "0"], ["--max_seq_length", "4"], ["--epochs", "0"],
                     ["--train_batch_size", "0"]):
            with self.subTest(argv=argv), self.assertRaises(train.UsageError):
                self.parse(argv)

    def test_wrong_type_exits_with_status_2(self):
        with contextlib.redirect_stderr(io.StringIO()), self.assertRaises(SystemExit) as raised:
            self.parse(["--epochs", "2.5"])
        self.assertEqual(raised.exception.code, 2)

    def test_missing_training_data_is_an_error(self):
        with self.assertRaises(train.UsageError):
            self.parse([], env={})

    def test_flags_list_matches_the_parser_and_the_source(self):
        parser_flags = {action.dest for action in train.build_parser({})._actions if action.option_strings}
        parser_flags.discard("help")
        self.assertEqual(parser_flags, set(train.FLAGS))
        # The tuning preflight reads flags by scanning for add_argument("--name" in the source.
        source = Path(train.__file__).read_text(encoding="utf-8")
        scanned = set(re.findall(r'add_argument\("--([A-Za-z0-9_]+)"', source))
        self.assertEqual(scanned, set(train.FLAGS))
        for flag in ("learning_rate", "max_seq_length", "train_batch_size", "model_name", "epochs"):
            self.assertIn(flag, scanned)

    def test_main_returns_2_on_usage_errors_without_importing_transformers(self):
        with contextlib.redirect_stderr(io.StringIO()) as stderr:
            status = train.main(["--no_such_flag", "1", "--train", "/nowhere"])
        self.assertEqual(status, 2)
        self.assertIn("unknown argument", stderr.getvalue())


class DataTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.root = Path(self.folder.name)

    def tearDown(self):
        self.folder.cleanup()

    def write(self, name, lines):
        path = self.root / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return str(path)

    def test_reads_our_schema_and_maps_labels(self):
        path = self.write("train.jsonl", [
            json.dumps({"id": "1", "text": "fever after drug x", "label": "Adverse_Event", "pmid": "9"}),
            "",
            json.dumps({"id": "2", "text": "no event", "label": "Not_AE"}),
            json.dumps({"text": "numeric", "label": 1}),
            json.dumps({"text": "numeric text", "label": "0"}),
        ])
        rows = train.read_jsonl_rows(path)
        self.assertEqual([label for _, label in rows], [1, 0, 1, 0])
        self.assertEqual(train.LABELS[train.POSITIVE_ID], "Adverse_Event")

    def test_label_mapping_rejects_other_values(self):
        for value in ("AE", "", None, True, 2, "adverse_event"):
            with self.subTest(value=value):
                self.assertIsNone(train.label_id(value))

    def test_errors_name_file_line_and_field_without_the_text(self):
        secret = "patient sentence that must not leak"
        cases = [
            ([json.dumps({"text": secret, "label": "maybe"})], 1, "label"),
            ([json.dumps({"text": secret, "label": "Not_AE"}), json.dumps({"label": "Not_AE"})], 2, "text"),
            ([json.dumps({"text": "   ", "label": "Not_AE"})], 1, "text"),
        ]
        for lines, line, field in cases:
            with self.subTest(field=field, line=line):
                path = self.write("bad.jsonl", lines)
                with self.assertRaises(train.DataError) as raised:
                    train.read_jsonl_rows(path)
                self.assertEqual((raised.exception.line, raised.exception.field), (line, field))
                self.assertTrue(str(raised.exception).startswith(f'{path}:{line} field "{field}"'))
                self.assertNotIn(secret, str(raised.exception))

    def test_bad_json_invalid_utf8_and_missing_file(self):
        path = self.write("bad.jsonl", ['{"text": "a", "label": "Not_AE"}', "{not json"])
        with self.assertRaises(train.DataError) as raised:
            train.read_jsonl_rows(path)
        self.assertEqual(raised.exception.line, 2)
        binary = self.root / "binary.jsonl"
        binary.write_bytes(b'{"text": "a", "label": "Not_AE"}\n{"text": "\xff"}\n')
        with self.assertRaises(train.DataError) as raised:
            train.read_jsonl_rows(str(binary))
        self.assertEqual((raised.exception.line, raised.exception.reason), (2, "invalid UTF-8"))
        with self.assertRaises(train.DataError):
            train.read_jsonl_rows(str(self.root / "missing.jsonl"))

    def test_channel_folder_prefers_the_named_file_else_all_jsonl(self):
        self.write("train.jsonl", [json.dumps({"text": "a", "label": "Not_AE"})])
        self.write("extra.jsonl", [json.dumps({"text": "b", "label": "Not_AE"})])
        self.assertEqual(train.channel_files(str(self.root), "train"), [str(self.root / "train.jsonl")])
        self.assertEqual(train.channel_files(str(self.root), "test"),
                         [str(self.root / "extra.jsonl"), str(self.root / "train.jsonl")])
        self.assertEqual(len(train.read_channel(str(self.root), "test")), 2)
        empty = self.root / "empty"
        empty.mkdir()
        with self.assertRaises(train.DataError):
            train.channel_files(str(empty), "train")

    def test_describe_rows_holds_counts_only(self):
        line = train.describe_rows("train", [("secret text", 1), ("other", 0)])
        self.assertEqual(line, "train: 2 rows, 1 Adverse_Event, 1 Not_AE")


class MetricsTest(unittest.TestCase):
    def test_classification_metrics_by_hand(self):
        metrics = train.classification_metrics([1, 1, 1, 0, 0], [1, 0, 1, 1, 0])
        self.assertAlmostEqual(metrics["precision"], 2 / 3)
        self.assertAlmostEqual(metrics["recall"], 2 / 3)
        self.assertAlmostEqual(metrics["f1"], 2 / 3)
        self.assertAlmostEqual(metrics["accuracy"], 3 / 5)
        self.assertEqual(train.classification_metrics([0, 0], [0, 0])["f1"], 0.0)

    def test_compute_metrics_takes_logits(self):
        logits = [[2.0, 1.0], [0.1, 0.9], [0.3, 0.2]]
        metrics = train.compute_metrics((logits, [0, 1, 1]))
        self.assertAlmostEqual(metrics["f1"], 2 / 3)

    def test_metric_line_matches_the_tuning_regex(self):
        pattern = re.compile(train.METRIC_REGEX)
        for value in (0.0, 1e-9, 0.7012345, 1.0):
            line = train.format_metric_line(value)
            match = pattern.search(line)
            self.assertIsNotNone(match, line)
            self.assertAlmostEqual(float(match.group(1)), value, places=6)
        self.assertEqual(train.format_metric_line(0.5), "f1: 0.500000")
        # The Trainer's own log ("'eval_f1': 0.9") must not match, or the objective would be read twice.
        self.assertIsNone(pattern.search("{'eval_loss': 0.3, 'eval_f1': 0.9}"))
        with self.assertRaises(ValueError):
            train.format_metric_line(float("nan"))


class EvaluationMetricLineTest(unittest.TestCase):
    def test_only_the_first_process_prints_the_f1_line(self):
        metrics = {"eval_f1": 0.8125, "eval_loss": 0.3}
        self.assertEqual(train.evaluation_metric_line(metrics, True), "f1: 0.812500")
        # Under torchrun the other processes hold the same gathered metrics and print nothing.
        self.assertIsNone(train.evaluation_metric_line(metrics, False))
        self.assertIsNone(train.evaluation_metric_line({"eval_loss": 0.3}, True))
        self.assertIsNone(train.evaluation_metric_line(None, True))


class InferenceCodeTest(unittest.TestCase):
    def test_write_inference_code_ships_the_handler_file_and_its_settings_under_code(self):
        with tempfile.TemporaryDirectory() as folder:
            path = train.write_inference_code(folder, 256)
            code = Path(folder) / "code"
            self.assertEqual(Path(path), code / "inference.py")
            self.assertEqual(Path(path).read_bytes(), (Path(train.__file__).parent / "inference.py").read_bytes())
            self.assertEqual(sorted(p.name for p in code.iterdir()), ["inference.py", "inference_config.json"])
            settings = json.loads((code / "inference_config.json").read_text(encoding="utf-8"))
            self.assertEqual(settings, {"max_seq_length": 256, "threshold": 0.5})
            # The handler reads back exactly what train.py wrote.
            from training import inference
            self.assertEqual(inference.load_settings(str(code))["max_seq_length"], 256)
            self.assertEqual(train.INFERENCE_SETTINGS_FILE, inference.SETTINGS_FILE)

    def test_rewriting_replaces_both_files_and_leaves_no_temporary_file(self):
        with tempfile.TemporaryDirectory() as folder:
            train.write_inference_code(folder, 128)
            train.write_inference_code(folder, 64)
            code = Path(folder) / "code"
            self.assertEqual(sorted(p.name for p in code.iterdir()), ["inference.py", "inference_config.json"])
            self.assertEqual(json.loads((code / "inference_config.json").read_text())["max_seq_length"], 64)


class ModelLoadingTest(unittest.TestCase):
    RCT_CONFIG = {  # pritamdeka/BioBert-PubMed200kRCT's config.json (the parts read here)
        "architectures": ["BertForSequenceClassification"],
        "id2label": {"0": "BACKGROUND", "1": "CONCLUSIONS", "2": "METHODS", "3": "OBJECTIVE", "4": "RESULTS"},
        "model_type": "bert",
    }

    def test_from_pretrained_kwargs_ask_for_two_labels_and_allow_a_mismatched_head(self):
        kwargs = train.from_pretrained_kwargs()
        self.assertEqual(kwargs["num_labels"], 2)
        self.assertIs(kwargs["ignore_mismatched_sizes"], True)
        self.assertEqual(kwargs["id2label"], {0: "Not_AE", 1: "Adverse_Event"})
        self.assertEqual(kwargs["label2id"], {"Not_AE": 0, "Adverse_Event": 1})

    def test_a_five_label_head_is_reported_as_replaced(self):
        self.assertEqual(train.checkpoint_head_labels(self.RCT_CONFIG),
                         ["BACKGROUND", "CONCLUSIONS", "METHODS", "OBJECTIVE", "RESULTS"])
        note = train.head_replacement_note("pritamdeka/BioBert-PubMed200kRCT", self.RCT_CONFIG)
        self.assertIsNotNone(note)
        self.assertIn("5-label classification head", note)
        self.assertIn("replaced by a new 2-label head", note)
        self.assertIn("pritamdeka/BioBert-PubMed200kRCT", note)

    def test_no_note_without_a_head_or_with_a_two_label_head(self):
        pretraining = {"architectures": ["BertForPreTraining"], "id2label": {"0": "LABEL_0", "1": "LABEL_1"}}
        self.assertIsNone(train.checkpoint_head_labels(pretraining))
        self.assertIsNone(train.head_replacement_note("dmis-lab/biobert-base-cased-v1.2", pretraining))
        self.assertIsNone(train.head_replacement_note("x", {"model_type": "bert"}))
        binary = {"architectures": ["BertForSequenceClassification"], "id2label": {"0": "NEG", "1": "POS"}}
        self.assertIsNone(train.head_replacement_note("x", binary))

    def test_head_size_falls_back_to_num_labels_and_long_label_lists_are_shortened(self):
        config = {"architectures": ["RobertaForSequenceClassification"], "num_labels": 3}
        self.assertEqual(train.checkpoint_head_labels(config), ["LABEL_0", "LABEL_1", "LABEL_2"])
        many = {"architectures": ["BertForSequenceClassification"],
                "id2label": {str(i): f"C{i}" for i in range(12)}}
        note = train.head_replacement_note("x", many)
        self.assertIn("12-label", note)
        self.assertIn("C7, ...", note)
        self.assertNotIn("C8", note)
        # id2label keys are sorted numerically, not as text ("10" after "9").
        self.assertEqual(train.checkpoint_head_labels(many)[9:], ["C9", "C10", "C11"])


class ResolveModelSourceTest(unittest.TestCase):
    def test_staged_weights_in_the_models_channel_are_used(self):
        with tempfile.TemporaryDirectory() as channel:
            (Path(channel) / "dmis-lab" / "biobert-base-cased-v1.2").mkdir(parents=True)
            source = train.resolve_model_source("dmis-lab/biobert-base-cased-v1.2", {"SM_CHANNEL_MODELS": channel})
            self.assertEqual(source, str(Path(channel) / "dmis-lab" / "biobert-base-cased-v1.2"))

    def test_hub_id_is_kept_without_a_staged_copy(self):
        with tempfile.TemporaryDirectory() as channel:
            self.assertEqual(
                train.resolve_model_source("monologg/biobert_v1.1_pubmed", {"SM_CHANNEL_MODELS": channel}),
                "monologg/biobert_v1.1_pubmed",
            )
        self.assertEqual(train.resolve_model_source("monologg/biobert_v1.1_pubmed", {}), "monologg/biobert_v1.1_pubmed")


if __name__ == "__main__":
    unittest.main()
