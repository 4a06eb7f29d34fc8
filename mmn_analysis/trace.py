"""What a notebook read: the calls it made into the package and a digest of each answer.

When ``MMN_TRACE`` names a file, every call a notebook makes to a traced function of the package
(``mmn.load("figures")``, ``mmn.about("Myanmar")``, ``mmn.story(...)``, ``mmn.glance(...)`` ...) is
appended to it as one JSON line: the function, its arguments, a sha256 of its answer, and the
package modules loaded so far. Calls a traced function makes inside itself are not recorded: the
outer answer covers them.

``python -m mmn_analysis notebooks`` stores these records in each notebook's metadata. A notebook
whose source, package modules and recorded answers are all unchanged would produce the same outputs,
so it is not executed again; replaying the calls in one process takes a fraction of a second.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

TRACE_ENV = "MMN_TRACE"
#: The traced functions, by the name a record gives them, and where they live.
TRACED: dict[str, str] = {}
_depth = threading.local()


def digest(value: Any) -> str:
    """A sha256 of an answer, the same in every process: frames by their CSV text, prose by its text."""
    if hasattr(value, "to_csv"):  # a DataFrame or Series: its labels, types and a hash of every value
        import pandas as pd

        frame = value if isinstance(value, pd.DataFrame) else value.to_frame()
        labels = [list(map(str, frame.columns)), list(map(str, frame.dtypes))]
        h = hashlib.sha256(json.dumps(labels).encode("utf-8"))
        h.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
        return h.hexdigest()
    elif hasattr(value, "markdown") and hasattr(value, "plain"):
        text = value.markdown + "\0" + value.plain
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _modules() -> list[str]:
    return sorted(m for m in sys.modules if m == "mmn_analysis" or m.startswith("mmn_analysis."))


def traced(fn: Callable) -> Callable:
    """Record calls of ``fn`` made from outside the package while tracing is on."""
    name = fn.__name__
    TRACED[name] = fn.__module__

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        path = os.environ.get(TRACE_ENV)
        depth = getattr(_depth, "value", 0)
        if not path or depth:
            return fn(*args, **kwargs)
        _depth.value = depth + 1
        try:
            result = fn(*args, **kwargs)
        finally:
            _depth.value = depth
        try:
            record = {
                "call": name,
                "args": list(args),
                "kwargs": kwargs,
                "digest": digest(result),
                "modules": _modules(),
            }
            line = json.dumps(record, sort_keys=True)
        except TypeError:  # an argument that is not plain data (a frame): its own loads were recorded
            return result
        with open(path, "a", encoding="utf-8") as f:
            f.write(line + "\n")
        return result

    return wrapper


def replay(call: str, args: list, kwargs: dict) -> str:
    """The digest a recorded call answers with now."""
    module = TRACED.get(call)
    if module is None:
        _import_traced()
        module = TRACED[call]
    fn = getattr(importlib.import_module(module), call)
    previous = os.environ.pop(TRACE_ENV, None)
    try:
        return digest(fn(*args, **kwargs))
    finally:
        if previous is not None:
            os.environ[TRACE_ENV] = previous


def _import_traced() -> None:
    """Import the modules that define traced functions, so that TRACED knows every one."""
    for module in (
        "mmn_analysis.api",
        "mmn_analysis.edition.prose",
        "mmn_analysis.edition.glance",
        "mmn_analysis.audit.derived",
        "mmn_analysis.inputs.editorial",
    ):
        importlib.import_module(module)


def read_records(path: str | os.PathLike) -> list[dict]:
    """The records a traced run wrote, in call order, each call once."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []
    seen, out = set(), []
    for r in lines:
        key = json.dumps([r["call"], r["args"], r["kwargs"]], sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
