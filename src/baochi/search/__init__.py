"""Query parsing, accent folding, ranking and snippets over the store."""
