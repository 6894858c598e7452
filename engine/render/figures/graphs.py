"""TikZ computational graphs: inputs on the left, the output on the right.

The layout is computed here from the edges alone: a node's column is its depth (the longest
path from an input), its height the mean height of its children, then nodes of one column are
pushed apart to a minimum gap. Edge labels sit near the child end, where edges leaving one
node have already fanned out and two crossing edges are still apart.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from engine.render.figures.described import described, listed

COLUMN_GAP = 3.4  # cm
ROW_GAP = 2.2  # cm, the least vertical distance between two nodes of one column


def layout(names: list[str], edges: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """(x, y) in cm of each node; `edges` are (child, parent) pairs, `names` in any order
    that lists children before their parents."""
    children = {name: [c for c, p in edges if p == name] for name in names}
    column = {}
    for name in names:
        column[name] = 1 + max((column[c] for c in children[name]), default=-1)
    height: dict[str, float] = {}
    for k in range(max(column.values()) + 1):
        members = [n for n in names if column[n] == k]
        _stack(members, children, height, lambda above, below: ROW_GAP)
    return {n: (column[n] * COLUMN_GAP, height[n]) for n in names}


def _stack(points: list, feeds: dict, height: dict, gap) -> None:
    """Set the heights of one column's `points`: the first column centred, any other point
    at the mean height of what feeds it, then pushed down, top first, until `gap(above,
    below)` separates neighbours, and the column shifted back to keep its centre."""
    if not feeds[points[0]]:
        wanted = [-(i - (len(points) - 1) / 2) * ROW_GAP for i in range(len(points))]
    else:
        wanted = [sum(height[f] for f in feeds[p]) / len(feeds[p]) for p in points]
    order = sorted(range(len(points)), key=lambda i: -wanted[i])  # top first, stable
    placed = [wanted[order[0]]]
    for above, i in itertools.pairwise(order):
        placed.append(min(wanted[i], placed[-1] - gap(points[above], points[i])))
    shift = (sum(wanted) - sum(placed)) / len(placed)  # keep the column's centre
    for i, y in zip(order, placed, strict=True):
        height[points[i]] = y + shift


def computational_graph(show: Callable[[object], str], graph, numbers: bool = False) -> str:
    """TikZ for a `solutions.compgraph.Graph` view. Without numbers: each node shows its
    definition and each edge its local derivative. With numbers: the forward value above a
    node, the backward adjoint ∂f/∂node below it, the local derivative's value on the edge."""
    nodes = list(graph.nodes)
    edges = list(graph.edges)
    ids = {node.name: f"g{k}" for k, node in enumerate(nodes)}
    where = layout([node.name for node in nodes], [(e.child, e.parent) for e in edges])
    lines = _picture_with_nodes(show, nodes, ids, where, numbers, "")
    for edge in edges:
        label = show(edge.local_value if numbers else edge.local)
        lines.append(
            rf"\draw[edge] ({ids[edge.child]}) -- node[local, pos=0.3] {{${label}$}} "
            rf"({ids[edge.parent]});"
        )
    lines.append(r"\end{tikzpicture}")
    return described("\n".join(lines), *_description(nodes, edges, numbers))


def _description(nodes, edges, numbers: bool) -> list[str]:
    """What a graph shows, for a reader who cannot see it: its nodes, its edges, its labels."""
    feeds = {edge.child for edge in edges}
    led = {edge.parent for edge in edges}
    inputs = [node.name for node in nodes if node.name not in led]
    output = [node.name for node in nodes if node.name not in feeds]
    arrows = listed(f"${edge.child}$ → ${edge.parent}$" for edge in edges)
    if numbers:
        labels = (
            "над вершиной — её значение, под ней — производная выхода по ней, на ребре — "
            "значение локальной производной."
        )
    else:
        labels = "в вершине — её определение, на ребре — локальная производная."
    return [
        f"Вычислительный граф: входы {listed(f'${n}$' for n in inputs)}, выход "
        f"{listed(f'${n}$' for n in output)}; рёбра {arrows}.",
        labels.capitalize(),
    ]


