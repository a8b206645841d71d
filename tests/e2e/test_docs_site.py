"""The dbt docs site: generated for real, served on loopback, rendered by headless Chromium.

Chromium comes from Debian's `chromium` package; when /usr/bin/chromium is missing the module
installs it (`apt-get update && apt-get install -y chromium`, as root) before anything else.
Screenshots land in tests/artifacts/ (gitignored) for a human to look at.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from .conftest import REPO, make_workspace

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "tests" / "artifacts"
MODEL_PAGE = "#!/model/model.sbfoundation.fct_daily_prices"


def ensure_chromium() -> None:
    if CHROMIUM.exists():
        return
    assert shutil.which("apt-get"), "no /usr/bin/chromium and no apt-get to install it"
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900,
                              env={"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"})
        assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    assert CHROMIUM.exists()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    ensure_chromium()
    root = tmp_path_factory.mktemp("docs")
    ws = make_workspace(root)
    ws.sbf("db", "migrate")  # the ops source exists, so the catalog describes it
    target = root / "docs_target"
    ws.dbt("docs", "generate", "--target-path", str(target))
    handler = functools.partial(QuietHandler, directory=str(target))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"url": f"http://127.0.0.1:{server.server_address[1]}/index.html", "target": target, "root": root}
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def chromium(site: dict, *args: str) -> str:
    profile = site["root"] / "chromium-profile"
    cmd = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--virtual-time-budget=15000", "--window-size=1400,1000", *args,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def test_overview_page_renders(site):
    dom = chromium(site, "--dump-dom", site["url"] + "#!/overview")
    text = re.sub(r"<[^>]+>", " ", dom)
    for phrase in ("SBFoundation warehouse", "The flow", "Querying", "ops.file_ingestions", "fct_price_features"):
        assert phrase in text, phrase


def test_gold_model_page_and_lineage_graph_render(site):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    dom = chromium(site, "--dump-dom", site["url"] + MODEL_PAGE + "?g_v=1")
    text = re.sub(r"<[^>]+>", " ", dom)
    # the model page: its description, its columns with their descriptions
    assert "Daily prices, one row per symbol and trading day, on three bases" in text and "gold_loaded_at" in text
    assert "dbt's" in text or "run_started_at" in text
    # the lineage graph (cytoscape draws on canvases inside the graph panel)
    canvases = re.findall(r'<canvas[^>]*data-id="layer2-node"[^>]*width="(\d+)"[^>]*height="(\d+)"', dom)
    assert canvases and all(int(w) > 100 and int(h) > 50 for w, h in canvases), "lineage graph did not render"
    shot = ARTIFACTS / "docs_fct_daily_prices.png"
    shot.unlink(missing_ok=True)
    chromium(site, f"--screenshot={shot}", site["url"] + MODEL_PAGE + "?g_v=1")
    assert shot.exists() and shot.stat().st_size > 20_000
    overview = ARTIFACTS / "docs_overview.png"
    overview.unlink(missing_ok=True)
    chromium(site, f"--screenshot={overview}", site["url"] + "#!/overview")
    assert overview.exists() and overview.stat().st_size > 20_000


def test_every_node_is_described(site):
    import json

    manifest = json.loads((site["target"] / "manifest.json").read_text())
    ours = [n for n in list(manifest["nodes"].values()) + list(manifest["sources"].values())
            if n.get("package_name") == "sbfoundation" and n["resource_type"] in ("model", "source", "snapshot", "seed")]
    undescribed = [n["unique_id"] for n in ours if not n.get("description", "").strip()]
    assert undescribed == []
    gold = [n for n in ours if n["resource_type"] == "model" and n["schema"] == "gold"]
    catalog = json.loads((site["target"] / "catalog.json").read_text())
    assert len(gold) >= 11
    for node in gold:
        # that the YAML lists every column of the built table is checked in test_gold_features
        undocumented = [c for c, meta in node["columns"].items() if not meta.get("description", "").strip()]
        assert node["columns"] and undocumented == [], node["unique_id"]
    macros = [m for m in manifest["macros"].values() if m["package_name"] == "sbfoundation"]
    assert [m["name"] for m in macros if not m.get("description", "").strip()] == []
    assert {"sbf_runs", "sbf_datasets"} <= {e["name"] for e in manifest["exposures"].values()}
    assert catalog["sources"], "the catalog should describe the ops source"
