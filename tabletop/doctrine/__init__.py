"""Doctrine packs: who may take which action, under which legal situation, and why."""

from tabletop.doctrine.model import Action, Citation, Pack, Role
from tabletop.doctrine.rules import Context, Doctrine, SimpleContext, bundled_packs, load_doctrine
from tabletop.doctrine.verdict import Reason, Verdict

__all__ = ["Action", "Citation", "Context", "Doctrine", "Pack", "Reason", "Role", "SimpleContext",
           "Verdict", "bundled_packs", "load_doctrine"]
