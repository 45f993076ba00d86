"""`newskg review`: a local page to review an article's draft and save the decisions into its files.

- ``splice``: edit one item of a YAML file, leaving every other byte as it was (ruamel.yaml);
- ``edits``: the page's decisions (accept, edit, reject, add a report, an entity, an instance);
- ``session``: one article's files, the version token, checking and saving;
- ``page``: what the page shows (the text, the reports with their spans, the pickers' choices);
- ``app``: the loopback-only web application.
"""
