"""Jupyter as the project runs it: the kernels that `make` executes notebooks in, and `make lab`.

Kernels get CurveZMQ keys from their manager, so they never warn that code and outputs cross TCP in
plain text. `make lab` serves on the next free port when the one asked for is taken, and JupyterLab
does not greet the newcomer with its news pop-up (jupyter/ holds the project's Jupyter settings).
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import threading
import time
import uuid
from urllib.error import URLError
from urllib.request import Request, urlopen

import nbformat
import pytest
import websocket

from mmn_analysis.edition.notebooks import execute
from mmn_analysis.paths import ROOT

PLAIN_TEXT_WARNING = "Kernel is running over TCP without encryption"
LAB_URL = re.compile(r"http://127\.0\.0\.1:(\d+)/lab\?token=(\w+)")


def test_a_notebook_runs_in_a_kernel_that_prints_no_warning(tmp_path, capfd):
    path = tmp_path / "answer.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("6 * 7")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.write_text(nbformat.writes(nb), encoding="utf-8")

    assert execute(path) is True
    [output] = nbformat.read(path, as_version=4).cells[0].outputs
    assert output["data"]["text/plain"] == "42"
    assert capfd.readouterr().err == ""


# make lab ----------------------------------------------------------------------------------------


class Lab:
    """`make lab` running in the background: its address, token and log so far."""

    def __init__(self, port: int):
        self.proc = subprocess.Popen(
            ["make", "--no-print-directory", "lab", f"LAB_PORT={port}"],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        match = self.wait_for(LAB_URL, timeout=120)
        self.port, self.token = int(match.group(1)), match.group(2)
        self.base = f"http://127.0.0.1:{self.port}"
        self._wait_until_serving(timeout=60)

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line)

    def wait_for(self, pattern: re.Pattern, timeout: float) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            self.log.append(line)
            if match := pattern.search(line):
                return match
        raise AssertionError(f"`make lab` never printed {pattern.pattern}:\n{''.join(self.log)}")

    def _wait_until_serving(self, timeout: float) -> None:
        """JupyterLab prints its address a moment before it accepts connections."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.api("GET", "/api/status")
                return
            except URLError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise
                time.sleep(0.1)

    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        data = None if body is None else json.dumps(body).encode()
        req = Request(self.base + path, data=data, method=method, headers={"Authorization": f"token {self.token}"})
        with urlopen(req, timeout=60) as r:
            text = r.read()
        return json.loads(text) if text else {}

    def run(self, kernel_id: str, code: str) -> str:
        """Execute code in a kernel over its websocket, as JupyterLab does; the result as text."""
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{self.port}/api/kernels/{kernel_id}/channels?token={self.token}", timeout=60
        )
        try:
            msg_id = uuid.uuid4().hex
            header = {"msg_id": msg_id, "msg_type": "execute_request", "session": uuid.uuid4().hex, "version": "5.3"}
            content = {"code": code, "silent": False, "store_history": False, "allow_stdin": False}
            ws.send(json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content}))
            while True:
                msg = json.loads(ws.recv())
                if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_result":
                    return msg["content"]["data"]["text/plain"]
        finally:
            ws.close()

    def stop(self) -> str:
        """Stop the server (SIGTERM to make and JupyterLab) and return its whole log."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=60)
        self._reader.join(timeout=10)
        self.proc.stdout.close()
        while not self.lines.empty():
            self.log.append(self.lines.get())
        return "".join(self.log)


@pytest.fixture(scope="module")
def taken_port():
    """A port on 127.0.0.1 that something else is listening on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(taken_port):
    lab = Lab(taken_port)
    yield lab
    lab.stop()


def test_make_lab_serves_on_a_free_port_when_its_port_is_taken(lab, taken_port):
    assert lab.port != taken_port
    with urlopen(f"{lab.base}/lab?token={lab.token}", timeout=60) as r:
        assert r.status == 200


def test_jupyterlab_does_not_ask_about_news(lab):
    settings = lab.api("GET", "/lab/api/settings/@jupyterlab/apputils-extension:notification")
    # JupyterLab asks whenever fetchNews is "none", its own default
    assert settings["schema"]["properties"]["fetchNews"]["default"] == "false"


def test_lab_kernels_run_code_with_encryption_keys_and_print_no_warning(lab):
    kernel = lab.api("POST", "/api/kernels", {"name": "python3"})
    try:
        connection = ROOT / ".cache" / "jupyter" / "runtime" / f"kernel-{kernel['id']}.json"
        assert "curve_publickey" in json.loads(connection.read_text(encoding="utf-8"))
        assert lab.run(kernel["id"], "6 * 7") == "42"
    finally:
        lab.api("DELETE", f"/api/kernels/{kernel['id']}")
    log = lab.stop()
    assert "Kernel started" in log
    assert PLAIN_TEXT_WARNING not in log
