"""Put Delta Lake's jars on the venv's Spark classpath, downloading them once.

The delta-spark wheel ships no jars; left alone, Spark would resolve
`io.delta:delta-spark_2.13` through Ivy on every session start. Instead the
jars are fetched from Maven Central once into a cache (checked against the
repository's SHA-1), then copied into `pyspark/jars`, so every Spark process
of the venv (dbt, tests, the benchmark, a Thrift server) has Delta with no
network access and no per-session resolution.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import urllib.request
from pathlib import Path

MAVEN_CENTRAL = "https://repo1.maven.org/maven2"
# delta-spark 4.0.1 needs only delta-storage at runtime: scala-library and
# antlr4-runtime are provided by pyspark 4.0.x's own jars.
DELTA_VERSION = "4.0.1"
ARTIFACTS = [
    ("io.delta", "delta-spark_2.13", DELTA_VERSION),
    ("io.delta", "delta-storage", DELTA_VERSION),
    # Spark 4's distribution dropped hive-llap-common, yet the Thrift server
    # loads Hive's function registry, which names its classes, when it closes
    # a session on the embedded metastore (`make cluster-up`): without it, a
    # dbt connection's close fails with NoClassDefFoundError LlapSigner.
    ("org.apache.hive", "hive-llap-common", "2.3.10"),
]


def artifact_url(group: str, artifact: str, version: str) -> str:
    return f"{MAVEN_CENTRAL}/{group.replace('.', '/')}/{artifact}/{version}/{artifact}-{version}.jar"


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (fixed https host)
        return response.read()


def cached_jar(cache_dir: Path, group: str, artifact: str, version: str) -> Path:
    """Return the cached jar, downloading and verifying it on first use."""
    jar = cache_dir / f"{artifact}-{version}.jar"
    if jar.exists():
        return jar
    url = artifact_url(group, artifact, version)
    print(f"downloading {url}", flush=True)
    payload = fetch(url)
    expected_sha1 = fetch(url + ".sha1").decode().split()[0].strip()
    actual_sha1 = hashlib.sha1(payload).hexdigest()  # noqa: S324 (Maven publishes SHA-1)
    if actual_sha1 != expected_sha1:
        raise SystemExit(f"error: checksum mismatch for {url}: {actual_sha1} != {expected_sha1}")
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = jar.with_suffix(".jar.part")
    partial.write_bytes(payload)
    partial.replace(jar)
    return jar


def pyspark_jars_dir() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent / "jars"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_cache = os.environ.get("DELTA_JARS_CACHE", str(Path(__file__).resolve().parents[1] / ".cache" / "jars"))
    parser.add_argument("--cache-dir", default=default_cache, help="where downloaded jars are kept")
    args = parser.parse_args()

    target_dir = pyspark_jars_dir()
    for group, artifact, version in ARTIFACTS:
        target = target_dir / f"{artifact}-{version}.jar"
        if target.exists():
            continue
        try:
            jar = cached_jar(Path(args.cache_dir), group, artifact, version)
        except OSError as exc:
            print(f"error: cannot download {artifact} {version} from Maven Central: {exc}", file=sys.stderr)
            return 1
        shutil.copy2(jar, target)
    print(f"Delta Lake {DELTA_VERSION} jars (and hive-llap-common) are on the Spark classpath ({target_dir})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
