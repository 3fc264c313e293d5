"""Stable reason codes beside the human reasons. Tests and JSON consumers key on these.

A code names what was found, not where: the check name (``commandApproval``,
``outputIntegrity``, ``outputApproval``, ``preApproval``, ``chain``, ``record``) says where.
New codes may be added; existing ones never change meaning.
"""

from __future__ import annotations

import enum


class Reason(enum.StrEnum):
    # reading a line
    LINE_MALFORMED = "LINE_MALFORMED"  # not JSON, duplicate keys, NaN/Infinity, lone surrogate
    NUMBER_NOT_ALLOWED = "NUMBER_NOT_ALLOWED"  # float, or an integer with |n| >= 2**53
    LINE_TOO_LARGE = "LINE_TOO_LARGE"
    UNKNOWN_RECORD_TYPE = "UNKNOWN_RECORD_TYPE"
    FIELD_MISSING = "FIELD_MISSING"
    FIELD_TYPE = "FIELD_TYPE"
    FIELD_VALUE = "FIELD_VALUE"  # a value outside its allowed set (state, commandType, ...)
    NON_ASCII_KEY = "NON_ASCII_KEY"
    # chain
    HEADER_INVALID = "HEADER_INVALID"
    EXPORT_EMPTY = "EXPORT_EMPTY"
    SEQ_NOT_CONSECUTIVE = "SEQ_NOT_CONSECUTIVE"
    PREV_MISMATCH = "PREV_MISMATCH"
    CHECKPOINT_MISSING = "CHECKPOINT_MISSING"
    CHECKPOINT_NOT_LAST = "CHECKPOINT_NOT_LAST"
    CHECKPOINT_MISMATCH = "CHECKPOINT_MISMATCH"  # head, lastSeq, count, seq or prev differ
    APPLIANCE_MISMATCH = "APPLIANCE_MISMATCH"
    EXPECTED_HEAD_MISMATCH = "EXPECTED_HEAD_MISMATCH"
    EXPECTED_COUNT_MISMATCH = "EXPECTED_COUNT_MISMATCH"
    NOT_AN_EXTENSION = "NOT_AN_EXTENSION"  # --after: NEW rewrites OLD
    # envelopes and keys
    ENVELOPE_INVALID = "ENVELOPE_INVALID"  # not {manifest, publicKey, signature}
    WRONG_KIND = "WRONG_KIND"
    UNKNOWN_MODE = "UNKNOWN_MODE"
    KEY_MALFORMED = "KEY_MALFORMED"  # bad base64, wrong length, non-canonical point
    KEY_SMALL_ORDER = "KEY_SMALL_ORDER"
    SIGNATURE_MALFORMED = "SIGNATURE_MALFORMED"  # bad base64, wrong length, small-order R
    SIGNATURE_NONCANONICAL = "SIGNATURE_NONCANONICAL"  # S >= L
    SIGNATURE_INVALID = "SIGNATURE_INVALID"
    KEY_NOT_TRUSTED = "KEY_NOT_TRUSTED"  # not pinned for that role at the signing time
    KEY_WRONG_ROLE = "KEY_WRONG_ROLE"  # an appliance key where a buyer key is needed, or back
    UNPINNED = "UNPINNED"  # no pins given and --strict
    # bindings and meaning
    BINDING_MISMATCH = "BINDING_MISMATCH"  # a manifest field differs from the record's
    BODY_HASH_MISMATCH = "BODY_HASH_MISMATCH"
    TEMPLATE_MISMATCH = "TEMPLATE_MISMATCH"
    OUTPUT_HASH_MISMATCH = "OUTPUT_HASH_MISMATCH"  # release names other output
    ATTACHMENT_MISMATCH = "ATTACHMENT_MISMATCH"
    ATTACHMENT_UNBOUND = "ATTACHMENT_UNBOUND"  # output bytes with no outputIntegrity over them
    TIME_ORDER = "TIME_ORDER"
    APPROVAL_TIMED_OUT = "APPROVAL_TIMED_OUT"
    DECISION_MISMATCH = "DECISION_MISMATCH"
    EXIT_CODE_MISMATCH = "EXIT_CODE_MISMATCH"
    ENVELOPE_REQUIRED = "ENVELOPE_REQUIRED"
    ENVELOPE_FORBIDDEN = "ENVELOPE_FORBIDDEN"
    TRANSITIONS_INVALID = "TRANSITIONS_INVALID"
    COMMAND_ID_REUSED = "COMMAND_ID_REUSED"  # a later record with the commandId of an earlier one
    # pre-approvals
    PREAPPROVAL_NOT_FOUND = "PREAPPROVAL_NOT_FOUND"
    PREAPPROVAL_INVALID = "PREAPPROVAL_INVALID"
    PREAPPROVAL_DUPLICATE_ID = "PREAPPROVAL_DUPLICATE_ID"
    PREAPPROVAL_TEMPLATE_MISMATCH = "PREAPPROVAL_TEMPLATE_MISMATCH"
    PREAPPROVAL_OUT_OF_WINDOW = "PREAPPROVAL_OUT_OF_WINDOW"
    PREAPPROVAL_REVOKED = "PREAPPROVAL_REVOKED"
    PREAPPROVAL_SIGNED_LATE = "PREAPPROVAL_SIGNED_LATE"
    RUN_INDEX_OUT_OF_RANGE = "RUN_INDEX_OUT_OF_RANGE"
    RUN_INDEX_REUSED = "RUN_INDEX_REUSED"
    CONSTRAINT_VIOLATED = "CONSTRAINT_VIOLATED"
    PREAPPROVAL_LEVEL = "PREAPPROVAL_LEVEL"  # appliance-signed release under CommandsOnly
    # legacy
    LEGACY_WITH_ENVELOPE = "LEGACY_WITH_ENVELOPE"
    LEGACY_AFTER_SIGNED = "LEGACY_AFTER_SIGNED"
    LEGACY_AFTER_REQUIRED = "LEGACY_AFTER_REQUIRED"
    LEGACY_STRICT = "LEGACY_STRICT"
