"""Tamper cases against the hash chain, the header and the checkpoint: deletions,
reordering, duplication, insertion, truncation, splicing, relinking, empty exports."""

from __future__ import annotations

import copy

from av_build import ZERO_HEAD, Obj, checkpoint, link, record_hash, render, seal
from av_cases import Case, checkpoint_seq, fail, find, seq_of
from av_keys import APPLIANCE_A, MALLORY, resign
from av_scenarios import legacy, mixed

CHAIN = "chain"
SEQ_GAP = "SEQ_NOT_CONSECUTIVE"


def _case(name: str, lines: list[Obj], *failures: tuple[int | None, str, str]) -> Case:
    return Case(name, render(lines), tuple(fail(*f) for f in failures))


def _without(key: str) -> tuple[list[Obj], int]:
    """The mixed export sealed, and the line index of the record called ``key``."""
    export = mixed()
    return seal(export), seq_of(export, key)  # line index == seq when firstSeq is 1


def reorder_cases() -> list[Case]:
    lines, at_line = _without("cmd-output-rejected")
    deleted = lines[:at_line] + lines[at_line + 1 :]
    lines2 = seal(mixed())
    lines2[at_line], lines2[at_line + 1] = lines2[at_line + 1], lines2[at_line]
    lines3 = seal(mixed())
    duplicated = [*lines3[: at_line + 1], copy.deepcopy(lines3[at_line]), *lines3[at_line + 1 :]]
    return [
        _case("chain-record-deleted", deleted, (at_line + 1, CHAIN, SEQ_GAP)),
        _case("chain-records-reordered", lines2, (at_line + 1, CHAIN, SEQ_GAP)),
        _case("chain-record-duplicated", duplicated, (at_line, CHAIN, SEQ_GAP)),
    ]


def _relinked(
    records: list[Obj], old_checkpoint: Obj | None, key: object = APPLIANCE_A
) -> list[Obj]:
    export = mixed()
    head = link(records, 1, ZERO_HEAD)
    if old_checkpoint is not None:
        end = old_checkpoint
    else:
        end = checkpoint(len(records), head, len(records), export.exported_at, key)  # type: ignore[arg-type]
    return [export.header(), *records, end]


def relink_cases() -> list[Case]:
    sealed = seal(mixed())
    records = [r for r in sealed[1:-1] if r.get("commandId") != "cmd-cmd-rejected"]
    old_end = sealed[-1]
    relinked_old = _relinked(copy.deepcopy(records), old_end)
    relinked_untrusted = _relinked(copy.deepcopy(records), None, MALLORY)
    inserted = copy.deepcopy(sealed[1:-1])
    foreign = copy.deepcopy(find(mixed(), "cmd-script-diag"))
    foreign["commandId"] = "cmd-inserted"
    inserted.insert(5, foreign)
    relinked_inserted = _relinked(inserted, old_end)
    last = checkpoint_seq(mixed())
    return [
        _case(
            "chain-relinked-after-deletion-old-checkpoint",
            relinked_old,
            (last, CHAIN, "CHECKPOINT_MISMATCH"),
        ),
        _case(
            "chain-relinked-after-deletion-checkpoint-by-untrusted-key",
            relinked_untrusted,
            (last - 1, CHAIN, "KEY_NOT_TRUSTED"),
        ),
        _case(
            "chain-relinked-after-insertion-old-checkpoint",
            relinked_inserted,
            (last, CHAIN, "CHECKPOINT_MISMATCH"),
        ),
    ]


def _inserted_not_relinked() -> Case:
    # A well-formed record slipped in with the next seq and a correct prev: the record
    # that really had that seq now follows it.
    lines = seal(mixed())
    foreign = copy.deepcopy(find(mixed(), "cmd-script-diag"))
    foreign.update(commandId="cmd-inserted", seq=5, prev=record_hash(lines[4]))
    lines.insert(5, foreign)
    return _case("chain-record-inserted-not-relinked", lines, (5, CHAIN, SEQ_GAP))


