"""The quarterly review's numbers: indicators (Ibis), the composite index and the ranking."""
