"""Tests of the pure parts of training/inference.py: settings, request parsing, responses, count-only logging."""

import contextlib
import io
import json
import tempfile
import unittest
from pathlib import Path

from training import inference

SECRET = "Patient X developed hepatitis, then a rash"  # invented sentence that must never be logged


class SettingsTest(unittest.TestCase):
    def test_missing_file_means_the_defaults(self):
        with tempfile.TemporaryDirectory() as folder:
            self.assertEqual(inference.load_settings(folder), inference.DEFAULT_SETTINGS)

    def test_written_settings_override_the_defaults(self):
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, inference.SETTINGS_FILE).write_text('{"max_seq_length": 256, "threshold": 0.3}')
            settings = inference.load_settings(folder)
            self.assertEqual((settings["max_seq_length"], settings["threshold"], settings["batch_size"]),
                             (256, 0.3, 32))

    def test_bad_settings_name_the_file_and_field(self):
        for content, field in (('{"max_seq_length": 0}', "max_seq_length"), ('{"threshold": 1.5}', "threshold"),
                               ('{"colour": 1}', "colour"), ('{"batch_size": true}', "batch_size")):
            with self.subTest(content=content), tempfile.TemporaryDirectory() as folder:
                Path(folder, inference.SETTINGS_FILE).write_text(content)
                with self.assertRaises(ValueError) as raised:
                    inference.load_settings(folder)
                self.assertIn(f'field "{field}"', str(raised.exception))
                self.assertIn(inference.SETTINGS_FILE, str(raised.exception))


class ParseRequestTest(unittest.TestCase):
    def test_json_one_text_or_a_list_other_keys_ignored(self):
        self.assertEqual(inference.parse_request('{"inputs": "a"}', "application/json"), ["a"])
        self.assertEqual(
            inference.parse_request(b'{"inputs": ["a", "b"], "parameters": {}}', "application/json; charset=utf-8"),
            ["a", "b"],
        )
        self.assertEqual(inference.parse_request(b'{"inputs": "a"}', None), ["a"], "no Content-Type means JSON")

    def test_csv_one_text_per_record_with_quoting_and_empty_lines_skipped(self):
        body = 'first text\n\n"second, with a comma"\n"third ""quoted"" text"\n"multi\nline"\n'
        self.assertEqual(
            inference.parse_request(body.encode(), "text/csv"),
            ["first text", "second, with a comma", 'third "quoted" text', "multi\nline"],
        )
        self.assertEqual(inference.parse_request("a\r\nb\r\n", "text/csv"), ["a", "b"])

    def test_plain_text_is_one_trimmed_text(self):
        self.assertEqual(inference.parse_request(b"  one sentence \n", "text/plain"), ["one sentence"])

    def test_refusals_never_quote_the_body(self):
        cases = [
            ('{"inputs": ' + json.dumps(SECRET), "application/json", "not valid JSON"),
            ('{"text": ' + json.dumps(SECRET) + "}", "application/json", 'object with "inputs"'),
            ('{"inputs": [' + json.dumps(SECRET) + ", 3]}", "application/json", '"inputs"[1] is not a string'),
            ('{"inputs": {"a": 1}}', "application/json", "string or an array"),
            ('{"inputs": []}', "application/json", "no input texts"),
            ('{"inputs": [' + json.dumps(SECRET) + ', "  "]}', "application/json", "input 2 of 2 is empty"),
            (SECRET + ",second field\n", "text/csv", "has 3 fields"),
            ('"' + SECRET + '" trailing\n', "text/csv", "not valid CSV"),
            ("\n\n", "text/csv", "no input texts"),
            (SECRET.encode("utf-16"), "text/plain", "not valid UTF-8"),
            (SECRET, "application/xml", "unsupported Content-Type"),
            (SECRET, "text/plain; charset=latin-1", "unsupported charset"),
        ]
        for body, content_type, message in cases:
            with self.subTest(message=message):
                with self.assertRaises(inference.InvocationError) as raised:
                    inference.parse_request(body, content_type)
                self.assertIn(message, str(raised.exception))
                self.assertNotIn("hepatitis", str(raised.exception))

    def test_request_type_ignores_case_and_parameters(self):
        self.assertEqual(inference.request_type("Text/CSV; charset=UTF-8"), "text/csv")
        self.assertEqual(inference.request_type(" "), "application/json")


