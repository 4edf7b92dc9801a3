"""Python-Markdown's inline patterns that the generated pages can never trigger, taken out of
the MkDocs run (engine.run_mkdocs): every text node of every page is tried against each
pattern in turn, and these six cost about a tenth of MkDocs' Markdown time for nothing.

- backtick: user text escapes "`" (markup.py) and no template writes a code span;
- automail: "<" in user text becomes "&lt;" and no template writes "<name@host>";
- the four reference patterns change a page only when it defines `[id]: url`, which no template
  does (and user text escapes "[").

The HTML is the same with or without them (tests/test_lean.py converts every generated page
both ways); autolink and linebreak stay, the pages use them. mkdocs.yml is unchanged, so
Zensical and `serve` read the same configuration.
"""

from __future__ import annotations

from markdown.extensions import Extension

NEVER_TRIGGERED = ("backtick", "automail", "reference", "image_reference", "short_reference", "short_image_ref")


class LeanInline(Extension):
    def extendMarkdown(self, md) -> None:
        for name in NEVER_TRIGGERED:
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
