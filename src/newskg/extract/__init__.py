"""Text → a draft of facts: statements, figures, dates, agreements, events, actors and territories.

    from newskg.extract.run import extract_file
    draft = extract_file(Path("article.txt"), data_dir=Path("data"))   # an Extraction
"""
