"""Core layer: the two standards Ward Desk implements, each declared once. No Qt here.

``codes`` holds the code lists (code, Vietnamese and English label) that both standards share; ``records``
declares the RECORDS-1 record kinds and columns; the WDR-1 indicator catalogue is a versioned standard file
(``standards/wdr1-v1.toml``, inside this package so it ships as it is) read by ``catalogue``. Rules, import
and export, list queries, forms, labels, the indicator engine and the return workbook are derived from these
declarations, never typed again.
"""
