"""Nothing in tabletop builds SQL from text: every statement the PostgreSQL code runs
is a constant (values go as parameters), or psycopg.sql composing constants and
identifiers."""

from __future__ import annotations

import ast
from pathlib import Path

import tabletop

ROOT = Path(tabletop.__file__).parent
FILES = [ROOT / "store" / "postgres.py", *sorted((ROOT / "archive").glob("*.py"))]


def constant_names(tree: ast.Module) -> set[str]:
    """Module-level names bound to string constants, or to sums of them (`A + B`)."""
    names: set[str] = set()

    def constant(node) -> bool:
        return (isinstance(node, ast.Constant) and isinstance(node.value, str)) or \
            (isinstance(node, ast.Name) and node.id in names) or \
            (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and constant(node.left) and constant(node.right))

    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and constant(stmt.value):
            names.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
    return names


def safe(node, names: set[str], loop_vars: set[str]) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.Name):
        return node.id in names or node.id in loop_vars
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        inner = node.func.value  # sql.SQL(constant).format(sql.Identifier(...), ...)
        return (isinstance(inner, ast.Call) and getattr(inner.func, "attr", "") == "SQL"
                and all(safe(a, names, loop_vars) for a in inner.args)
                and all(isinstance(v, ast.Call) and getattr(v.func, "attr", "") == "Identifier"
                        for v in [*node.args, *(k.value for k in node.keywords)]))
    return False


def test_every_statement_is_a_constant_or_composed_by_psycopg_sql():
    checked = 0
    for path in FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = constant_names(tree)
        # `for stmt in SCHEMA:` / `for stmt in statements:` run lists of constants made in this module.
        loop_vars = {n.target.id for n in ast.walk(tree) if isinstance(n, ast.For) and isinstance(n.target, ast.Name)
                     and n.target.id == "stmt"}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("execute", "executemany"):
                checked += 1
                assert node.args and safe(node.args[0], names, loop_vars), \
                    f"{path.name}:{node.lineno}: SQL built from something other than a constant"
    assert checked >= 25


def test_the_check_catches_sql_made_from_text():
    for code in ('conn.execute(f"SELECT {name}")', 'conn.execute("SELECT " + name)',
                 'conn.execute("SELECT %s" % name)', 'conn.execute(sql.SQL("GRANT {}").format(name))'):
        call = ast.parse(code).body[0].value
        assert not safe(call.args[0], set(), set()), code
