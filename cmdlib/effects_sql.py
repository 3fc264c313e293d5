"""SQL given literally to a client (``psql -c '...'``, ``mysql -e``, a heredoc): its tier.

Statements are told apart by their leading keyword after comments and string literals are
removed. Reads: SELECT, SHOW, EXPLAIN (without ANALYZE), WITH ... SELECT, TABLE, VALUES and
psql meta-commands that only describe (``\\d``, ``\\l``, ...). DROP, TRUNCATE and DELETE
destroy data; everything else that is recognised changes state; a SELECT that calls a
state-changing function (``pg_terminate_backend``, ``setval``, ...) changes state too.
Anything else is UNKNOWN.
"""

from __future__ import annotations

import re

from cmdlib.effects_call import names
from cmdlib.effects_model import Verdict, destructive, mutating, read_only, unknown

_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.S)
_STRINGS = re.compile(r"'(?:[^']|'')*'|\$\$.*?\$\$", re.S)
_READ_KEYWORDS = frozenset({"select", "show", "explain", "with", "table", "values"})
_DESTROY_KEYWORDS = frozenset({"drop", "truncate", "delete"})
_WRITE_KEYWORDS = names(
    """
    insert update alter create grant revoke vacuum analyze reindex cluster copy comment
    refresh lock set reset begin commit rollback call do listen notify discard
    checkpoint replace load
    """
)
_TRANSACTION = frozenset({"begin", "commit", "rollback", "start", "end"})
_CHANGING_FUNCTIONS = re.compile(
    r"\b(pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile|set_config|"
    r"nextval|setval|pg_switch_wal|pg_create_restore_point|lo_unlink|pg_drop_replication_slot)\s*\(",
    re.I,
)
_WRITE_INSIDE = re.compile(r"\b(insert|update|delete|drop|truncate|alter|create)\b", re.I)
_META_READ = re.compile(r"^\\(d\w*|l\+?|dt\+?|conninfo|timing|x|pset)\b")


def judge_sql(client: str, sql: str) -> Verdict:
    cleaned = _STRINGS.sub("''", _COMMENTS.sub(" ", sql))
    statements = [part.strip() for part in cleaned.split(";") if part.strip()]
    if not statements:
        return unknown(f"`{client}` runs no recognisable SQL")
    verdicts = [_statement(client, statement) for statement in statements]
    order = {"read-only": 0, "mutating": 1, "unknown": 2, "destructive": 3}
    return max(verdicts, key=lambda verdict: order[verdict.tier.value])


def _statement(client: str, statement: str) -> Verdict:
    if statement.startswith("\\"):
        if _META_READ.match(statement):
            return read_only(f"`{client}` meta-command only describes")
        return unknown(
            f"`{client}` meta-command {statement.split(maxsplit=1)[0]} is not in the catalog"
        )
    keyword = statement.split(None, 1)[0].lower().strip("(")
    if keyword in _DESTROY_KEYWORDS:
        upper = keyword.upper()
        return destructive(
            f"`{client}` runs {upper}, which removes data",
            ("data-deletion", "row-deletion", "table-drop", "drop", "truncate", "deletion"),
            keyword,
        )
    if keyword in _READ_KEYWORDS:
        if keyword == "explain" and re.search(r"\banalyze\b", statement, re.I):
            return mutating(f"`{client}` EXPLAIN ANALYZE executes the statement", "execute")
        if _CHANGING_FUNCTIONS.search(statement):
            name = _CHANGING_FUNCTIONS.search(statement)
            called = name.group(1) if name else "a function"
            return mutating(f"`{client}` SELECT calls {called}, which changes state", "terminate")
        if keyword == "with" and _WRITE_INSIDE.search(statement):
            return mutating(f"`{client}` WITH ... holds a changing statement", "change")
        return read_only(f"`{client}` runs {keyword.upper()}, which only reads")
    if keyword in _TRANSACTION:
        return read_only(f"`{client}` {keyword.upper()} only delimits a transaction")
    if keyword in _WRITE_KEYWORDS:
        return mutating(f"`{client}` runs {keyword.upper()}, which changes the database", keyword)
    return unknown(f"`{client}` runs `{keyword}`, which is not in the SQL catalog")
