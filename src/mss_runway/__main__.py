"""``python -m mss_runway``: the same command line as ``mss-runway``."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    main()
