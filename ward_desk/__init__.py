"""Ward Desk: outreach, support and loan-referral records for ward offices, and the WDR-1 return."""

__version__ = "0.1.0"
