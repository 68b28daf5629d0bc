"""Letter-glued numbers: how often each glue shape hides a number, and how often generated
developer text (hashes, UUIDs, keys, base64, order and parcel numbers) yields a number finding.

`python -m bench.glue_probe SEED N_PER_CELL N_DEV`: every number and snippet is made here from
the seed (no data set is read); the r3 probe's figures in BENCHMARKS.md came from seeds 11-13 and 21.
"""
from __future__ import annotations
import base64, random, string, sys, uuid, json
import phonenumbers
from typing import Callable

from detectors import Scanner, build_scanner

NUM = {"PHONE_NUMBER", "CN_RESIDENT_ID", "BANK_CARD"}
rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 7)

def mobile() -> str:
    while True:
        n = rng.choice(["139", "138", "186", "135", "150", "177", "188", "158"]) + "".join(rng.choices(string.digits, k=8))
        if phonenumbers.is_valid_number(phonenumbers.parse(n, "CN")):
            return n

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def rid() -> str:
    body = rng.choice(["110108", "310104", "440113", "510107", "320102"]) + f"{rng.randint(1975, 2016)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + "10X98765432"[sum(int(a) * b for a, b in zip(body, W)) % 11]

def card() -> str:
    body = "622202" + "".join(rng.choices(string.digits, k=12))
    s = 0
    for i, d in enumerate(reversed(body)):  # Luhn
        x = int(d) * (2 if i % 2 == 0 else 1)
        s += x - 9 if x > 9 else x
    return body + str((10 - s % 10) % 10)

def fw(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in s)

SHAPES: dict[str, Callable[[str, str], str]] = {
    "short label (tel…)": lambda l, v: f"联系 {l}{v} 谢谢",
    "long label 9-14 letters": lambda l, v: f"联系 {rng.choice(['telephone', 'cellphone', 'shoujihaoma', 'phonenumber', 'mobilephone', 'shenfenzheng', 'yinhangkahao', 'dianhuahaoma', 'contactnumber'])}{v} 谢谢",
    "camelCase label": lambda l, v: f"{rng.choice(['myPhone', 'dadTel', 'momMobile', 'userCard', 'kidSfz'])}{v}",
    "letters both sides": lambda l, v: f"联系 {l}{v}{rng.choice(['x', 'end', 'ok', 'a', 'hh'])} 谢谢",
    "underscore": lambda l, v: f"{l}_{v}",
    "fullwidth label": lambda l, v: f"联系{fw(l)}{v}",
    "zero-width between": lambda l, v: f"联系{l}\u200b{v}",
    "query param": lambda l, v: f"https://x.example/api?{l}={v}&lang=zh",
    "label with digit before": lambda l, v: f"联系 a1{l}{v}",
    "json key glued": lambda l, v: json.dumps({f"{l}{v}": 1}),
    "label + suffix letters long": lambda l, v: f"{v}{''.join(rng.choices(string.ascii_lowercase, k=12))}",
    "label + 86 prefix": lambda l, v: f"{l}86{v}",
    "label + 0086 prefix": lambda l, v: f"{l}0086{v}",
}
LABELS = {"PHONE_NUMBER": ["tel", "Tel", "TEL", "sj", "dh", "phone"], "CN_RESIDENT_ID": ["sfz", "SFZ", "ID", "idno"],
          "BANK_CARD": ["kh", "card", "yhk", "No"]}
GEN = {"PHONE_NUMBER": mobile, "CN_RESIDENT_ID": rid, "BANK_CARD": card}

def hexs(k: int) -> str:
    return "".join(rng.choices("0123456789abcdef", k=k))
def b62(k: int) -> str:
    return "".join(rng.choices(string.ascii_letters + string.digits, k=k))
def digits(k: int) -> str:
    return "".join(rng.choices(string.digits, k=k))
def b64(k: int) -> str:
    return base64.b64encode(rng.randbytes(k)).decode()

