"""Who may use the admin pages: admins, and nobody else."""

from service.auth.roles import role_required
from service.models import Role

admin_required = role_required(Role.ADMIN)
