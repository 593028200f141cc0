"""Start or stop a Spark standalone cluster with a Thrift server on this machine.

`up` starts a master, one worker and the Spark Thrift Server (HiveServer2)
on that master, all from the venv's pinned pyspark (its jars include the
Thrift server, Hive and, after `make setup`, Delta), all bound to loopback.
The server gets the Spark settings of the profile's `local` target (Delta,
warehouse and metastore under $LAKEHOUSE_DIR, UTC, ...), so the `thrift`
target sees the same lakehouse layout as the embedded one. Logs and pid files
live in $LAKEHOUSE_DIR/cluster/. `down` stops exactly the processes `up`
started (their pids, checked against their command lines).

    .venv/bin/python scripts/cluster.py up      # or: make cluster-up
    DBT_TARGET=thrift .venv/bin/dbt build
    .venv/bin/python scripts/cluster.py down    # or: make cluster-down
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

from preflight import PreflightError, check_java, check_metastore
from spark_class_archive import java_options as class_archive_options

REPO = Path(__file__).resolve().parents[1]
LOOPBACK = "127.0.0.1"
# settings of the embedded target that describe the session process itself,
# not the lakehouse: the cluster decides these
PROCESS_SETTINGS = {"spark.master", "spark.driver.memory", "spark.driver.extraJavaOptions"}


class ClusterError(Exception):
    """Something the user must fix; said in one line."""


@dataclass(frozen=True)
class Ports:
    master: int
    master_ui: int
    worker_ui: int
    thrift: int

    @classmethod
    def from_env(cls) -> Ports:
        def port(name: str, default: int) -> int:
            value = os.environ.get(name, str(default))
            if not value.isdigit() or not 0 < int(value) < 65536:
                raise ClusterError(f"{name} must be a TCP port number, got {value!r}")
            return int(value)

        return cls(master=port("SPARK_MASTER_PORT", 7077), master_ui=port("SPARK_MASTER_UI_PORT", 8090),
                   worker_ui=port("SPARK_WORKER_UI_PORT", 8091), thrift=port("SPARK_THRIFT_PORT", 10000))


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def render_env_vars(text: str) -> str:
    """Render the profile's only Jinja, `{{ env_var('NAME', 'default') }}`."""

    def value(match: re.Match) -> str:
        name, default = match.group(1), match.group(3)
        if name in os.environ:
            return os.environ[name]
        if default is None:
            raise ClusterError(f"profiles.yml needs the environment variable {name}")
        return default

    pattern = r"\{\{\s*env_var\('([^']+)'(\s*,\s*'([^']*)')?\)\s*(\|\s*as_number\s*)?\}\}"
    rendered = re.sub(pattern, value, text)
    if "{{" in rendered:
        raise ClusterError("profiles.yml holds Jinja other than env_var(); cluster.py cannot read it")
    return rendered


def lakehouse_settings(profiles: Path) -> dict[str, str]:
    """The Spark settings of the profile's `local` target, less the process ones."""
    if not profiles.exists():
        raise ClusterError(f"{profiles} does not exist (run `make setup`)")
    profile = yaml.safe_load(render_env_vars(profiles.read_text()))
    try:
        settings = profile["lakehouse_events"]["outputs"]["local"]["server_side_parameters"]
    except (KeyError, TypeError) as missing:
        raise ClusterError(f"{profiles} has no lakehouse_events.outputs.local.server_side_parameters") from missing
    settings = {key: str(value) for key, value in settings.items() if key not in PROCESS_SETTINGS}
    # dbt-spark's session method turns ANSI mode off in its own session; a
    # Thrift server would keep Spark 4's default (on), under which the
    # validated views' casts of bad input raise instead of yielding null
    settings["spark.sql.ansi.enabled"] = "false"
    return settings


def port_is_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((LOOPBACK, port)) == 0


def check_free(ports: Ports) -> None:
    for name, port in vars(ports).items():
        if port_is_open(port):
            raise ClusterError(f"port {port} ({name.replace('_', ' ')}) on {LOOPBACK} is taken: stop what holds it"
                               f" or set SPARK_{name.upper()}_PORT")


