"""Importers: other formats of funding data -> contributions in the project's CSV format.

Each importer is a pure translation (text in, rows and a report out): it never reads or
writes files and never imports the engine. ``common`` holds what they share: the row
written, the report of what was kept, dropped or merged and why, and the CSV writer.
The ``import`` commands (``cli/data.py``) read the file and write the result.
"""
