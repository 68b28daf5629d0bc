"""`privacy-guard ca show`: the CA certificate teachers install — its name, SHA-256
fingerprint (to compare with what a device shows), validity and where the files are."""

from __future__ import annotations

import argparse
from typing import Any

from proxy.cli.common import data_dir

__all__ = ["add_commands"]


def _show(args: argparse.Namespace) -> int:
    data = data_dir(args)
    fingerprint = data.ca_fingerprint()
    if fingerprint is None:
        print("尚未生成 CA 证书：启动一次代理 (privacy-guard run) 即会生成 / no CA yet: start the proxy once")
        return 1
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(data.ca_cert_pem.read_bytes())
    print(f"名称 / subject:        {data.ca_subject()}")
    print(f"SHA-256 指纹 / fingerprint: {fingerprint}")
    print(f"有效期至 / valid until:  {cert.not_valid_after_utc:%Y-%m-%d}")
    print(f"证书文件 / certificate: {data.ca_cert_pem}（可分发 / public）")
    print(f"私钥 / private key:     {data.ca_private_files[0]}（只能由管理员保存，务必备份 / keep secret, back it up）")
    return 0


def add_commands(sub: Any) -> None:
    ca = sub.add_parser("ca", help="the CA certificate teachers install: name and SHA-256 fingerprint")
    ca_sub = ca.add_subparsers(dest="ca_command", required=True)
    show = ca_sub.add_parser("show", help="show the CA's name, SHA-256 fingerprint and validity")
    show.set_defaults(func=_show)
