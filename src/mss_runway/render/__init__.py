"""Renderers: turn results into text for scripts (JSON, CSV, Markdown) or drawings for
people (rich tables and charts, see :mod:`mss_runway.output`).

Each renderer is a pure function of a result. ``rich`` and ``matplotlib`` are imported
only inside the functions that draw, so the machine-readable paths never load them.
"""
