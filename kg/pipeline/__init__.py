"""Stage 5, the build: every file of a folder through the stages, the files written, every file
accounted for.
"""
