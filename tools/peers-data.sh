#!/usr/bin/env bash
# Generates the seeded reference data of ../shared/peers into .peers/data (once; ~13 s) and
# checks it against the manifest's SHA-256 values. Needs Debian's python3-numpy/scipy.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
peers="${PEERS_DIR:-$root/../shared/peers}"
out="${PEERS_DATA_DIR:-$root/.peers/data}"
if [ -f "$out/manifest.json" ] && [ -f "$out/.verified" ]; then exit 0; fi
if [ ! -f "$peers/gen.py" ]; then
  echo "peers-data: the reference scorers are not at $peers (expected ../shared/peers beside the repository); set PEERS_DIR" >&2
  exit 1
fi
if ! /usr/bin/python3 -c 'import numpy, scipy' 2>/dev/null; then
  echo "peers-data: installing Debian's python3-numpy and python3-scipy" >&2
  apt-get install -y --no-install-recommends python3-numpy python3-scipy >/dev/null
fi
mkdir -p "$out"
python3 "$peers/gen.py" --out "$out" >/dev/null
( cd "$out" && python3 - <<'PY'
import hashlib, json
m = json.load(open("manifest.json"))
bad = [p for p, f in m["files"].items() if hashlib.sha256(open(p, "rb").read()).hexdigest() != f["sha256"]]
if bad:
    raise SystemExit("peer data differs from its manifest: " + ", ".join(bad))
PY
)
touch "$out/.verified"
echo "peers-data: ready in $out" >&2
