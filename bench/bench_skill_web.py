"""The self-hosted service under gunicorn on localhost, with signed requests (chain cached).

gunicorn (2 sync workers, SQLite store) in one process group, a load generator in a
second process (threads, one connection per request, as Alexa's front end would open).
Targets: at least 500 requests per second, p99 under 20 ms.
"""

from __future__ import annotations

import base64
import datetime
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from ca_helpers import chain_pem, intermediate, leaf, root, sign

URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-bench.pem"
DURATION_SECONDS = 8.0
THREADS = 4
NAMES = ["intent_amazon_help", "intent_startcheckin", "intent_starttriggerplan", "intent_weather_matched"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _load(port: int, bodies: list[tuple[bytes, str]], seconds: float, out: list[float], errors: list[int]) -> None:
    deadline = time.monotonic() + seconds
    index = 0
    while time.monotonic() < deadline:
        body, signature = bodies[index % len(bodies)]
        index += 1
        start = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", "/", body=body, headers={"Content-Type": "application/json", "SignatureCertChainUrl": URL,
                                                      "Signature-256": signature})
        status = conn.getresponse()
        status.read()
        conn.close()
        out.append(time.perf_counter() - start)
        if status.status != 200:
            errors.append(status.status)


def generator(port: int, bodies_file: str, seconds: float) -> None:
    """The load generator process: prints 'count errors p50 p99' (seconds)."""
    bodies = [(base64.b64decode(b), s) for b, s in json.loads(Path(bodies_file).read_text())]
    samples: list[list[float]] = [[] for _ in range(THREADS)]
    errors: list[int] = []
    threads = [threading.Thread(target=_load, args=(port, bodies, seconds, samples[i], errors)) for i in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(s for part in samples for s in part)
    print(json.dumps({"count": len(ordered), "elapsed": elapsed, "errors": len(errors),
                      "p50": ordered[len(ordered) // 2], "p99": ordered[int(len(ordered) * 0.99)]}))


def main() -> None:
    now = datetime.datetime.now(datetime.UTC)
    ca = root(now)
    middle = intermediate(ca, now)
    signer = leaf(middle, now)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "root.pem").write_bytes(ca.pem())
        (work / "chain.pem").write_bytes(chain_pem(signer, middle))
        bodies = []
        for name in NAMES:
            data = json.loads((ROOT / "tests" / "envelopes" / f"{name}.json").read_text(encoding="utf-8"))
            data["request"]["timestamp"] = now.isoformat().replace("+00:00", "Z")
            raw = json.dumps(data).encode()
            bodies.append((base64.b64encode(raw).decode(), base64.b64encode(sign(signer, raw)).decode()))
        (work / "bodies.json").write_text(json.dumps(bodies))
        skill_id = json.loads((ROOT / "tests" / "envelopes" / "launch.json").read_text())["session"]["application"]["applicationId"]
        port = _free_port()
        env = dict(os.environ, BENCH_CHAIN_PEM=str(work / "chain.pem"), BENCH_ROOT_PEM=str(work / "root.pem"),
                   BENCH_SKILL_ID=skill_id, SAMEN_STERKER_STORE=f"sqlite:{work / 'h.sqlite3'}")
        server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "--bind", f"127.0.0.1:{port}",
                                   "--workers", "2", "--log-level", "warning", "bench.skill_web_target:app"],
                                  cwd=ROOT, env=env)
        try:
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            def run(seconds: float) -> str:
                code = f"from bench.bench_skill_web import generator; generator({port}, {str(work / 'bodies.json')!r}, {seconds})"
                done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
                return done.stdout

            run(1.0)  # warm up: the chain is cached in both workers
            out = run(DURATION_SECONDS)
        finally:
            server.terminate()
            server.wait(timeout=20)
    result = json.loads(out.strip().splitlines()[-1])
    rate = result["count"] / result["elapsed"]
    p99_ms = result["p99"] * 1000
    print(f"gunicorn 2 workers, signed requests: {result['count']} in {result['elapsed']:.1f} s = {rate:.0f} req/s,"
          f" p50 {result['p50'] * 1000:.2f} ms, p99 {p99_ms:.2f} ms, errors {result['errors']}")
    print(f"  throughput target >= 500 req/s: {'ok' if rate >= 500 else 'UNDER TARGET'};"
          f" p99 target < 20 ms: {'ok' if p99_ms < 20 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