class JsonLinesTest(unittest.TestCase):
    """What a Batch Transform job sends (SplitType Line, MultiRecord): several JSON Lines in one request."""

    def test_lines_give_texts_and_ids_in_order_blank_lines_skipped(self):
        body = '{"id": "r1", "text": "first"}\n\n"second, a bare string"\r\n{"inputs": "third", "id": 3}\n'
        for content_type in ("application/jsonlines", "application/jsonl", "Application/X-JSONLines; charset=utf-8"):
            with self.subTest(content_type=content_type):
                self.assertEqual(
                    inference.parse_records(body.encode(), content_type),
                    (["first", "second, a bare string", "third"], ["r1", None, 3]),
                )
        self.assertEqual(inference.parse_request(body, "application/jsonlines"), ["first", "second, a bare string",
                                                                                   "third"])
        self.assertEqual(inference.parse_records('{"inputs": ["a"]}', "application/json"), (["a"], None))

    def test_refusals_name_the_line_never_the_text(self):
        cases = [
            (json.dumps({"text": SECRET}) + "\n" + json.dumps({"text": SECRET})[:-1], "line 2 is not valid JSON"),
            ("[" + json.dumps(SECRET) + "]", "line 1 must be an object"),
            (json.dumps({"id": 1, "note": SECRET}), 'line 1: "text" must be a string'),
            (json.dumps({"id": True, "text": SECRET}), 'line 1: "id" must be a string or an integer'),
            (json.dumps({"text": SECRET}) + "\n" + json.dumps({"text": " "}), "input 2 of 2 is empty"),
            ("\n \n", "no input texts"),
        ]
        for body, message in cases:
            with self.subTest(message=message):
                with self.assertRaises(inference.InvocationError) as raised:
                    inference.parse_records(body, "application/jsonlines")
                self.assertIn(message, str(raised.exception))
                self.assertNotIn("hepatitis", str(raised.exception))

    def test_answer_is_one_line_per_input_with_its_id_and_no_trailing_newline(self):
        body = json.dumps({"id": "r1", "text": "a"}) + "\n" + json.dumps("b") + "\n"
        with contextlib.redirect_stderr(io.StringIO()):
            data = inference.input_fn(body.encode(), "application/jsonlines")
        texts, ids = inference.texts_and_ids(data)
        self.assertEqual((texts, ids), (["a", "b"], ["r1", None]))
        predictions = inference.with_ids([inference.scored(0.875), inference.scored(0.125)], ids)
        answer = inference.output_fn(predictions, "application/jsonlines")
        self.assertFalse(answer.endswith("\n"), "SageMaker adds the newline after each answer (AssembleWith Line)")
        self.assertEqual(
            [json.loads(line) for line in answer.split("\n")],
            [{"id": "r1", "label": "Adverse_Event", "score": 0.875}, {"label": "Not_AE", "score": 0.125}],
        )
        # The other answer types keep their shape when the predictions carry ids.
        self.assertEqual(json.loads(inference.output_fn(predictions, "application/json"))[0],
                         {"label": "Adverse_Event", "score": 0.875})
        self.assertEqual(inference.texts_and_ids(["x"]), (["x"], None))
        with self.assertRaises(ValueError):
            inference.with_ids([inference.scored(0.5)], ["a", "b"])

    def test_accept_jsonlines_is_negotiated(self):
        self.assertEqual(inference.response_type("application/jsonlines"), "application/jsonlines")
        self.assertEqual(inference.response_type("application/x-jsonlines;q=0.5, text/csv;q=0.4"),
                         "application/jsonlines")


class ResponseTest(unittest.TestCase):
    def test_scored_labels_by_threshold(self):
        self.assertEqual(inference.scored(0.8), {"label": "Adverse_Event", "score": 0.8})
        self.assertEqual(inference.scored(0.2), {"label": "Not_AE", "score": 0.2})
        self.assertEqual(inference.scored(0.5)["label"], "Adverse_Event")
        self.assertEqual(inference.scored(0.4, threshold=0.3)["label"], "Adverse_Event")
        for bad in (float("nan"), 1.5, -0.1):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                inference.scored(bad)

    def test_json_and_csv_bodies_follow_the_local_endpoint_contract(self):
        predictions = [inference.scored(0.875), inference.scored(0.125)]
        self.assertEqual(
            json.loads(inference.format_response(predictions, "application/json")),
            [{"label": "Adverse_Event", "score": 0.875}, {"label": "Not_AE", "score": 0.125}],
        )
        self.assertEqual(inference.format_response(predictions, "text/csv"), "Adverse_Event,0.875\nNot_AE,0.125\n")
        self.assertEqual(json.loads(inference.output_fn(predictions, "*/*"))[0]["label"], "Adverse_Event")
        self.assertEqual(inference.output_fn(predictions, "text/csv"), "Adverse_Event,0.875\nNot_AE,0.125\n")

    def test_response_type_negotiates_by_quality_then_order(self):
        cases = [
            (None, "application/json"),
            ("*/*", "application/json"),
            ("text/csv", "text/csv"),
            ("text/*", "text/csv"),
            ("text/csv;q=0.9, application/json", "application/json"),
            ("application/json;q=0.1, text/csv;q=0.8", "text/csv"),
            ("application/xml, text/csv", "text/csv"),
        ]
        for accept, expected in cases:
            with self.subTest(accept=accept):
                self.assertEqual(inference.response_type(accept), expected)
        for refused in ("application/xml", "text/csv;q=0", "image/png"):
            with self.subTest(refused=refused), self.assertRaises(inference.InvocationError):
                inference.response_type(refused)


class LoggingTest(unittest.TestCase):
    def test_log_lines_hold_counts_never_text(self):
        texts = inference.parse_request(json.dumps({"inputs": [SECRET, "another invented one"]}), "application/json")
        line = inference.describe_request(texts, 77, "application/json")
        self.assertEqual(line, "request: 2 texts, 77 bytes (application/json)")
        line = inference.describe_predictions([inference.scored(0.9), inference.scored(0.1)])
        self.assertEqual(line, "response: 2 predictions, 1 Adverse_Event")

    def test_input_fn_logs_the_request_without_its_text(self):
        body = json.dumps({"inputs": [SECRET]}).encode()
        with contextlib.redirect_stderr(io.StringIO()) as stderr:
            self.assertEqual(inference.input_fn(body, "application/json"), [SECRET])
        logged = stderr.getvalue()
        self.assertIn(f"request: 1 texts, {len(body)} bytes (application/json)", logged)
        self.assertNotIn("hepatitis", logged)

    def test_handler_functions_exist_and_import_nothing_heavy_at_module_level(self):
        for name in ("model_fn", "input_fn", "predict_fn", "output_fn"):
            self.assertTrue(callable(getattr(inference, name)), name)
        source = Path(inference.__file__).read_text(encoding="utf-8")
        module_level = source.split("\ndef model_fn")[0]
        self.assertNotIn("import torch", module_level)
        self.assertNotIn("import transformers", module_level)
        self.assertNotIn("from transformers", module_level)


if __name__ == "__main__":
    unittest.main()
