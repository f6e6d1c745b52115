"""The connector's figures, side by side against its peers, written to docs/benchmarks.md.

Run ``python -m benchmarks`` (``--quick`` for a small size); each ``bench_*`` module measures
one figure and returns its table.
"""
