"""One folder per platform: how to fetch from its API, how to read its answers and its exports."""
