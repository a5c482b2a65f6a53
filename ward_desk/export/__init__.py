"""Export layer: reading and writing workbooks (RECORDS-1, WDR-1). No Qt here."""