class Cluster:
    def __init__(self, lakehouse: Path, ports: Ports):
        self.lakehouse = lakehouse
        self.ports = ports
        self.dir = lakehouse / "cluster"
        self.home = spark_home()

    def pid_file(self, role: str) -> Path:
        return self.dir / f"{role}.pid"

    def log_file(self, role: str) -> Path:
        return self.dir / f"{role}.log"

    def env(self) -> dict[str, str]:
        return {**os.environ, "SPARK_HOME": str(self.home), "SPARK_LOCAL_IP": LOOPBACK,
                "SPARK_LOG_DIR": str(self.dir), "SPARK_WORKER_DIR": str(self.dir / "work"),
                "PYSPARK_PYTHON": sys.executable,
                # the master and the worker start from `make setup`'s class archive too
                "SPARK_DAEMON_JAVA_OPTS": f"{os.environ.get('SPARK_DAEMON_JAVA_OPTS', '')} {class_archive_options()}"}

    def start(self, role: str, command: list[str]) -> subprocess.Popen:
        with open(self.log_file(role), "ab") as log:
            # its own session, so a Ctrl-C in the caller's terminal does not reach it
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       env=self.env(), cwd=self.dir, start_new_session=True)
        self.pid_file(role).write_text(f"{process.pid}\n")
        return process

    def wait(self, role: str, process: subprocess.Popen, ready, what: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise ClusterError(f"the {what} exited with code {process.returncode}; see {self.log_file(role)}")
            if ready():
                return
            time.sleep(1)
        raise ClusterError(f"the {what} did not come up in {timeout:.0f} s; see {self.log_file(role)}")

    def workers_alive(self) -> int:
        try:
            with urllib.request.urlopen(f"http://{LOOPBACK}:{self.ports.master_ui}/json/", timeout=2) as answer:
                state = json.load(answer)
        except OSError:
            return 0
        return sum(1 for worker in state.get("workers", []) if worker.get("state") == "ALIVE")

    def up(self, worker_cores: int, worker_memory: str, executor_memory: str, timeout: float) -> None:
        if self.running():
            raise ClusterError(f"a cluster started from {self.dir} is already running (`make cluster-down` stops it)")
        check_java()
        check_metastore(self.lakehouse)
        check_free(self.ports)
        self.dir.mkdir(parents=True, exist_ok=True)
        settings = lakehouse_settings(REPO / "profiles.yml")
        spark_class = str(self.home / "bin" / "spark-class")
        master_url = f"spark://{LOOPBACK}:{self.ports.master}"
        try:
            print(f"starting the Spark master at {master_url} ...", flush=True)
            master = self.start("master", [
                spark_class, "org.apache.spark.deploy.master.Master", "--host", LOOPBACK,
                "--port", str(self.ports.master), "--webui-port", str(self.ports.master_ui)])
            self.wait("master", master, lambda: port_is_open(self.ports.master), "Spark master", timeout)

            print(f"starting a worker ({worker_cores} cores, {worker_memory}) ...", flush=True)
            worker = self.start("worker", [
                spark_class, "org.apache.spark.deploy.worker.Worker", master_url, "--host", LOOPBACK,
                "--cores", str(worker_cores), "--memory", worker_memory,
                "--webui-port", str(self.ports.worker_ui), "--work-dir", str(self.dir / "work")])
            self.wait("worker", worker, lambda: self.workers_alive() > 0, "Spark worker", timeout)

            print(f"starting the Thrift server on {LOOPBACK}:{self.ports.thrift} ...", flush=True)
            confs = [arg for key, value in settings.items() for arg in ("--conf", f"{key}={value}")]
            driver_java = (f"-Dderby.stream.error.file={self.dir}/derby.log"
                           f" -Dlog4j2.configurationFile={REPO / 'conf' / 'log4j2.properties'}"
                           f" {class_archive_options()} {os.environ.get('SPARK_DRIVER_JAVA_OPTIONS', '')}")
            thrift = self.start("thrift", [
                str(self.home / "bin" / "spark-submit"),
                "--class", "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2",
                "--name", "lakehouse-thrift", "--master", master_url,
                "--driver-memory", os.environ.get("SPARK_DRIVER_MEMORY", "2g"),
                "--executor-memory", executor_memory,
                "--conf", f"spark.driver.extraJavaOptions={driver_java}",
                "--conf", f"spark.executor.extraJavaOptions={class_archive_options()}"
                          f" {os.environ.get('SPARK_EXECUTOR_JAVA_OPTIONS', '')}",
                "--conf", f"spark.driver.host={LOOPBACK}", "--conf", f"spark.driver.bindAddress={LOOPBACK}",
                *confs,
                "--hiveconf", f"hive.server2.thrift.bind.host={LOOPBACK}",
                "--hiveconf", f"hive.server2.thrift.port={self.ports.thrift}",
                "spark-internal"])
            self.wait("thrift", thrift, lambda: port_is_open(self.ports.thrift), "Thrift server", timeout)
        except (ClusterError, PreflightError):
            self.down(quiet=True)
            raise
        print(f"cluster up: master {master_url} (UI http://{LOOPBACK}:{self.ports.master_ui}),"
              f" Thrift server {LOOPBACK}:{self.ports.thrift}; logs in {self.dir}", flush=True)

    def started(self) -> dict[str, int]:
        """The processes `up` started that are still alive, by role."""
        alive = {}
        for role in ("thrift", "worker", "master"):
            pid_file = self.pid_file(role)
            if not pid_file.exists():
                continue
            pid = int(pid_file.read_text().strip() or 0)
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            # a recycled pid belongs to someone else: only ours runs the Spark class
            if "org.apache.spark" in command:
                alive[role] = pid
        return alive

    def running(self) -> bool:
        return bool(self.started())

    def down(self, quiet: bool = False, timeout: float = 30) -> None:
        alive = self.started()
        for role, pid in alive.items():  # the Thrift server first: it is the master's client
            if not quiet:
                print(f"stopping the {role} (pid {pid}) ...", flush=True)
            try:
                os.killpg(pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and Path(f"/proc/{pid}").exists() and not self.zombie(pid):
                time.sleep(0.5)
            if Path(f"/proc/{pid}").exists() and not self.zombie(pid):
                os.killpg(pid, signal.SIGKILL)
        for role in ("thrift", "worker", "master"):
            self.pid_file(role).unlink(missing_ok=True)
        if not quiet:
            print("cluster down" if alive else f"no cluster started from {self.dir} is running", flush=True)

    @staticmethod
    def zombie(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
        except (OSError, IndexError):
            return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     epilog="Ports: SPARK_MASTER_PORT (7077), SPARK_MASTER_UI_PORT (8090), "
                                            "SPARK_WORKER_UI_PORT (8091), SPARK_THRIFT_PORT (10000).")
    parser.add_argument("action", choices=["up", "down", "status"])
    parser.add_argument("--lakehouse-dir", type=Path, default=Path(os.environ.get("LAKEHOUSE_DIR", "lakehouse")))
    parser.add_argument("--worker-cores", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--worker-memory", default="4g")
    parser.add_argument("--executor-memory", default="3g")
    parser.add_argument("--timeout", type=float, default=180, help="seconds each process may take to come up")
    args = parser.parse_args(argv)
    lakehouse = args.lakehouse_dir.resolve()
    # the profile's paths are read from LAKEHOUSE_DIR: make them this lakehouse's, absolute
    os.environ["LAKEHOUSE_DIR"] = str(lakehouse)
    try:
        cluster = Cluster(lakehouse, Ports.from_env())
        if args.action == "up":
            cluster.up(args.worker_cores, args.worker_memory, args.executor_memory, args.timeout)
        elif args.action == "down":
            cluster.down()
        else:
            alive = cluster.started()
            print(", ".join(f"{role} pid {pid}" for role, pid in alive.items()) or "not running")
            return 0 if alive else 1
    except (ClusterError, PreflightError) as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
