"""Deterministic interleavings for race tests, through Django's execute wrappers.

A concurrent request is modelled by doing its work at the exact point where it would
hurt: right after the code under test has looked an address up, before its next
statement. No code of ours is patched; the hook is Django's documented instrument for
the SQL a connection runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection


def _is_look_up_of(email: str, sql: str, params) -> bool:
    return (
        sql.lstrip().upper().startswith("SELECT")
        and '"accounts_user"' in sql
        and any(email.lower() in str(param).lower() for param in params or ())
    )


@contextmanager
def after_the_look_up_of(email: str, action: Callable[[], None]) -> Iterator[None]:
    """Run action once, after the first SELECT on users for email has been read."""
    state = {"looked_up": False, "done": False}

    def wrapper(execute, sql, params, many, context):
        if state["looked_up"] and not state["done"]:
            # The look-up's rows have been read by now: act before the next statement.
            state["done"] = True
            action()
        if not state["looked_up"] and _is_look_up_of(email, sql, params):
            state["looked_up"] = True
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield
    assert state["done"], f"no statement followed a look-up of {email}"