BEND_GAP = 1.1  # cm, the least vertical distance between a long edge's bend and its neighbours


def routed_layout(
    names: list[str], edges: list[tuple[str, str]]
) -> tuple[dict[str, tuple[float, float]], dict[tuple[str, str], list[tuple[float, float]]]]:
    """Like `layout`, but an edge that skips columns bends once in every column it crosses,
    and each bend takes room in its column as a node does (BEND_GAP from its neighbours), so
    no node sits on a long edge. Returns the nodes' (x, y) and each edge's bends, in cm."""
    children = {name: [c for c, p in edges if p == name] for name in names}
    column: dict = {}
    for name in names:
        column[name] = 1 + max((column[c] for c in children[name]), default=-1)
    members: dict[int, list] = {k: [] for k in range(max(column.values()) + 1)}
    feeds: dict = {}  # each node or bend -> the points its incoming edges come from
    for name in names:
        members[column[name]].append(name)
        feeds[name] = []
    chains: dict[tuple[str, str], list] = {}
    for child, parent in edges:
        previous, chain = child, []
        for k in range(column[child] + 1, column[parent]):
            bend = ("bend", child, parent, k)
            members[k].append(bend)
            feeds[bend] = [previous]
            chain.append(bend)
            previous = bend
        feeds[parent].append(previous)
        chains[(child, parent)] = chain
    height: dict = {}
    both_nodes = lambda a, b: isinstance(a, str) and isinstance(b, str)  # a bend is a tuple
    for points in members.values():
        _stack(points, feeds, height, lambda a, b: ROW_GAP if both_nodes(a, b) else BEND_GAP)
    where = {n: (column[n] * COLUMN_GAP, height[n]) for n in names}
    bends = {
        edge: [(bend[3] * COLUMN_GAP, height[bend]) for bend in chain]
        for edge, chain in chains.items()
    }
    return where, bends


def routed_graph(show: Callable[[object], str], graph, numbers: bool = False) -> str:
    """`computational_graph` drawn with `routed_layout`: an edge that skips columns goes
    around the nodes between its ends, bending where it crosses their columns; each label
    sits on the first stretch of its edge, drawn over every edge."""
    nodes = list(graph.nodes)
    edges = list(graph.edges)
    ids = {node.name: f"g{k}" for k, node in enumerate(nodes)}
    where, bends = routed_layout(
        [node.name for node in nodes], [(e.child, e.parent) for e in edges]
    )
    lines = _picture_with_nodes(show, nodes, ids, where, numbers, ", rounded corners=8pt")
    ends = {}
    for edge in edges:  # the edges first, then their labels over them: where two edges
        # cross, the label of one stays readable on top of the other
        points = [f"({x:.2f}, {y:.2f})" for x, y in bends[(edge.child, edge.parent)]]
        ends[edge] = [*points, f"({ids[edge.parent]})"]
        lines.append(rf"\draw[edge] ({ids[edge.child]}) -- {' -- '.join(ends[edge])};")
    first_ends = {  # the height where each edge's first stretch ends, one column on
        edge: (bends[(edge.child, edge.parent)] or [where[edge.parent]])[0][1] for edge in edges
    }
    places = label_places(first_ends, lambda edge: edge.child)
    paths = {e: [where[e.child], *bends[(e.child, e.parent)], where[e.parent]] for e in edges}
    for edge in edges:  # a label on another edge's crossing could belong to either
        others = [paths[e] for e in edges if e.child != edge.child]
        places[edge] = clear_place(paths[edge][:2], places[edge], others)
    for edge in edges:
        label = show(edge.local_value if numbers else edge.local)
        lines.append(
            rf"\path ({ids[edge.child]}) -- node[local, pos={places[edge]}] {{${label}$}} "
            rf"{ends[edge][0]};"
        )
    lines.append(r"\end{tikzpicture}")
    return described("\n".join(lines), *_description(nodes, edges, numbers))


