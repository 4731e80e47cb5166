"""Crisis-room wall clocks: the scenario's moment in Tokyo, Honolulu and Washington."""

from __future__ import annotations

from datetime import datetime, timezone

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from tabletop.phrasebook import clock_time, section, short_date

ZONES = (("tokyo", "Asia/Tokyo"), ("honolulu", "Pacific/Honolulu"), ("washington", "America/New_York"))


def _zone(name: str):
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # no tz database on this machine (install the `tzdata` package)
        return None


class WorldClocks(Static):
    """Scenario world time (STARTEX date-time plus scenario time) in three cities, and the real time."""

    DEFAULT_CSS = """
    WorldClocks { width: auto; height: 4; padding: 0 1; }
    """

    instant: reactive[float | None] = reactive(None)  # scenario world time, epoch seconds
    real: reactive[float | None] = reactive(None)  # real wall time, epoch seconds
    lang: reactive[str] = reactive("en")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._zones = [(city, _zone(z)) for city, z in ZONES]

    def render(self):
        table = Table.grid(padding=(0, 2))
        for _ in self._zones:
            table.add_column(justify="center")
        names, times, days = [], [], []
        w = section("consoles.world_clocks", self.lang)
        for city, tz in self._zones:
            names.append(Text(w[city], style="dim"))
            if self.instant is None:
                times.append(Text("--:--", style="bold"))
                days.append(Text(""))
            elif tz is None:
                times.append(Text(w["no_tz"], style="dim"))
                days.append(Text(w["install_tzdata"], style="dim"))
            else:
                t = datetime.fromtimestamp(self.instant, tz)
                times.append(Text(t.strftime("%H:%M"), style="bold"))
                days.append(Text(short_date(t, self.lang), style="dim"))
        table.add_row(*names)
        table.add_row(*times)
        table.add_row(*days)
        if self.real is not None:
            real = datetime.fromtimestamp(self.real, timezone.utc).astimezone()
            table.add_row(Text(w("real", time=clock_time(real)), style="dim italic"), "", "")
        return table
