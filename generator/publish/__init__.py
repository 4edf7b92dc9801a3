"""Publishing: the generated pages → an engine → the site, swapped in whole.

pipeline runs the phases (check → generate → compare → engine → swap); changes decides between
nothing, some pages (partial) and a full build; engine writes the one self-contained mkdocs.yml
(theme/ ships here) and runs MkDocs or Zensical; sitefolder swaps a finished site in; outputs
refuses folders a command must never write; serve regenerates on every save.
"""
