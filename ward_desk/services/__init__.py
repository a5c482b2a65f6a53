"""Service layer: every operation the UI and the CLI offer, as plain functions over the models. No Qt here."""
