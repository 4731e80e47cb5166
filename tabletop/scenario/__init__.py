"""Scenarios: the format, and a loader that reports every problem with its position."""

from tabletop.scenario.loader import Loaded, audience, bundled_scenarios, load_scenario
from tabletop.scenario.model import Decision, Inject, Option, Scenario
from tabletop.scenario.schema import json_schema

__all__ = ["Decision", "Inject", "Loaded", "Option", "Scenario", "audience", "bundled_scenarios", "json_schema",
           "load_scenario"]
