"""newskg: news articles to a validated, queryable knowledge graph."""