NEAR, FAR = 0.3, 0.6  # where along its first stretch an edge's label sits
LABEL_ROOM = 0.5  # cm, the least vertical distance between the labels of two edges of a fan


def label_places(first_ends: dict, source) -> dict:
    """The position of each edge's label along its first stretch (all of one length: a column
    gap), `first_ends` giving the height where the stretch ends. The edges leaving one node
    fan out from it: at NEAR, two neighbours of a fan whose ends are close would print their
    labels over each other, so the lower one's moves to FAR (and the next back to NEAR)."""
    places = {}
    for node in dict.fromkeys(source(edge) for edge in first_ends):
        fan = sorted((e for e in first_ends if source(e) == node), key=lambda e: -first_ends[e])
        for above, edge in zip([None, *fan], fan, strict=False):
            close = above is not None and (
                (first_ends[above] - first_ends[edge]) * NEAR < LABEL_ROOM
            )
            places[edge] = FAR if close and places[above] == NEAR else NEAR
    return places


BORDER = 0.15  # about where a node's border cuts the first stretch, as a fraction of it
MARGIN = 0.2  # the least distance, as a fraction of the stretch, from a label to a crossing
ALTERNATIVES = (NEAR, FAR, 0.45, 0.75, 0.2)


def clear_place(stretch: list, place: float, others: list) -> float:
    """`place` along the first `stretch` of an edge (two centre points; TikZ measures the
    place from the node's border), or the first alternative at least MARGIN from every
    crossing with the edges in `others` (polylines), if `place` is not."""
    crossings = [
        t for path in others for a, b in itertools.pairwise(path) if (t := _crossing(stretch, a, b))
    ]

    def clear(at: float) -> bool:
        return all(abs(BORDER + at * (1 - BORDER) - t) >= MARGIN for t in crossings)

    return place if clear(place) else next((at for at in ALTERNATIVES if clear(at)), place)


def _crossing(stretch, a, b) -> float | None:
    """Where along `stretch` (0 to 1) the segment a-b crosses it, if it does."""
    (x0, y0), (x1, y1) = stretch
    dx, dy, ex, ey = x1 - x0, y1 - y0, b[0] - a[0], b[1] - a[1]
    denominator = dx * ey - dy * ex
    if abs(denominator) < 1e-9:
        return None
    t = ((a[0] - x0) * ey - (a[1] - y0) * ex) / denominator
    u = ((a[0] - x0) * dy - (a[1] - y0) * dx) / denominator
    return t if 0 < t < 1 and 0 <= u <= 1 else None


def _picture_with_nodes(show, nodes, ids, where, numbers: bool, edge_style: str) -> list[str]:
    """The opening of a graph's tikzpicture (its styles, `edge_style` added to the edges')
    and its nodes at `where`, as both graph layouts draw them."""
    lines = [
        r"\begin{tikzpicture}[",
        r"  op/.style={draw, thick, rounded corners=3pt, minimum height=8mm, inner sep=3pt},",
        r"  fwd/.style={font=\footnotesize, text=blue!60!black},",
        r"  bwd/.style={font=\footnotesize, text=red!70!black},",
        r"  local/.style={font=\footnotesize, fill=white, inner sep=1pt},",
        rf"  edge/.style={{-{{Stealth[length=2mm]}}, semithick{edge_style}}}]",
    ]
    for node in nodes:
        x, y = where[node.name]
        text = node.name
        if node.definition is not None and not numbers:
            text = f"{node.name} = {show(node.definition)}"
        lines.append(rf"\node[op] ({ids[node.name]}) at ({x:.2f}, {y:.2f}) {{${text}$}};")
        if numbers:
            lines.append(rf"\node[fwd, above=1pt of {ids[node.name]}] {{${show(node.value)}$}};")
            lines.append(rf"\node[bwd, below=1pt of {ids[node.name]}] {{${show(node.adjoint)}$}};")
    return lines
