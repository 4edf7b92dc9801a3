"""A draft's problems never block publishing what is approved.

A record whose 状态 says it is not public (申报, 培育, 验收中, 未通过, 草稿 …) cannot reach the
public site, so for a public build its mistakes are warnings: the clerk still sees them, and
the approved records are published. A record whose status cannot be read (broken YAML, an
empty file, an unknown or missing 状态) might be public, so its mistakes stay errors, as do
mistakes in every public record. A preview shows drafts, so there every mistake is an error;
`check` reports them all as errors unless asked to judge as the public build does.
"""

from __future__ import annotations

from pathlib import Path

from .load import RawContent
from .problems import ERROR, WARNING, Problem, Report

# 状态 values by record kind; the kinds of RECORDS.md that other modules may add are listed too.
NOT_PUBLIC = {
    "brand": {"申报", "培育", "验收中", "未通过"},
    "case": {"草稿"},
    "alliance": {"筹建", "撤销"},
    "activity": {"草稿"},
    "campaign": {"草稿"},
}
LABEL = "（未公开的记录，不影响生成公开网站）"


def not_public_files(raw: RawContent) -> set[Path]:
    """Files of records whose 状态 can be read and says they are not public."""
    found = set()
    for kind, records in raw.records.items():
        statuses = NOT_PUBLIC.get(kind, set())
        for record in records:
            data = record.data
            status = data.get("状态") if isinstance(data, dict) else None
            if isinstance(status, str) and status.strip() in statuses:
                found.add(record.path)
    return found


def relax(report: Report, files: set[Path]) -> int:
    """Errors in these files become warnings (marked as such); how many were relaxed."""
    relaxed = 0
    for i, problem in enumerate(report.problems):
        if problem.level == ERROR and problem.file in files:
            report.problems[i] = Problem(WARNING, problem.file, problem.line, problem.field, problem.message + LABEL)
            relaxed += 1
    return relaxed
