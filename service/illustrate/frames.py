"""Phone bodies: which family, how it goes home, and what its system calls its buttons.

Each family is drawn on its own body (see ``bodies``): an iPhone with the round home button, an
iPhone with the Dynamic Island, an Android phone with three on-screen keys or a gesture line,
らくらくスマートフォン with its physical home button and big on-screen keys, and BASIO with its
physical keys below the screen.
"""

from dataclasses import dataclass

from service.illustrate.bodies import draw_body
from service.illustrate.bodies import draw_chrome
from service.illustrate.canvas import Canvas

# iOS 17 and later: the buttons sit at the bottom, 連絡先 is gone and the red end button is the
# middle of the lower row (sources: content-review.md F1; brandsynario.com and
# digitalinformationworld.com on iOS 17 beta 5). The labels beside it are as on iOS 17-26.
IPHONE_CALL = ("スピーカー", "FaceTime", "消音", "その他", "終了", "キーパッド")
# iOS 16 and earlier, kept for a spec that asks for it (``call`` with ``ios16 = true``).
IPHONE_CALL_IOS16 = ("消音", "キーパッド", "スピーカー", "通話を追加", "FaceTime", "連絡先")
ANDROID_CALL = ("キーパッド", "ミュート", "スピーカー", "通話を追加", "保留", "その他")

# The ways back to the home screen a spec may ask for with ``nav = "..."``.
NAVS = {
    "home_button": "a round home button below the screen (iPhone SE)",
    "island": "the Dynamic Island at the top and the home line at the bottom (iPhone)",
    "keys": "three on-screen keys ◁ ○ □ (Android)",
    "gesture": "a gesture line at the bottom of the screen (Android)",
    "hardware": "physical keys below the screen (らくらくスマートフォン, BASIO)",
}
# A target that only one way of going home has; a spec naming it gets that way.
NAV_OF_TARGET = {"画面の下": ("island", "gesture"), "アプリ履歴": ("keys", "hardware")}


@dataclass(frozen=True)
class Frame:
    """A phone body and the words its system uses."""

    # A physical home button below the screen (what the operator's question asks about).
    home_button: bool
    call_labels: tuple[str, ...]
    browser: str
    messages_app: str
    # Android: back / home / recent apps are keys (how they are drawn is ``navs``).
    nav_keys: bool = False
    # Google メッセージ's bubble is blue; Apple's and the carriers' apps are green or blue.
    messages_colour: tuple[int, int, int] | None = None
    # Which body: iphone, android, raku or basio.
    family: str = "iphone"
    # How this phone goes home; the first is drawn unless a spec or its target asks otherwise.
    navs: tuple[str, ...] = ("home_button",)
    # The call screen: "ios" (iOS 17+), "android" (round buttons) or "large" (big labelled keys).
    call_style: str = "ios"
    # The word on the red button that ends a call, where the system writes one.
    end_label: str = "終了"
    body_colour: tuple[int, int, int] = (40, 40, 46)

    def nav_for(self, asked: str | None, target: str | None) -> str:
        """The way home to draw: the one a spec asked for, else the one its target needs."""
        if asked is not None:
            if asked not in self.navs:
                raise ValueError(f"nav {asked!r} is not on this phone; one of {list(self.navs)}")
            return asked
        for nav in NAV_OF_TARGET.get(target or "", ()):
            if nav in self.navs:
                return nav
        return self.navs[0]


def _android(app: str, navs: tuple[str, ...], body, messages_colour=None) -> Frame:
    """An Android phone whose SMS app is ``app``."""
    return Frame(
        False,
        ANDROID_CALL,
        "Chrome",
        app,
        nav_keys=True,
        messages_colour=messages_colour,
        family="android",
        navs=navs,
        call_style="android",
        body_colour=body,
    )


FRAMES = {
    "iphone-home-button": Frame(True, IPHONE_CALL, "Safari", "メッセージ"),
    "iphone": Frame(
        False, IPHONE_CALL, "Safari", "メッセージ", navs=("island",), body_colour=(44, 44, 50)
    ),
    "raku-raku": Frame(
        True,
        ("スピーカー", "消音", "ダイヤル", "保留", "録音", "その他"),
        "インターネット",
        "メッセージ",
        nav_keys=True,
        family="raku",
        navs=("hardware",),
        call_style="large",
        body_colour=(36, 52, 92),
    ),
    "basio": Frame(
        True,
        ("スピーカー", "ミュート", "ダイヤル", "保留", "録音", "その他"),
        "インターネット",
        "+メッセージ",
        nav_keys=True,
        family="basio",
        navs=("hardware",),
        call_style="large",
        end_label="電話を切る",
        body_colour=(96, 30, 50),
    ),
    # Google メッセージ phones: three keys unless asked (``nav = "gesture"``).
    "android": _android("メッセージ", ("keys", "gesture"), (24, 26, 30), (26, 115, 232)),
    # +メッセージ phones: the gesture line unless asked (``nav = "keys"``).
    "android-plus": _android("+メッセージ", ("gesture", "keys"), (30, 34, 40)),
}


def draw_frame(canvas: Canvas, frame: Frame) -> None:
    """Draw the body and leave ``canvas.screen`` set to the display inside it."""
    canvas.frame = frame
    draw_body(canvas, frame)


def draw_overlay(canvas: Canvas, frame: Frame) -> None:
    """Draw what the system shows on top of every screen: the island, the home line."""
    draw_chrome(canvas, frame)
