"""gongwen-extractor: Chinese official documents (公文) → validated JSON records.

    from extractor import extract_text
    records = extract_text(open("notice.txt", encoding="utf-8").read(), path="notice.txt")
"""
__version__ = "0.1.0"
