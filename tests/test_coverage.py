"""The coverage audit: every numeric mention is accounted for, and the audit can tell when one is not."""

from __future__ import annotations

import dataclasses

from mmn_analysis.audit.coverage import audit


def _status(mentions, text, line=None):
    return [m for m in mentions if m.text == text and (line is None or m.line == line)]


def test_overview_has_no_unaccounted_mention(real):
    gaps = [m for m in real.mentions if m.chapter == "overview" and m.status == "unaccounted"]
    assert gaps == [], "\n".join(f"line {m.line}: {m.text!r} in {m.context}" for m in gaps)


def test_achievements_has_no_unaccounted_mention(real):
    gaps = [m for m in real.mentions if m.chapter == "achievements" and m.status == "unaccounted"]
    assert gaps == [], "\n".join(f"line {m.line}: {m.text!r} in {m.context}" for m in gaps)


def test_removing_a_row_leaves_its_number_unaccounted(inputs):
    report, got = inputs
    kept = [f for f in got.figures if f["figure"] != "1,248,611"]
    assert len(kept) == len(got.figures) - 1
    mentions = audit(report, dataclasses.replace(got, figures=kept), ["overview"])
    [m] = _status(mentions, "1,248,611")
    assert m.status == "unaccounted"


def test_urls_identifiers_and_list_labels_are_excluded_by_rule(real):
    rules = {(m.text, m.rule) for m in real.mentions if m.status == "excluded"}
    assert ("49", "identifier") in rules  # Article 49
    assert ("190", "identifier") in rules  # sub-decree 190
    assert ("14", "identifier") in rules  # section 14
    assert any(rule == "url" for _, rule in rules)
    assert any(rule == "list_label" for _, rule in rules)


def test_the_audit_scans_number_words_too(real):
    words = {m.text.lower() for m in real.mentions}
    assert {"ten", "five", "tens of thousands", "a third"} <= words


def test_a_year_dating_a_row_is_accounted_for_by_that_row(real):
    [m] = [m for m in real.mentions if m.text == "2016" and "USD 3.3 billion in 2016" in m.context]
    assert m.status == "accounted"
