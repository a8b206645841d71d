"""One Spark Thrift server (Spark 3.5, Iceberg, Hive metastore on embedded Derby) for a whole run.

Started with `spark-submit` from the pip-installed pyspark (its sbin/ has no start script) in its own
process group, on a free loopback port, with every file it writes (metastore, Iceberg warehouse, logs)
under one work directory. `stop()` ends the JVM and whatever it started; the context manager stops it
on any exit, a failure included.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)

#: The Iceberg runtime for Spark 3.5 / Scala 2.12 inside the snowpark-connect-deps-iceberg wheel
#: (a third-party repackaging of Apache's jar; requirements-spark.lock pins the wheel by hash).
ICEBERG_JAR = "iceberg-spark-runtime-3.5_2.12-1.10.2.jar"
STARTUP_TIMEOUT_S = 180


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def iceberg_jar() -> Path:
    import snowpark_connect_deps_iceberg

    jar = Path(snowpark_connect_deps_iceberg.__file__).resolve().parent / "jars" / ICEBERG_JAR
    if not jar.is_file():
        raise FileNotFoundError(f"Iceberg runtime jar not found: {jar} (install requirements-spark.lock)")
    return jar


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spark_conf(work_dir: Path) -> dict[str, str]:
    """The session settings of the server: the same ones a cluster's spark-defaults.conf would carry
    (README: a real cluster replaces the Derby metastore and the local warehouse)."""
    return {
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": "2",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.warehouse.dir": str(work_dir / "warehouse"),
        "spark.hadoop.javax.jdo.option.ConnectionURL":
            f"jdbc:derby:;databaseName={work_dir / 'metastore_db'};create=true",
        "spark.sql.extensions": "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
        "spark.sql.catalog.spark_catalog": "org.apache.iceberg.spark.SparkSessionCatalog",
        "spark.sql.catalog.spark_catalog.type": "hive",
        # Derby has no Hive ACID lock tables: without this every Iceberg commit waits minutes for a
        # lock. Commits are then unsafe against concurrent writers: one writer (dbt) at a time.
        "spark.hadoop.iceberg.engine.hive.lock-enabled": "false",
        # the driver's Derby and Hive logs stay in the work dir
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={work_dir}",
    }


class ThriftServer:
    def __init__(self, work_dir: Path, port: int | None = None, driver_memory: str = "2g", cores: int = 2):
        self.work_dir = work_dir
        self.port = port or free_port()
        self.driver_memory = driver_memory
        self.cores = cores
        self.process: subprocess.Popen | None = None
        self.log_path = work_dir / "thriftserver.log"

    def command(self) -> list[str]:
        home = spark_home()
        jar = str(iceberg_jar())
        cmd = [str(home / "bin" / "spark-submit"), "--master", f"local[{self.cores}]",
               "--driver-memory", self.driver_memory,
               # the jar must be on the driver's class path, not only in spark.jars: otherwise the
               # server fails with NoClassDefFoundError org/apache/iceberg/spark/PathIdentifier
               "--driver-class-path", jar, "--jars", jar,
               "--class", "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2"]
        for key, value in spark_conf(self.work_dir).items():
            cmd += ["--conf", f"{key}={value}"]
        cmd += ["--hiveconf", f"hive.server2.thrift.port={self.port}",
                "--hiveconf", "hive.server2.thrift.bind.host=127.0.0.1", "spark-internal"]
        return cmd

    def start(self) -> "ThriftServer":
        self.work_dir.mkdir(parents=True, exist_ok=True)
        with socket.socket() as s:
            s.settimeout(1)
            if s.connect_ex(("127.0.0.1", self.port)) == 0:
                raise RuntimeError(f"port {self.port} is already taken: another server listens there")
        env = dict(os.environ, SPARK_HOME=str(spark_home()), SPARK_LOCAL_IP="127.0.0.1",
                   PYSPARK_PYTHON=sys.executable)
        log.info("starting the Spark Thrift server on 127.0.0.1:%s (log: %s)", self.port, self.log_path)
        with open(self.log_path, "ab") as out:
            self.process = subprocess.Popen(self.command(), cwd=self.work_dir, env=env, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Spark Thrift server exited with {self.process.returncode} while starting; "
                                   f"last lines of {self.log_path}:\n{self.tail()}")
            with socket.socket() as s:
                s.settimeout(1)
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(1)
        self.stop()
        raise TimeoutError(f"the Spark Thrift server did not open port {self.port} in {STARTUP_TIMEOUT_S} s; "
                           f"last lines of {self.log_path}:\n{self.tail()}")

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """End the server's process group (the JVM spark-submit started): TERM, then KILL."""
        if self.process is None or self.process.poll() is not None:
            return
        pgid = os.getpgid(self.process.pid)
        os.killpg(pgid, signal.SIGTERM)
        try:
            # Spark's shutdown hooks wait for running jobs: not for long
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.process.wait(timeout=30)
        log.info("stopped the Spark Thrift server (pid %s)", self.process.pid)

    def __enter__(self) -> "ThriftServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


if __name__ == "__main__":
    # `python tests/spark/thrift_server.py WORK_DIR [PORT]`: serve until interrupted (for trying the
    # spark target by hand: DBT target spark with SBF_SPARK_PORT=PORT)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    server = ThriftServer(Path(sys.argv[1]).resolve(), int(sys.argv[2]) if len(sys.argv) > 2 else None)
    with server:
        print(f"Spark Thrift server on 127.0.0.1:{server.port}; Ctrl-C stops it", flush=True)
        try:
            while server.process.poll() is None:
                time.sleep(2)
        except KeyboardInterrupt:
            pass
