"""Real servers for tests, started by the tests themselves on 127.0.0.1.

Virtuoso Open Source (Debian ``virtuoso-opensource``) and the Oxigraph server (PyPI
``oxigraph``) run as private instances, each on its own database folder under a temporary
directory, ports bound to 127.0.0.1 (Virtuoso with its own ini file and a dba password set at
start). ``kg serve`` runs as a subprocess. Each is stopped when the tests end.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# the ini the package installs, or the template it is made from (the package's postinst
# writes /etc only when it may configure the service)
_INIS = (Path("/etc/virtuoso-opensource-7/virtuoso.ini"),
         Path("/usr/share/virtuoso-opensource-7/virtuoso.ini"))
VIRTUOSO_INI = next((p for p in _INIS if p.is_file()), _INIS[0])
VIRTUOSO_PASSWORD = "kgTest42secret"
_FILES = {"DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile", "xa_persistent_file"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers, if only to say no
        except (urllib.error.URLError, OSError):
            time.sleep(0.25)
    raise RuntimeError(f"no answer from {url} within {seconds} s")


def virtuoso_available() -> bool:
    return (shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None
            and VIRTUOSO_INI.is_file())


def _ini(template: str, folder: Path, sql_port: int, http_port: int, buffers: int = 0,
         estimates: bool = True) -> str:
    section, out = None, []
    for line in template.splitlines():
        if m := re.match(r"\s*\[(.+?)\]", line):
            section = m.group(1)
        key = None if line.lstrip().startswith(";") or "=" not in line else line.split("=")[0].strip()
        if section in ("Database", "TempDatabase") and key in _FILES:
            prefix = "temp-" if section == "TempDatabase" else ""
            line = f"{key} = {folder / (prefix + Path(line.split('=', 1)[1].strip()).name)}"
        elif section == "Parameters" and key == "ServerPort":
            line = f"ServerPort = 127.0.0.1:{sql_port}"
        elif section == "Parameters" and key == "DirsAllowed":
            line = f"{line}, {folder}"
        elif section == "HTTPServer" and key == "ServerPort":
            line = f"ServerPort = 127.0.0.1:{http_port}"
        elif section == "URIQA" and key == "DefaultHost":
            line = f"DefaultHost = localhost:{http_port}"
        elif section == "SPARQL" and key == "ResultSetMaxRows":
            line = "ResultSetMaxRows = 1000000"
        elif section == "SPARQL" and key == "MaxQueryCostEstimationTime" and not estimates:
            line = ";" + line  # refuses queries by a cost estimate, "meant for debugging"
        elif section == "Parameters" and key == "ThreadsPerQuery" and buffers:
            # 8 kB pages held in memory (the template's default suits a small database)
            line += f"\nNumberOfBuffers = {buffers}\nMaxDirtyBuffers = {buffers * 3 // 4}"
        out.append(line)
    return "\n".join(out) + "\n"


@dataclass
class Virtuoso:
    folder: Path
    sql_port: int
    http_port: int
    password: str
    process: subprocess.Popen | None = None
    #: NumberOfBuffers (8 kB pages in memory; 0: the template's, for small databases)
    buffers: int = 0
    #: whether queries are refused by their estimated cost (the template's 400 s); at 100k
    #: articles the estimates of 9 library queries passed it, 11,437 s for one that reads a
    #: few hundred tallies, and Virtuoso's maintainers advise commenting the limit out
    estimates: bool = True

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        return self.base + "/sparql"

    @property
    def sparql_auth(self) -> str:
        return self.base + "/sparql-auth"

    @property
    def graph_store(self) -> str:
        return self.base + "/sparql-graph-crud-auth"

    def start(self) -> Virtuoso:
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(_ini(VIRTUOSO_INI.read_text(), self.folder, self.sql_port, self.http_port,
                            self.buffers, self.estimates))
        log = (self.folder / "stdout.log").open("wb")
        self.process = subprocess.Popen(
            ["virtuoso-t", "+configfile", str(ini), "+foreground"], cwd=self.folder,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(self.sparql + "?query=ASK%7B%7D", 90, self.process)
        if not self.password.isalnum():  # isql reads it as an identifier
            raise ValueError("a Virtuoso password here must be letters and digits")
        self.isql(f"SET PASSWORD dba {self.password};", password="dba")
        return self

    def isql(self, statement: str, password: str | None = None) -> str:
        result = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", password or self.password,
             f"EXEC={statement}"], capture_output=True, text=True, timeout=60, check=False)
        if result.returncode != 0 or "*** Error" in result.stdout:
            raise RuntimeError(f"isql failed: {result.stdout}{result.stderr}")
        return result.stdout

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()


@dataclass
class Served:
    """``kg serve`` running in a subprocess."""

    url: str
    process: subprocess.Popen

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def serve(graph: Path, *args: str, env: dict[str, str] | None = None) -> Served:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--graph", str(graph), "--port", str(port),
         *args], env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_for(url + "/sparql?query=ASK%7B%7D", 60, process)
    return Served(url, process)


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` server of the PyPI package ``oxigraph`` (the ``test`` extras)."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


@dataclass
class Oxigraph:
    """``oxigraph serve`` on a private folder, the union of its graphs as the default graph
    (as in our local engine and Virtuoso)."""

    folder: Path
    port: int
    timeout: int = 30
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query(self) -> str:
        return self.base + "/query"

    @property
    def update(self) -> str:
        return self.base + "/update"

    @property
    def graph_store(self) -> str:
        return self.base + "/store"

    def start(self) -> Oxigraph:
        binary = oxigraph_binary()
        if binary is None:
            raise RuntimeError("no oxigraph binary (pip install oxigraph)")
        self.folder.mkdir(parents=True, exist_ok=True)
        log = (self.folder / "stdout.log").open("wb")
        self.process = subprocess.Popen(
            [binary, "serve", "--location", str(self.folder / "db"), "--bind",
             f"127.0.0.1:{self.port}", "--union-default-graph", "--timeout-s", str(self.timeout)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(self.query + "?query=ASK%7B%7D", 60, self.process)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
