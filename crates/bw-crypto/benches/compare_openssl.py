#!/usr/bin/env python3
"""Times the operations of benches/crypto.rs with OpenSSL, through Python.

- PBKDF2-HMAC-SHA256 600,000: hashlib.pbkdf2_hmac (CPython's OpenSSL).
- Argon2id (6, 32 MiB, 4): the `cryptography` package (its bundled OpenSSL),
  if that build has Argon2.
- Type-2 decrypt of a 100-byte field and 10,000 fields: HMAC-SHA256 verify,
  AES-256-CBC decrypt and PKCS#7 unpad with `cryptography`, plus base64 and
  splitting for the 10,000-field case, like the Rust bench. These include
  Python call overhead (several objects per field), so they are an upper
  bound for OpenSSL, not its raw speed.
- RSA-2048 OAEP-SHA1 decrypt of a 64-byte key: `cryptography`.

Prints one JSON object: {name: seconds per operation, "_versions": {...}}.
Needs: pip install cryptography
"""

import base64
import hashlib
import json
import os
import ssl
import sys
import time

from cryptography.hazmat.primitives import hashes, hmac, padding
from cryptography.hazmat.primitives.asymmetric import padding as apadding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def per_op(fn, min_time=2.0, min_runs=3):
    """Median seconds per call over batches lasting about min_time in total."""
    fn()  # warm-up
    start = time.perf_counter()
    fn()
    one = max(time.perf_counter() - start, 1e-9)
    batch = max(1, int(0.2 / one))
    samples = []
    deadline = time.perf_counter() + min_time
    while len(samples) < min_runs or time.perf_counter() < deadline:
        t = time.perf_counter()
        for _ in range(batch):
            fn()
        samples.append((time.perf_counter() - t) / batch)
    samples.sort()
    return samples[len(samples) // 2]


def main():
    out = {}
    password = b"correct horse battery staple"
    salt = b"user@example.com"
    out["kdf/pbkdf2_sha256_600000"] = per_op(
        lambda: hashlib.pbkdf2_hmac("sha256", password, salt, 600_000, 32), min_time=5
    )

    try:
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

        salt_hash = hashlib.sha256(salt).digest()
        out["kdf/argon2id_6_32MiB_4"] = per_op(
            lambda: Argon2id(
                salt=salt_hash, length=32, iterations=6, lanes=4, memory_cost=32 * 1024
            ).derive(password),
            min_time=5,
        )
    except Exception as exc:  # older cryptography or OpenSSL without Argon2
        print(f"argon2id not available: {exc}", file=sys.stderr)

    enc_key, mac_key = os.urandom(32), os.urandom(32)

    def encrypt(plaintext):
        iv = os.urandom(16)
        padder = padding.PKCS7(128).padder()
        padded = padder.update(plaintext) + padder.finalize()
        enc = Cipher(algorithms.AES(enc_key), modes.CBC(iv)).encryptor()
        ct = enc.update(padded) + enc.finalize()
        h = hmac.HMAC(mac_key, hashes.SHA256())
        h.update(iv + ct)
        return iv, ct, h.finalize()

    def decrypt(iv, ct, mac):
        h = hmac.HMAC(mac_key, hashes.SHA256())
        h.update(iv)
        h.update(ct)
        h.verify(mac)  # constant time; raises on mismatch
        dec = Cipher(algorithms.AES(enc_key), modes.CBC(iv)).decryptor()
        padded = dec.update(ct) + dec.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return unpadder.update(padded) + unpadder.finalize()

    iv, ct, mac = encrypt(b"x" * 100)
    out["type2/decrypt_100B"] = per_op(lambda: decrypt(iv, ct, mac))

    fields = []
    for i in range(10_000):
        length = [12, 24, 40, 64, 200][i % 5]
        f_iv, f_ct, f_mac = encrypt(b"a" * length)
        fields.append(
            "2." + "|".join(base64.b64encode(p).decode() for p in (f_iv, f_ct, f_mac))
        )

    def vault():
        total = 0
        for f in fields:
            header, body = f.split(".", 1)
            parts = [base64.b64decode(p, validate=True) for p in body.split("|")]
            total += len(decrypt(*parts).decode("utf-8"))
        return total

    out["vault/parse_and_decrypt_10000_fields"] = per_op(vault, min_time=3)

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    oaep = apadding.OAEP(mgf=apadding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None)
    wrapped = key.public_key().encrypt(os.urandom(64), oaep)
    out["rsa/oaep_sha1_unwrap_type4"] = per_op(lambda: key.decrypt(wrapped, oaep))

    import cryptography
    from cryptography.hazmat.backends.openssl import backend

    out["_versions"] = {
        "python": sys.version.split()[0],
        "hashlib_openssl": ssl.OPENSSL_VERSION,
        "cryptography": cryptography.__version__,
        "cryptography_openssl": backend.openssl_version_text(),
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
