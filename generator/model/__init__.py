"""The content model: what a record is, and content/ read into checked records.

records (the domain) ← schema (each kind's fields, both ways: read and dump) ← fieldtypes,
quantities, dates, plaintext (the kinds of value and the text rules they share);
layout → load → check (+ check_alliances, drafts) → a checked catalogue, every problem in one
Report (problems); recordcache keeps checked files between builds; progress counts a campaign's
targets from public records.
"""
