from .accounts import ApiToken, RoleAssignment, User
from .imports import DirectoryImportJob
from .org import Agency, Government, OrgUnit, Position
from .people import Employee, Placement

__all__ = [
    "Agency",
    "ApiToken",
    "DirectoryImportJob",
    "Employee",
    "Government",
    "OrgUnit",
    "Placement",
    "Position",
    "RoleAssignment",
    "User",
]
