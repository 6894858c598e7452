"""The web edition: a built document's LaTeX as an HTML page with MathML formulas and SVG
pictures, for a phone or a course site (`generate.py --html`)."""
