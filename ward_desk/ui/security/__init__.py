"""UI layer: signing in, the inactivity lock, and the supervisor/admin screens (audit trail) over
``ward_desk.services.accounts`` and ``ward_desk.services.audit``. Permissions are enforced by the services; these
screens only ask for credentials and show what the services answer."""

from ward_desk.ui.security.audit_screen import AuditScreen
from ward_desk.ui.security.backup_screen import BackupScreen
from ward_desk.ui.security.lock import InactivityLock, LockDialog
from ward_desk.ui.security.login import LoginDialog
from ward_desk.ui.security.users_screen import UsersScreen

__all__ = ["LoginDialog", "LockDialog", "InactivityLock", "AuditScreen", "BackupScreen", "UsersScreen"]