def _spliced() -> Case:
    lines = seal(mixed())
    other = seal(legacy())
    # Same seq, same commandId, a record from another export: its prev is not ours.
    lines[3] = other[3]
    return _case("chain-record-spliced-from-other-export", lines, (3, CHAIN, "PREV_MISMATCH"))


def _altered_in_place() -> Case:
    lines = seal(mixed())
    seq = seq_of(mixed(), "cmd-cmd-rejected")
    lines[seq]["reason"] = "rotate the logs"
    return _case(
        "chain-record-altered-not-relinked",
        lines,
        (seq + 1, CHAIN, "PREV_MISMATCH"),
        (seq, "commandApproval", "BINDING_MISMATCH"),
    )


def truncation_cases() -> list[Case]:
    lines = seal(mixed())
    header = lines[0]
    empty_end = checkpoint(0, ZERO_HEAD, 0, mixed().exported_at, APPLIANCE_A)
    return [
        _case("chain-checkpoint-cut-off", lines[:-1], (None, CHAIN, "CHECKPOINT_MISSING")),
        _case(
            "chain-truncated-records-and-checkpoint", lines[:8], (None, CHAIN, "CHECKPOINT_MISSING")
        ),
        _case(
            "chain-export-empty-with-checkpoint", [header, empty_end], (None, CHAIN, "EXPORT_EMPTY")
        ),
        _case("chain-header-only", [header], (None, CHAIN, "EXPORT_EMPTY")),
        _case(
            "chain-checkpoint-not-last",
            [*lines, copy.deepcopy(lines[3])],
            (None, CHAIN, "CHECKPOINT_NOT_LAST"),
        ),
        Case("chain-empty-file", "", (fail(None, CHAIN, "HEADER_INVALID"),)),
    ]


def _header_case(name: str, code: str, seq: int | None, **fields: object) -> Case:
    lines = seal(mixed())
    lines[0].update(fields)
    return _case(name, lines, (seq, CHAIN, code))


def header_cases() -> list[Case]:
    return [
        _header_case("header-format-unknown", "HEADER_INVALID", None, format="t9-audit-export-v0"),
        _header_case("header-version-2", "HEADER_INVALID", None, version=2),
        _header_case("header-first-seq-wrong", SEQ_GAP, 1, firstSeq=2),
        _header_case("header-prev-head-wrong", "PREV_MISMATCH", 1, prevHead="1" * 64),
        _header_case("header-missing-appliance-id", "HEADER_INVALID", None, applianceId=None),
    ]


def _checkpoint_case(name: str, code: str, **fields: object) -> Case:
    lines = seal(mixed())
    lines[-1]["manifest"].update(fields)
    resign(lines[-1])
    return _case(name, lines, (checkpoint_seq(mixed()), CHAIN, code))


def _checkpoint_line_case(name: str, **fields: object) -> Case:
    # seq and prev of the checkpoint line sit outside its signed manifest (rule 4).
    lines = seal(mixed())
    lines[-1].update(fields)
    return _case(name, lines, (checkpoint_seq(mixed()), CHAIN, "CHECKPOINT_MISMATCH"))


def checkpoint_cases() -> list[Case]:
    count = len(mixed().records)
    return [
        _checkpoint_line_case("checkpoint-line-seq-wrong", seq=count + 2),
        _checkpoint_line_case("checkpoint-line-prev-wrong", prev="3" * 64),
        _checkpoint_case("checkpoint-count-wrong-resigned", "CHECKPOINT_MISMATCH", count=count + 1),
        _checkpoint_case(
            "checkpoint-last-seq-wrong-resigned", "CHECKPOINT_MISMATCH", lastSeq=count - 1
        ),
        _checkpoint_case("checkpoint-head-wrong-resigned", "CHECKPOINT_MISMATCH", head="2" * 64),
        _checkpoint_case(
            "checkpoint-other-appliance-resigned", "APPLIANCE_MISMATCH", applianceId="appl-other"
        ),
    ]


def all_cases() -> list[Case]:
    return (
        reorder_cases()
        + relink_cases()
        + [_inserted_not_relinked(), _spliced(), _altered_in_place()]
        + truncation_cases()
        + header_cases()
        + checkpoint_cases()
    )
