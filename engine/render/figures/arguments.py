"""The one error a figure helper raises on purpose: arguments a template got wrong."""


class FigureArgumentError(ValueError):
    """The template passed data the figure cannot be drawn from (say, two weight rows for a
    network of four columns); reported at the template's line, not as a bug."""
