"""`import`: Word documents, text files and 申报表 sheets → draft records in content/.

readers (text.py, docx.py, xlsx.py) → paragraphs.py → structure.py (with front.py and
markers.py) → case.py / brand.py → write.py; run.py tells the whole story.
"""

from .run import ImportOutcome, ask_at_terminal, import_files

__all__ = ["ImportOutcome", "ask_at_terminal", "import_files"]
