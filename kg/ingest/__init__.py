"""Stage 1, articles: find the files of a content folder and read each into its frontmatter and
body, repairing on the way.
"""
