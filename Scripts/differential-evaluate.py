#!/usr/bin/env python3
"""Differential check of two `readinessd evaluate` binaries (contract §3, §7, §8).

Generates a large, deterministic mix of request lines (valid, mutated and fuzzed:
byte flips, truncation, duplicate keys, escapes, Unicode white space and look-alikes,
secrets near their pattern boundaries, deep nesting, long strings, bad UTF-8) and
requires byte-identical stdout, stderr and exit code from both binaries for every
registry x clock x size-limit combination.

Usage:
  Scripts/differential-evaluate.py --old /tmp/readinessd-base --new .build/release/readinessd \
      [--count 120000] [--seed 1] [--save FILE | --input FILE]

Exit status 0 when every run agrees; otherwise the first differing line is reported
(its request bytes are written to /tmp/differential-mismatch.jsonl).
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REGISTRIES = [os.path.join(REPO, "Config", "registry.json"), os.path.join(REPO, "Tests", "Fixtures", "registry.json")]
CLOCKS = ["2026-06-02T12:00:00Z", "2026-11-27T03:00:00.5+01:00", "2019-01-01T00:00:00Z", "2031-12-31T23:59:60Z"]
LIMITS = [None, "300"]

CHECKS = ["service_availability", "catalog_freshness", "policy_pack_versions",
          "artifact_integrity", "entitlement_scope", "approval_state"]
WHITE = [" ", "\t", "\u0085", "\u00a0", "\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f",
         "\u3000", "\u200b", "\ufeff", "\r", "\n", "\x0b", "\x0c", "\u180e"]
SECRETS = ["ghp_abcdefghijklmnopqrstuvwxyz0123", "gho_" + "A" * 20, "ghp_" + "a" * 19, "xghp_" + "a" * 25,
           "sk_live_" + "x" * 16, "sk_test_" + "y" * 15, "sk_live_" + "z" * 20 + "é", "éghp_" + "b" * 30,
           "xoxb-" + "1" * 16, "xoxp-" + "a" * 15 + "-", "xoxs-" + "ab-" * 8, "xoxb-" + "a" * 16 + "_",
           "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----", "-----BEGIN  PRIVATE KEY----",
           "-----BEGIN rsa PRIVATE KEY-----", "prefix -----BEGIN EC PRIVATE KEY----- tail",
           "ghs_" + "q" * 20 + "-", "ghu_" + "q" * 20 + "\u00e9", "ghr_" + "q" * 20 + "\u0663", "sk_test_" + "k" * 16 + "\u3000"]
SECRET_KEYS = ["api_key", "API_KEY", "Authorization", "client_secret", "passWord", "private_key", "x_secret_y",
               "signing_key", "access_token", "Webhook_Secret", "to\u212aen", "apikey", "api-key", "tokn", "secrets",
               "\u0130api_key", "pass\u0077ord", "tok\\u0065n", "s\u0345ecret", "SIGNING_KEY2"]


def tenants_packs_scopes():
    tenants, packs, scopes = set(), set(), set()
    for path in REGISTRIES:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        tenants.update(data.get("tenants", {}).keys())
        packs.update(data.get("packs", {}).keys())
        scopes.update(data.get("catalogs", {}).keys())
        for catalog in data.get("catalogs", {}).values():
            if isinstance(catalog, dict):
                packs.update(p for p in catalog.get("packs", []) if isinstance(p, str))
    return sorted(tenants), sorted(packs), sorted(scopes)


class Generator:
    def __init__(self, rng):
        self.rng = rng
        self.tenants, self.packs, self.scopes = tenants_packs_scopes()

    def ident(self, pool):
        r = self.rng.random()
        value = self.rng.choice(pool) if pool and r < 0.7 else self.text()
        if self.rng.random() < 0.15:
            value = self.rng.choice(WHITE) + value + self.rng.choice(WHITE)
        return value

    def text(self):
        r = self.rng.random()
        if r < 0.3:
            return "id-" + str(self.rng.randrange(10 ** self.rng.randrange(1, 8)))
        if r < 0.4:
            return self.rng.choice(["é", "e\u0301", "\u212a", "日本", "\U0001F600", "a\u0000b", "a\u007fb", "a\u0080b"]) * self.rng.randrange(1, 4)
        if r < 0.5:
            n = self.rng.choice([0, 1, 255, 256, 257, 300])
            return self.rng.choice(["x", "é", "\U0001F600", " "]) * n
        if r < 0.6:
            return self.rng.choice(WHITE) * self.rng.randrange(0, 3)
        if r < 0.7:
            return self.rng.choice(SECRETS)
        return "".join(self.rng.choice("abcXYZ09-_ .:/é") for _ in range(self.rng.randrange(1, 30)))

    def value(self, depth=0):
        r = self.rng.random()
        if depth < 3 and r < 0.15:
            return {self.key(): self.value(depth + 1) for _ in range(self.rng.randrange(0, 4))}
        if depth < 3 and r < 0.25:
            return [self.value(depth + 1) for _ in range(self.rng.randrange(0, 4))]
        if r < 0.35:
            return self.rng.choice([0, -1, 1.5, 1e300, True, False, None, 12345678901234567890])
        return self.text()

    def key(self):
        r = self.rng.random()
        if r < 0.1:
            return self.rng.choice(SECRET_KEYS)
        if r < 0.2:
            return self.rng.choice(["payload", "tenant_id", "catalog_scope", "labels", "readiness_boundary", "Tenant_ID"])
        return self.text()[:20]

    def request(self):
        rng = self.rng
        doc = {}
        fields = [
            ("schema_version", lambda: rng.choice(["cavra.saas_control_plane.request.v1"] * 8 + [
                "cavra.saas_control_plane.request.v2", " cavra.saas_control_plane.request.v1", 1, None, ghp()])),
            ("operation", lambda: rng.choice(["policy_registry_readiness"] * 8 + ["tenant_status", "Policy_registry_readiness", 3, None, [], " tenant status "])),
            ("tenant_id", lambda: self.ident(self.tenants) if rng.random() < 0.95 else rng.choice([1, None, [], {}])),
            ("requested_by", lambda: self.ident(["console", "ops"]) if rng.random() < 0.95 else rng.choice([1, None, False])),
            ("correlation_id", lambda: self.ident([]) if rng.random() < 0.95 else rng.choice([1, None, True])),
            ("private_implementation_required", lambda: rng.choice([True, False, True, "yes", None, 0])),
            ("payload", lambda: self.payload() if rng.random() < 0.95 else rng.choice([[], None, "x", 1])),
        ]

        def ghp():
            return rng.choice(SECRETS)
        rng.shuffle(fields)
        for name, make in fields:
            if rng.random() < 0.96 or name == "private_implementation_required" and rng.random() < 0.5:
                doc[name] = make()
        if rng.random() < 0.2:
            doc[self.key()] = self.value()
        return doc

    def valid_request(self):
        """A request that passes every rule (members in random order, trimmed identifiers, repeated refs)."""
        rng = self.rng

        def ident(pool):
            value = rng.choice(pool) if rng.random() < 0.9 else "id-" + str(rng.randrange(10 ** 6))
            return rng.choice(["", "", "", " ", "\u3000", "\t"]) + value + rng.choice(["", "", "", " ", "\u00a0"])
        refs = [ident(self.packs) for _ in range(rng.choice([0, 1, 2, 3, 4, 6, 20]))]
        if refs and rng.random() < 0.4:
            refs.insert(rng.randrange(len(refs) + 1), rng.choice(refs).strip())
        payload = {"policy_pack_refs": refs}
        if rng.random() < 0.8:
            payload["catalog_scope"] = ident(self.scopes)
        if rng.random() < 0.4:
            payload["required_checks"] = [rng.choice(CHECKS) for _ in range(rng.randrange(1, 8))]
        if rng.random() < 0.7:
            payload["readiness_boundary"] = "public request shape only; hosted policy registry operation is private"
        doc = {"schema_version": "cavra.saas_control_plane.request.v1", "operation": "policy_registry_readiness",
               "tenant_id": ident(self.tenants), "requested_by": ident(["console", "ops"]),
               "correlation_id": "corr-" + str(rng.randrange(10 ** rng.randrange(1, 12))), "payload": payload}
        if rng.random() < 0.7:
            doc["private_implementation_required"] = rng.random() < 0.5
        items = list(doc.items())
        rng.shuffle(items)
        return dict(items)

    def payload(self):
        rng = self.rng
        payload = {}
        if rng.random() < 0.8:
            if rng.random() < 0.9:
                refs = [self.ident(self.packs) for _ in range(rng.choice([0, 1, 2, 3, 5, 17]))]
                if refs and rng.random() < 0.3:
                    refs.append(rng.choice(refs))
                if refs and rng.random() < 0.1:
                    refs.append(" " + refs[0] + "\u3000")
                if rng.random() < 0.05:
                    refs = ["p"] * rng.choice([999, 1000, 1001])
                if rng.random() < 0.05:
                    refs.append(rng.choice([1, None, [], {}]))
                payload["policy_pack_refs"] = refs
            else:
                payload["policy_pack_refs"] = rng.choice([None, "a", {}, 1])
        if rng.random() < 0.7:
            payload["catalog_scope"] = self.ident(self.scopes) if rng.random() < 0.95 else rng.choice([None, 1, []])
        if rng.random() < 0.4:
            if rng.random() < 0.9:
                payload["required_checks"] = [rng.choice(CHECKS + ["approval", "Approval_state", 1, None])
                                              if rng.random() < 0.1 else rng.choice(CHECKS)
                                              for _ in range(rng.randrange(0, 8))]
            else:
                payload["required_checks"] = rng.choice([None, "approval_state", {}])
        if rng.random() < 0.5:
            payload["readiness_boundary"] = "public request shape only; hosted policy registry operation is private"
        if rng.random() < 0.2:
            payload[self.key()] = self.value()
        items = list(payload.items())
        rng.shuffle(items)
        return dict(items)

    def encode(self, doc):
        """JSON text with random spacing, escaping and key duplication."""
        rng = self.rng
        ascii_only = rng.random() < 0.3
        space = rng.choice(["", "", " ", "\t", "\r", "  "])

        def enc_str(s):
            out = json.dumps(s, ensure_ascii=ascii_only)
            if rng.random() < 0.05 and len(s) > 0:
                i = rng.randrange(len(s))
                ch = s[i]
                if ord(ch) < 0x10000:
                    out = json.dumps(s[:i], ensure_ascii=ascii_only)[:-1] + "\\u%04x" % ord(ch) + json.dumps(s[i + 1:], ensure_ascii=ascii_only)[1:]
            if rng.random() < 0.01:
                out = out[:-1] + "\\/" + out[-1]
            return out

        def enc(v):
            if isinstance(v, dict):
                parts = [enc_str(k) + space + ":" + space + enc(x) for k, x in v.items()]
                if parts and rng.random() < 0.02:
                    parts.append(rng.choice(parts))
                if len(parts) > 1 and rng.random() < 0.01:
                    k = rng.choice(list(v.keys()))
                    esc = "".join("\\u%04x" % ord(c) if ord(c) < 0x10000 else c for c in k)
                    parts.append('"' + esc + '":0')
                return "{" + space + ("," + space).join(parts) + space + "}"
            if isinstance(v, list):
                return "[" + ("," + space).join(enc(x) for x in v) + "]"
            if isinstance(v, str):
                return enc_str(v)
            return json.dumps(v)
        return (space + enc(doc) + rng.choice(["", "", " ", "\r", "\t"])).encode("utf-8", "surrogatepass")

    def special(self):
        rng = self.rng
        base = self.encode(self.request())
        cases = [
            lambda: b"\xef\xbb\xbf" + base,
            lambda: b"[" * rng.randrange(28, 40) + b"]" * rng.randrange(28, 40),
            lambda: b'{"a":' + b"[" * rng.randrange(29, 34) + b"]" * 40 + b"}",
            lambda: b'{"a":' + b'{"b":' * rng.randrange(29, 33) + b"1" + b"}" * 40,
            lambda: base + rng.choice([b"x", b"{}", b"\x00", b" ,", b"\xc3"]),
            lambda: b'{"s":"\\ud800"}', lambda: b'{"s":"\\udc00\\ud800"}', lambda: b'{"s":"\\ud83d\\ude00","schema_version":1}',
            lambda: b'{"s":"\\ud800\\u0041"}', lambda: b'{"s":"\\x41"}', lambda: b'{"s":"\\u12"}',
            lambda: b'{"s":"\xc0\xaf"}', lambda: b'{"s":"\xed\xa0\x80"}', lambda: b'{"s":"\xf4\x90\x80\x80"}',
            lambda: b'{"s":"\xe2\x82"}', lambda: b'{"s":"\xff"}', lambda: b'{"n":-0.0e+5,"m":01}', lambda: b'{"n":1.}',
            lambda: b'{"n":-,"m":1}', lambda: b'{"n":1e}', lambda: b'{"n":NaN}', lambda: b'{"n":tru}', lambda: b'{"a":1,}',
            lambda: b'{"a":1 "b":2}', lambda: b'{"a" 1}', lambda: b"[]", lambda: b'"x"', lambda: b"1", lambda: b"{}",
            lambda: b'{"a":"\x01"}', lambda: b'{"a":"\x7f","b":[1,2,]}', lambda: b'{"a":1,"\\u0061":2}',
            lambda: b'{"payload":{"labels":{"api_token":"redacted"}}}', lambda: b'{"x":{"a":1,"a":2},"token":1}',
            lambda: b'{"token":1,"x":{"a":1,"a":2}}', lambda: b'{"a":"' + b"x" * rng.randrange(0, 3000) + b'"}',
            lambda: b"\x0b" + base, lambda: b"{\x0c}",
        ]
        return rng.choice(cases)()

    def mutate(self, data):
        rng = self.rng
        data = bytearray(data)
        for _ in range(rng.randrange(1, 4)):
            if not data:
                break
            op = rng.randrange(6)
            i = rng.randrange(len(data))
            if op == 0:
                data[i] ^= 1 << rng.randrange(8)
            elif op == 1:
                del data[i]
            elif op == 2:
                data.insert(i, rng.choice(b'"\\{}[],:0 \x00\x80\xc3\xe2\xf0ux'))
            elif op == 3:
                del data[i:]
            elif op == 4:
                j = min(len(data), i + rng.randrange(1, 20))
                data[i:i] = data[i:j]
            else:
                data[i] = rng.randrange(256)
        return bytes(data)

    def line(self):
        r = self.rng.random()
        if r < 0.3:
            data = self.encode(self.valid_request())
        elif r < 0.55:
            data = self.encode(self.request())
        elif r < 0.8:
            data = self.mutate(self.encode(self.request()))
        elif r < 0.92:
            data = self.special()
        else:
            data = bytes(self.rng.randrange(256) for _ in range(self.rng.randrange(1, 60)))
        return data.replace(b"\n", b"\\n")


def run(binary, registry, clock, limit, path):
    args = [binary, "evaluate", "--registry", registry, "--now", clock]
    if limit:
        args += ["--max-message-bytes", limit]
    result = subprocess.run(args + [path], capture_output=True)
    return result.stdout, result.stderr, result.returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old")
    parser.add_argument("--new")
    parser.add_argument("--count", type=int, default=120000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", help="also keep the generated requests in this file")
    parser.add_argument("--input", help="use these request lines instead of generating")
    parser.add_argument("--registry", action="append", help="registry to use (repeatable; default: both shipped ones)")
    parser.add_argument("--now", action="append", help="clock to use (repeatable; default: four clocks)")
    parser.add_argument("--limit", action="append", help="--max-message-bytes to use (repeatable; 'default' for none)")
    options = parser.parse_args()
    registries = options.registry or REGISTRIES
    clocks = options.now or CLOCKS
    limits = [None if value == "default" else value for value in options.limit] if options.limit else LIMITS
    if options.input:
        with open(options.input, "rb") as handle:
            lines = handle.read().split(b"\n")[:-1]
    else:
        generator = Generator(random.Random(options.seed))
        lines = [generator.line() for _ in range(options.count)]
    with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as handle:
        handle.write(b"\n".join(lines) + b"\n")
        path = handle.name
    if options.save:
        with open(options.save, "wb") as handle:
            handle.write(b"\n".join(lines) + b"\n")
    if not (options.old and options.new):
        print(f"generated {len(lines)} requests")
        os.unlink(path)
        return 0
    failures = 0
    kinds = {}
    for registry in registries:
        for clock in clocks:
            for limit in limits:
                old = run(options.old, registry, clock, limit, path)
                new = run(options.new, registry, clock, limit, path)
                label = f"{registry} --now {clock} --max-message-bytes {limit or 'default'}"
                if old == new:
                    for out in old[0].splitlines():
                        record = json.loads(out)
                        value = record["value"]
                        kind = value.get("reason") or value.get("overall_status") or record["kind"]
                        kinds[kind] = kinds.get(kind, 0) + 1
                    print(f"same  {label}: {len(old[0].splitlines())} lines, exit {old[2]}")
                    continue
                failures += 1
                print(f"DIFF  {label}: exit {old[2]} vs {new[2]}; stderr {old[1][:200]!r} vs {new[1][:200]!r}")
                a, b = old[0].splitlines(), new[0].splitlines()
                for k in range(max(len(a), len(b))):
                    if k >= len(a) or k >= len(b) or a[k] != b[k]:
                        line_no = json.loads((a if k < len(a) else b)[k])["value"].get("source", {}).get("line")
                        print(f"  first differing output {k}: input line {line_no}")
                        print(f"  old: {a[k][:400] if k < len(a) else None}")
                        print(f"  new: {b[k][:400] if k < len(b) else None}")
                        if line_no:
                            with open("/tmp/differential-mismatch.jsonl", "wb") as out:
                                out.write(lines[line_no - 1] + b"\n")
                        break
    print("outcomes over all runs:", json.dumps(dict(sorted(kinds.items()))))
    os.unlink(path)
    print("FAIL" if failures else f"OK: {len(lines)} requests x {len(registries) * len(clocks) * len(limits)} runs identical")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
