from terpadu.core.access import AUTHENTICATED
from terpadu.core.navigation import NavItem, register

register(
    NavItem("Beranda", "core:home", AUTHENTICATED, order=0),
)
