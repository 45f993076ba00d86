"""Pure graph writers: Project → one named graph per article, plus the entities, world and drafts
graphs. Terms, IRIs and escaping live in one place (iris, newskg.rdf.ntriples)."""