DEV: list[Callable[[], str]] = [
    lambda: f"commit {hexs(40)}\nAuthor: dev <dev@example.com>\n\n    fix build {hexs(7)}",
    lambda: f"image: registry.example.com/app@sha256:{hexs(64)}",
    lambda: f"2023-12-01T12:34:56.{digits(3)}Z INFO request_id={uuid.UUID(int=rng.getrandbits(128))} user={uuid.UUID(int=rng.getrandbits(128))} took {rng.randint(1, 999)}ms",
    lambda: f"OPENAI_API_KEY=sk-{b62(48)}\nAWS_ACCESS_KEY_ID=AKIA{''.join(rng.choices(string.ascii_uppercase + string.digits, k=16))}",
    lambda: f"token: ghp_{b62(36)}  slack: xoxb-{digits(12)}-{digits(13)}-{b62(24)}",
    lambda: f"data:image/png;base64,{b64(rng.randint(30, 120))}",
    lambda: f"Authorization: Bearer {base64.urlsafe_b64encode(rng.randbytes(20)).decode().rstrip('=')}.{base64.urlsafe_b64encode(rng.randbytes(60)).decode().rstrip('=')}.{base64.urlsafe_b64encode(rng.randbytes(32)).decode().rstrip('=')}",
    lambda: f"订单号 ORD{rng.randint(2020, 2025)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{digits(rng.choice([6, 8, 10]))} 状态 PAID",
    lambda: f"txn_id=TXN{digits(rng.choice([12, 14, 16, 17, 18, 19]))} amount=12.50",
    lambda: f"{rng.choice(['SF', 'YT', 'JT', 'ZTO', 'JD', 'YD', 'STO'])}{digits(rng.choice([12, 13, 14, 15, 16]))} 已发货",
    lambda: f"{rng.choice(['INV', 'PO', 'SO', 'SKU', 'REF', 'ID', 'id', 'no', 'v', 'build', 'order', 'user', 'uid', 'pid'])}{digits(rng.choice([8, 11, 15, 16, 17, 18, 19]))}",
    lambda: f"IMG_{rng.randint(2018, 2025)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}_{digits(6)}.jpg VID{rng.randint(2018, 2025)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{digits(6)}.mp4",
    lambda: f"ts={rng.randint(1_600_000_000_000, 1_800_000_000_000)} ptr=0x{hexs(12)} trace={hexs(32)} span={hexs(16)}",
    lambda: f"integrity sha512-{b64(64)}",
    lambda: f"const {rng.choice(['id', 'key', 'hash', 'ref'])} = '{b62(rng.choice([16, 20, 24, 32]))}';",
    lambda: f"s3://bucket/{hexs(8)}/{uuid.UUID(int=rng.getrandbits(128)).hex}/part-{digits(5)}.parquet",
    lambda: f"md5({hexs(32)}) crc={digits(10)} etag=\"{hexs(32)}-{rng.randint(1, 9)}\"",
    lambda: f"mac={':'.join(hexs(2) for _ in range(6))} ipv6=fe80::{hexs(4)}:{hexs(4)}:{hexs(4)}",
]

ERRORS = [0]
def found(scanner: Scanner, text: str) -> set[str]:
    try:
        return {f.entity for f in scanner.scan(text).findings if f.entity in NUM}
    except Exception:
        ERRORS[0] += 1
        return {"SCAN_FAILED"}

def main() -> None:
    scanner = build_scanner()
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    print("== evasion shapes: share of numbers found (entity, n per cell)")
    for shape, make in SHAPES.items():
        row = []
        for entity, gen in GEN.items():
            hit = 0
            for _ in range(n):
                v = gen()
                if entity in found(scanner, make(rng.choice(LABELS[entity]), v)):
                    hit += 1
            row.append(f"{entity[:5]} {hit / n:.2f}")
        print(f"{shape:32s} " + "  ".join(row))
    m = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
    print(f"== developer text: {m} snippets, share with a number finding")
    by_kind: dict[int, int] = {}
    total = 0
    ents: dict[str, int] = {}
    for i in range(m):
        k = i % len(DEV)
        text = DEV[k]()
        f = found(scanner, text)
        if f:
            total += 1
            by_kind[k] = by_kind.get(k, 0) + 1
            for e in f:
                ents[e] = ents.get(e, 0) + 1
    print(f"scan failures (blocked) over the whole run: {ERRORS[0]}")
    print(f"any: {total}/{m} = {total / m:.4f}; by entity {ents}; by generator {sorted(by_kind.items())}")


if __name__ == "__main__":
    main()
