"""UI layer: PySide6 widgets over the service layer. Widgets never touch the ORM directly."""
