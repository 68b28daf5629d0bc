"""`python -m proxy` runs the `privacy-guard` command line."""

from __future__ import annotations

import sys

from proxy.cli.main import main

sys.exit(main())
