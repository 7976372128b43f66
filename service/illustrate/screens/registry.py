"""The table of screens: each app module registers its painters here with ``@screen``.

It is a module of its own, apart from the package's ``__init__``, so that the app modules can
import the decorator while ``__init__`` imports them, without an import cycle.
"""

from collections.abc import Callable

Painter = Callable[..., None]
ShowsCode = Callable[[dict], bool]
SCREENS: dict[str, Painter] = {}
SHOWS_CODE: dict[str, ShowsCode] = {}


def screen(name: str, shows_code: bool | ShowsCode = False) -> Callable[[Painter], Painter]:
    """Register a painter under ``name``; ``shows_code`` says (per params) if the code is seen."""

    def register(painter: Painter) -> Painter:
        SCREENS[name] = painter
        SHOWS_CODE[name] = shows_code if callable(shows_code) else (lambda params: shows_code)
        return painter

    return register
