"""TikZ of one convolution step: the input grid with the kernel window at one position, and
the output grid with the cell that window produces. Sizes and position come as claims; the
cell geometry is computed here from them."""

from __future__ import annotations

from engine.render.figures.described import described

CELL = 0.55  # cm


def _int(ref) -> int:
    return int(ref.value)


def conv_window(show, height, width, kernel_rows, kernel_cols, row, col, out_rows, out_cols) -> str:
    h, w, kr, kc = _int(height), _int(width), _int(kernel_rows), _int(kernel_cols)
    r, c, oh, ow = _int(row), _int(col), _int(out_rows), _int(out_cols)
    # the output grid to the right of the input, a whole number of cells away: TikZ draws a
    # grid's lines at multiples of its step, so any other offset shifts the lines off the cells
    shift = (w + 3) * CELL
    given = rf"{show(height)} \times {show(width)}"
    out = rf"{show(out_rows)} \times {show(out_cols)}"
    kernel, at = rf"{show(kernel_rows)} \times {show(kernel_cols)}", f"{show(row)}, {show(col)}"
    lines = [r"\begin{tikzpicture}[cell/.style={draw=gray!70}]"]
    for _name, rows, cols, x0 in (("in", h, w, 0.0), ("out", oh, ow, shift)):
        top = rows * CELL
        lines.append(
            rf"\draw[step={CELL}cm, gray!70] ({x0:.2f},0) grid ({x0 + cols * CELL:.2f},{top:.2f});"
        )
    y_top = h * CELL
    lines += [
        # the kernel window on the input, rows counted from the top as matrix indices are
        rf"\draw[very thick, orange!80!black, fill=orange!25, fill opacity=0.6] "
        rf"({c * CELL:.2f},{y_top - r * CELL:.2f}) rectangle "
        rf"({(c + kc) * CELL:.2f},{y_top - (r + kr) * CELL:.2f});",
        rf"\draw[very thick, blue!60!black, fill=blue!20] "
        rf"({shift + c * CELL:.2f},{oh * CELL - r * CELL:.2f}) rectangle "
        rf"({shift + (c + 1) * CELL:.2f},{oh * CELL - (r + 1) * CELL:.2f});",
        rf"\draw[-{{Stealth}}, thick] "
        rf"({(c + kc) * CELL + 0.1:.2f},{y_top - (r + kr / 2) * CELL:.2f}) "
        rf"to[bend left=20] ({shift + c * CELL - 0.05:.2f},{oh * CELL - (r + 0.5) * CELL:.2f});",
        rf"\node[above] at ({w * CELL / 2:.2f},{y_top:.2f}) {{$x^{{l-1}}$: ${given}$}};",
        rf"\node[above] at ({shift + ow * CELL / 2:.2f},{oh * CELL:.2f}) {{$x^{{l}}$: ${out}$}};",
        rf"\node[below, font=\small] at ({w * CELL / 2:.2f},0) "
        rf"{{ядро ${kernel}$ в позиции $(i, j) = ({at})$}};",
        r"\end{tikzpicture}",
    ]
    return described(
        "\n".join(lines),
        f"Слева вход $x^{{l-1}}$ размера ${given}$, справа выход $x^l$ размера ${out}$.",
        f"Ядро ${kernel}$, приложенное к входу в позиции $(i, j) = ({at})$, даёт выделенный "
        "элемент выхода в той же позиции.",
    )
