"""The roll-up tables behind every total: models, their maintenance on each write, signals, rebuild.

``periods`` keeps the period values of approved reports (own and subtree rows), ``records``
the monthly figures of the registries; ``signals`` calls both inside the write's
transaction; ``rebuild`` recomputes everything from the sources.
"""
