r"""Checks of a template's shape that Jinja does not make: text a child template writes
outside its blocks is silently dropped, a misspelt block name silently defines a block nobody
prints, and an empty task template silently removes the task. Each is an error here, with the
file and line.
"""

from __future__ import annotations

import jinja2
from jinja2 import nodes

from engine.errors import located
from engine.render.origins import without_markers

TASK_BLOCKS = ("statement", "solution")
TASK_FRAME = "task.tex.j2"


def _parse(env: jinja2.Environment, name: str) -> tuple[nodes.Template, str]:
    source, filename, _ = env.loader.get_source(env, name)
    return env.parse(source, name, filename), filename


def _parent(tree: nodes.Template) -> str | None:
    extends = next(iter(tree.find_all(nodes.Extends)), None)
    if extends is None:
        return None
    if not isinstance(extends.template, nodes.Const):
        return None  # a computed parent: nothing to check against
    return extends.template.value


def _blocks_of(env: jinja2.Environment, name: str) -> set[str]:
    """Every block a template and its ancestors define."""
    tree, _ = _parse(env, name)
    found = {block.name for block in tree.find_all(nodes.Block)}
    parent = _parent(tree)
    return found | (_blocks_of(env, parent) if parent else set())


def _is_blank(node: nodes.Node) -> bool:
    return isinstance(node, nodes.TemplateData) and not without_markers(node.data).strip()


def check(env: jinja2.Environment, name: str, relative, task: bool = False) -> None:
    """UserError at the offending line if the template `name` would lose content silently.
    `task`: a task template, which must extend task.tex.j2 and fill its blocks."""
    tree, filename = _parse(env, name)
    path = relative(filename)
    _check_imports(env, tree, path)
    parent = _parent(tree)
    if task and parent != TASK_FRAME:
        raise located(
            path,
            1,
            f'a task template starts with \\BLOCK{{extends "{TASK_FRAME}"}} and fills the '
            f"blocks {' and '.join(TASK_BLOCKS)}",
        )
    if parent is None:
        return
    try:
        known = _blocks_of(env, parent)
    except jinja2.TemplateNotFound:
        return  # Jinja reports the missing parent itself, at the extends line
    for node in tree.body:
        if isinstance(node, nodes.Output):
            for piece in node.nodes:
                if not _is_blank(piece):
                    raise located(
                        path,
                        piece.lineno,
                        f"text outside the blocks of a template that extends {parent} is never "
                        "printed; move it into a block",
                    )
        elif isinstance(node, nodes.Block) and node.name not in known:
            raise located(
                path,
                node.lineno,
                f"unknown block '{node.name}': {parent} has {', '.join(sorted(known))}",
            )
    if task:
        filled = {block.name: block for block in tree.find_all(nodes.Block)}
        for required in TASK_BLOCKS:
            block = filled.get(required)
            if block is None or all(_is_blank(n) for o in block.body for n in _outputs(o)):
                raise located(
                    path, block.lineno if block else 1, f"the block '{required}' is empty"
                )


def _check_imports(env: jinja2.Environment, tree: nodes.Template, path: str) -> None:
    """`\\BLOCK{from "macros.tex.j2" import step_tabel}` imports nothing and says nothing
    until the name is used; a name the imported template lacks is an error at the import."""
    for node in tree.find_all(nodes.FromImport):
        if not isinstance(node.template, nodes.Const):
            continue
        try:
            imported, _ = _parse(env, node.template.value)
        except jinja2.TemplateNotFound:
            return  # Jinja reports the missing template itself, at the import
        offered = {m.name for m in imported.find_all(nodes.Macro)}
        offered |= {
            a.target.name
            for a in imported.find_all(nodes.Assign)
            if isinstance(a.target, nodes.Name)
        }
        for wanted in node.names:
            wanted = wanted[0] if isinstance(wanted, tuple) else wanted
            if wanted not in offered:
                raise located(
                    path,
                    node.lineno,
                    f"{node.template.value} has no '{wanted}' to import "
                    f"(it has: {', '.join(sorted(offered))})",
                )


def _outputs(node: nodes.Node):
    """The pieces a block body prints directly (statements count as content)."""
    if isinstance(node, nodes.Output):
        return node.nodes
    return [node]
