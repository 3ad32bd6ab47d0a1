from .accounts import ApiToken, RoleAssignment, User
from .org import Agency, Government, OrgUnit, Position
from .people import Employee, Placement

__all__ = [
    "Agency",
    "ApiToken",
    "Employee",
    "Government",
    "OrgUnit",
    "Placement",
    "Position",
    "RoleAssignment",
    "User",
]
