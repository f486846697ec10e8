"""The registry: departments, their Hindi and English names, accounts and websites."""

from sushasan.registry.files import dump_csv, dump_yaml, load_registry_file
from sushasan.registry.model import KINDS, PLATFORMS, Account, Department

__all__ = [
    "KINDS", "PLATFORMS", "Account", "Department", "dump_csv", "dump_yaml", "load_registry_file",
]
