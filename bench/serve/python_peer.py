"""Python peer for bench/serve: scikit-learn word+char TF-IDF + LinearSVC behind http.server.

Trains on the same training split as the Deno model (JSONL rows with "text" and "label"), then serves
the same contract as `ade serve`: GET /ping, POST /invocations with application/json ({"inputs": ...}),
text/csv (one text per record) or text/plain; answers [{"label", "score"}] as JSON (or label,score CSV
with Accept: text/csv). One access-log line per request goes to stderr, like the Deno server.

Usage: /usr/bin/python3 python_peer.py TRAIN_JSONL [PORT]   (prints "listening on URL" when ready)
"""
import csv
import io
import json
import math
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

MAX_BODY_BYTES = 6_291_456


def train(path):
    texts, labels = [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                texts.append(row["text"])
                labels.append(1 if row["label"] == "Adverse_Event" else 0)
    features = FeatureUnion([
        ("word", TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
        ("char", TfidfVectorizer(lowercase=True, analyzer="char_wb", ngram_range=(2, 5),
                                 sublinear_tf=True, min_df=2)),
    ])
    model = make_pipeline(features, LinearSVC(C=1.0, random_state=42))
    model.fit(texts, labels)
    return model


def parse_texts(body, content_type):
    text = body.decode("utf-8")
    if content_type == "application/json":
        value = json.loads(text)
        inputs = value["inputs"]
        texts = [inputs] if isinstance(inputs, str) else list(inputs)
        if not all(isinstance(item, str) for item in texts):
            raise ValueError("inputs must be strings")
    elif content_type == "text/csv":
        texts = []
        for record in csv.reader(io.StringIO(text, newline="")):
            if not record:
                continue
            if len(record) != 1:
                raise ValueError("one text per record")
            texts.append(record[0])
    else:
        texts = [text.strip()]
    if not texts or any(not item.strip() for item in texts):
        raise ValueError("empty input")
    return texts


def make_handler(model):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the Deno server

        def _send(self, status, body, content_type="application/json"):
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self._response_bytes = len(data)

        def _error(self, status, message):
            self._send(status, json.dumps({"error": message}))

        def do_GET(self):
            self._started = time.perf_counter()
            if self.path == "/ping":
                self._send(200, '{"status":"ok"}')
            else:
                self._error(404, "not found")

        def do_POST(self):
            self._started = time.perf_counter()
            if self.path != "/invocations":
                return self._error(404, "not found")
            accept = (self.headers.get("Accept") or "*/*").split(";")[0].strip().lower()
            if accept not in ("*/*", "application/json", "text/csv"):
                return self._error(406, "unsupported Accept")
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if content_type not in ("application/json", "text/csv", "text/plain"):
                return self._error(415, "unsupported Content-Type")
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY_BYTES:
                self.close_connection = True
                return self._error(413, "body too large")
            try:
                texts = parse_texts(self.rfile.read(length), content_type)
            except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                return self._error(400, "malformed body")
            decisions = model.decision_function(texts)
            scores = [1.0 / (1.0 + math.exp(-float(value))) for value in decisions]
            labels = ["Adverse_Event" if score >= 0.5 else "Not_AE" for score in scores]
            if accept == "text/csv":
                body = "".join(f"{label},{score}\n" for label, score in zip(labels, scores))
                return self._send(200, body, "text/csv")
            self._send(200, json.dumps([{"label": l, "score": s} for l, s in zip(labels, scores)]))

        def log_request(self, code="-", size="-"):
            latency = (time.perf_counter() - getattr(self, "_started", time.perf_counter())) * 1000
            sys.stderr.write(
                f"{self.command} {self.path} {code} req={self.headers.get('Content-Length', 0)}B "
                f"resp={getattr(self, '_response_bytes', 0)}B {latency:.2f}ms\n"
            )

    return Handler


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The load generator closes its connections at the end of a run: not worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def main():
    train_path = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    started = time.perf_counter()
    model = train(train_path)
    sys.stderr.write(f"trained in {time.perf_counter() - started:.1f}s\n")
    server = QuietServer(("127.0.0.1", port), make_handler(model))
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
