#!/usr/bin/env python3
"""Writes a registry snapshot matching ../shared/bench/loadgen's requests.

loadgen sends requests for tenants tenant-0000 … tenant-(K-1) on scope
tenant-default with 0–4 refs among starter-policy-1 … starter-policy-4.
This snapshot registers all of them with a realistic spread of answers
(ready, degraded, blocked, unknown) and writes the artifacts it references.

usage: bench-registry.py OUT_DIR [TENANTS]
"""
import hashlib
import json
import os
import sys

out = sys.argv[1]
tenants = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
os.makedirs(os.path.join(out, "artifacts"), exist_ok=True)

packs = {}
for number in range(1, 5):
    ref = f"starter-policy-{number}"
    versions = {}
    for version in ("1.0.0", "2.0.0"):
        path = f"artifacts/{ref}-{version}.tar"
        content = f"{ref} {version}\n".encode() * 64
        with open(os.path.join(out, path), "wb") as handle:
            handle.write(content)
        digest = hashlib.sha256(content).hexdigest()
        if number == 4 and version == "2.0.0":
            digest = "0" * 64  # a tampered artifact
        versions[version] = {"artifact": path, "sha256": digest}
    packs[ref] = {"latest": "2.0.0", "versions": versions}

registry = {
    "schema_version": "readinessd.registry.v1",
    "revision": "bench-1",
    "service": {"status": "available"},
    # Long windows keep the answers stable whatever the date (see README).
    "freshness": {"fresh_for_seconds": 157680000, "expire_after_seconds": 378432000},
    "entitlement_warning_seconds": 1209600,
    "catalogs": {"tenant-default": {"version": "catalog-bench", "published_at": "2026-11-01T00:00:00Z",
                                    "packs": ["starter-policy-1", "starter-policy-2", "starter-policy-3"]}},
    "packs": packs,
    "tenants": {},
}
for index in range(tenants):
    kind = index % 10
    tenant = {
        "catalog_scopes": ["tenant-default"],
        "entitlement": {"plan": "enterprise", "status": "suspended" if kind == 7 else "active",
                        "expires_at": "2099-01-01T00:00:00Z",
                        "packs": ["*"] if kind != 8 else ["starter-policy-1", "starter-policy-2"]},
        "approvals": {f"starter-policy-{n}": ("pending" if kind == 3 and n == 1 else "approved") for n in range(1, 5)},
    }
    if kind == 5:
        tenant["pins"] = {"starter-policy-2": "1.0.0"}
    if kind == 9:
        del tenant["approvals"]
    registry["tenants"][f"tenant-{index:04d}"] = tenant

with open(os.path.join(out, "registry.json"), "w") as handle:
    json.dump(registry, handle)
