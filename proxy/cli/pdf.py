"""Printing the HTML report to PDF with headless Chromium (`--print-to-pdf`), the
browser `make test-deps` installs; WeasyPrint would add a heavy native stack for
one page. The report has no scripts and no external resources, so the browser
loads nothing but the file it is given."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from detectors.errors import ResourceError

__all__ = ["html_to_pdf", "find_chromium"]

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    return next((p for p in map(shutil.which, _CANDIDATES) if p), None)


def html_to_pdf(page: str, pdf: Path, *, timeout: float = 120) -> None:
    browser = find_chromium()
    if browser is None:
        raise ResourceError("找不到 Chromium，无法生成 PDF（apt-get install chromium fonts-wqy-zenhei）/ "
                            "Chromium not found: install it, or use --format html and print from a browser")
    with tempfile.TemporaryDirectory(prefix="privacy-guard-report-") as tmp:
        source = Path(tmp) / "report.html"
        source.write_text(page, encoding="utf-8")
        target = pdf.resolve()
        done = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={Path(tmp) / 'profile'}", "--no-pdf-header-footer",
             f"--print-to-pdf={target}", source.as_uri()],
            capture_output=True, timeout=timeout, check=False,
        )
        if done.returncode != 0 or not target.exists() or target.stat().st_size == 0:
            raise ResourceError(f"Chromium 未能生成 PDF / Chromium could not print the report (exit {done.returncode})")
