#!/usr/bin/env python3
"""Checks that doc/dnn-surgery.rst is valid reStructuredText (docutils, warnings are errors).

ns-3's Sphinx build provides `.. include:: replace.txt` (the |ns3| substitution) and some
roles; they are stubbed here so that the check needs only python3-docutils.
Usage: utils/check-doc.py [file.rst]
"""
import io
import pathlib
import sys

try:
    import docutils.core
    import docutils.utils
except ImportError:
    sys.exit("check-doc: python3-docutils is needed (apt-get install python3-docutils)")

path = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else
                    pathlib.Path(__file__).resolve().parent.parent / "doc" / "dnn-surgery.rst")
text = path.read_text(encoding="utf-8")
text = text.replace(".. include:: replace.txt", ".. |ns3| replace:: *ns-3*")
# Sphinx-only directives become comments.
text = "\n".join("..  " + line[3:].replace("::", "") if line.startswith(".. highlight::") else line
                 for line in text.split("\n"))
errors = io.StringIO()
docutils.core.publish_doctree(
    text,
    source_path=str(path),
    settings_overrides={"report_level": 2, "halt_level": 5, "warning_stream": errors},
)
report = errors.getvalue().strip()
if report:
    print(report)
    print(f"check-doc: {path}: {report.count(chr(10)) + 1} problem line(s)")
    sys.exit(1)
print(f"check-doc: {path}: ok")
