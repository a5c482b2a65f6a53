"""The reports a ward sends besides the monthly return: plan targets, the 6-month and annual narrative report,
the province's own forms filled from the WDR-1 grid. No Qt here."""
