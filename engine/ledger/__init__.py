"""The ledger: every number and formula that reaches a page, recorded with its id.

Takes the values a solution module computes (int, Fraction, sympy, numpy); gives their one
printed form (`formatting`, `formulas`: Russian typography, exact forms and rounded decimals),
their exact text (`exact_text`) and the claims ledger (`claims`) the oracles verify and
`claims.json` records. Imports only the store.
"""
