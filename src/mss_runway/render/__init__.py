"""Renderers: turn results into text for people (table, Markdown) or scripts (JSON, CSV).

Each renderer is a pure function from a result to a string. ``rich`` is imported
only inside the table renderer, so the machine-readable paths never load it.
"""

from __future__ import annotations

from typing import Literal

Format = Literal["table", "json", "csv", "markdown"]
