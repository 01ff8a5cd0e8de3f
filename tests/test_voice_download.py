"""`download-model` against a local HTTP server serving a small zip."""

from __future__ import annotations

import hashlib
import http.server
import io
import itertools
import socket
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from local_voice.download import DownloadError, ProgressBar, download_command, install_model
from local_voice.messages import load_voice_messages
from local_voice.model_files import looks_like_model


def small_model_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        zipped.writestr("vosk-model-small-nl-0.22/am/final.mdl", b"\x00" * 300_000)
        zipped.writestr("vosk-model-small-nl-0.22/conf/model.conf", "--beam=10.0\n")
        zipped.writestr("vosk-model-small-nl-0.22/graph/Gr.fst", b"fst")
    return buffer.getvalue()


ZIP = small_model_zip()
SHA = hashlib.sha256(ZIP).hexdigest()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/model.zip":
            self.send_response(200)
            self.send_header("Content-Length", str(len(ZIP)))
            self.end_headers()
            self.wfile.write(ZIP)
        elif self.path == "/cut.zip":  # promises the whole zip, sends half, hangs up
            self.send_response(200)
            self.send_header("Content-Length", str(len(ZIP)))
            self.end_headers()
            self.wfile.write(ZIP[: len(ZIP) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif self.path == "/notazip.zip":
            body = b"<html>not found</html>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_installs_with_progress(server: str, tmp_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    target = tmp_path / "models" / "vosk-model-small-nl-0.22"
    install_model(target, url=f"{server}/model.zip", sha256=SHA, progress=lambda d, t: seen.append((d, t)))
    assert looks_like_model(target)
    assert leftovers(target.parent) == ["vosk-model-small-nl-0.22"]
    assert seen[-1] == (len(ZIP), len(ZIP))
    assert len(seen) > 1 and all(a[0] < b[0] for a, b in itertools.pairwise(seen))


def test_checksum_mismatch_installs_nothing(server: str, tmp_path: Path) -> None:
    target = tmp_path / "m"
    with pytest.raises(DownloadError) as caught:
        install_model(target, url=f"{server}/model.zip", sha256="0" * 64)
    assert caught.value.kind == "checksum"
    assert leftovers(tmp_path) == []


def test_interrupted_download_installs_nothing(server: str, tmp_path: Path) -> None:
    with pytest.raises(DownloadError) as caught:
        install_model(tmp_path / "m", url=f"{server}/cut.zip", sha256=SHA)
    assert caught.value.kind == "failed"
    assert leftovers(tmp_path) == []


def test_not_a_model_installs_nothing(server: str, tmp_path: Path) -> None:
    body = b"<html>not found</html>"
    with pytest.raises(DownloadError):
        install_model(tmp_path / "m", url=f"{server}/notazip.zip", sha256=hashlib.sha256(body).hexdigest())
    assert leftovers(tmp_path) == []


def test_offline_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    out = io.StringIO()
    status = download_command(tmp_path / "m", load_voice_messages(), out, url=f"http://127.0.0.1:{port}/m.zip")
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    assert status == 1
    assert lines[-1].startswith("Ophalen lukt niet: geen verbinding met 127.0.0.1")
    assert len(lines) == 2  # what is fetched, then why it failed
    assert leftovers(tmp_path) == []


def test_command_reports_done_then_present(server: str, tmp_path: Path) -> None:
    messages = load_voice_messages()
    out = io.StringIO()
    target = tmp_path / "vosk-model-small-nl-0.22"
    assert download_command(target, messages, out, url=f"{server}/model.zip", sha256=SHA) == 0
    assert "100%" in out.getvalue()
    assert out.getvalue().rstrip().endswith(messages("download_done", path=target))
    again = io.StringIO()
    assert download_command(target, messages, again, url=f"{server}/model.zip", sha256=SHA) == 0
    assert again.getvalue().strip() == messages("download_present", path=target)


def test_progress_bar_draws_once_per_percent() -> None:
    out = io.StringIO()
    bar = ProgressBar(out, width=10)
    for done in range(0, 1001, 1):
        bar(done, 1000)
    assert out.getvalue().count("\r") == 101
    assert out.getvalue().endswith("100%  0.0/0.0 MB\n")
