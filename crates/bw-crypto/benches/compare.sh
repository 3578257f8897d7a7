#!/usr/bin/env bash
# Runs the criterion benches of bw-crypto and the same operations in OpenSSL
# (benches/compare_openssl.py), then prints one table with the ratios.
#
#   crates/bw-crypto/benches/compare.sh            # everything (~3 minutes)
#   NICE=19 crates/bw-crypto/benches/compare.sh    # on a shared machine
#
# Needs python3 with `cryptography` (pip install cryptography).
set -euo pipefail

crate_dir="$(cd "$(dirname "$0")/.." && pwd)"
# BW_CRYPTO_WORKSPACE lets the benches run from another workspace that
# contains this crate (e.g. while the main workspace does not resolve).
cd "${BW_CRYPTO_WORKSPACE:-$crate_dir}"
if [ -z "${CARGO_TARGET_DIR:-}" ]; then
  CARGO_TARGET_DIR="$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
fi
export CARGO_TARGET_DIR
nice_level="${NICE:-0}"

nice -n "$nice_level" cargo bench -p bw-crypto --bench crypto -- "$@"
nice -n "$nice_level" python3 "$crate_dir/benches/compare_openssl.py" >"$CARGO_TARGET_DIR/openssl-times.json"

python3 - "$CARGO_TARGET_DIR" <<'PY'
import json, os, sys

target = sys.argv[1]
openssl = json.load(open(os.path.join(target, "openssl-times.json")))
rows = [
    ("kdf/pbkdf2_sha256_600000", "PBKDF2-SHA256 600,000", "ratio <= 1.5"),
    ("kdf/argon2id_6_32MiB_4", "Argon2id t=6 m=32MiB p=4", ""),
    ("type2/decrypt_100B", "type-2 decrypt, 100 B", "<= 3 us"),
    ("vault/parse_and_decrypt_10000_fields", "parse+decrypt 10,000 fields", ""),
    ("rsa/oaep_sha1_unwrap_type4", "RSA-2048 OAEP-SHA1 unwrap", ""),
]

def fmt(seconds):
    if seconds is None:
        return "n/a"
    for unit, scale in (("s", 1), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"

def criterion(name):
    path = os.path.join(target, "criterion", *name.split("/"), "new", "estimates.json")
    try:
        return json.load(open(path))["median"]["point_estimate"] * 1e-9
    except (OSError, KeyError):
        return None

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print()
print(f"CPU: {cpu}, {os.cpu_count()} cores; {openssl.get('_versions', {})}")
print(f"{'operation':32} {'bw-crypto':>12} {'OpenSSL':>12} {'ratio':>7}  goal")
for key, label, goal in rows:
    ours, theirs = criterion(key), openssl.get(key)
    ratio = f"{ours / theirs:.2f}x" if ours and theirs else "n/a"
    print(f"{label:32} {fmt(ours):>12} {fmt(theirs):>12} {ratio:>7}  {goal}")
print("ratio = bw-crypto time / OpenSSL time (lower is better). Field decryption on the")
print("OpenSSL side runs through Python, so it includes interpreter overhead.")
PY
