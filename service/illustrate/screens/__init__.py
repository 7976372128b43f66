"""Screens drawn inside the phone. Each names the places a spec may highlight.

A screen is a function ``(canvas, frame, **params)``; its keyword parameters are the keys a
spec may add for it. ``SHOWS_CODE`` lists the screens on which the one-time code is visible,
which is what the content check uses to demand the safety warning.

Each app module registers its screens with ``@screen`` from ``registry`` when it is imported;
the imports below are what put every screen in ``SCREENS``, so a new app module is added here.
"""

from service.illustrate.screens import browser
from service.illustrate.screens import mail
from service.illustrate.screens import message_lists
from service.illustrate.screens import messages
from service.illustrate.screens import phone
from service.illustrate.screens import settings
from service.illustrate.screens.registry import SCREENS
from service.illustrate.screens.registry import SHOWS_CODE
from service.illustrate.screens.registry import Painter
from service.illustrate.screens.registry import ShowsCode
from service.illustrate.screens.registry import screen

__all__ = [
    "SCREENS",
    "SHOWS_CODE",
    "Painter",
    "ShowsCode",
    "browser",
    "mail",
    "message_lists",
    "messages",
    "phone",
    "screen",
    "settings",
]
