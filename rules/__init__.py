"""Rule files (patterns, vocabularies, cue words) shipped as package data.

Nothing here is code: see README.md in this folder and extractor/rules.py,
which loads, validates and compiles these files.
"""
