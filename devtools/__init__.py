"""Developer tools, not part of the installed product: benchmarks, synthetic content, audits.

Run from a clone: `python -m devtools bench …`, `python -m devtools audit …`.
"""
