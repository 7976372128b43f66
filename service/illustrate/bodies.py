"""The phone bodies, one per family, and the system's own marks drawn over every screen.

``draw_body`` draws the case, its buttons and any on-screen key bar before the screen is
painted, and leaves ``canvas.screen`` set to the part an app may draw on. ``draw_chrome`` draws
afterwards what the system keeps on top: the Dynamic Island, the home line, the camera hole.
"""

from service.illustrate import glyphs
from service.illustrate.canvas import GREEN
from service.illustrate.canvas import INK
from service.illustrate.canvas import PAPER
from service.illustrate.canvas import SCREEN_BG
from service.illustrate.canvas import Box
from service.illustrate.canvas import Canvas

BODY = (150, 120, 570, 980)
CENTRE_X = (BODY[0] + BODY[2]) // 2
KEY_BAR = 68  # the Android three-key bar
BIG_KEY_BAR = 84  # らくらくスマートフォン's big 戻る / 履歴 keys
EDGE = (120, 120, 128)
# Each body's corner radius, its power (side) button and its volume buttons.
CASES = {
    "iphone-home-button": (
        60,
        (570, 300, 576, 370),
        [(144, 250, 150, 280), (144, 305, 150, 360), (144, 375, 150, 430)],
    ),
    "iphone": (
        72,
        (570, 320, 576, 430),
        [(144, 240, 150, 275), (144, 300, 150, 360), (144, 375, 150, 435)],
    ),
    "android": (46, (570, 350, 576, 420), [(570, 220, 576, 320)]),
    "raku": (52, (570, 300, 576, 370), [(144, 280, 150, 380)]),
    "basio": (48, (570, 300, 576, 370), [(570, 200, 576, 280)]),
}


def draw_body(canvas: Canvas, frame) -> None:
    """Draw ``frame``'s body; set ``canvas.screen`` to where the app's screen goes."""
    family = frame.family
    if family == "iphone" and canvas.nav == "home_button":
        _iphone_home_button(canvas, frame)
    elif family == "iphone":
        _iphone(canvas, frame)
    elif family == "android":
        _android(canvas, frame)
    elif family == "raku":
        _raku(canvas, frame)
    else:
        _basio(canvas, frame)


def _case(canvas: Canvas, frame, body: str) -> None:
    radius, power, volume = CASES[body]
    draw = canvas.draw
    for box in [power, *volume]:
        draw.rounded_rectangle(box, radius=3, fill=EDGE)
    draw.rounded_rectangle(BODY, radius=radius, fill=frame.body_colour)
    # The side button that locks the screen (and, on iPhone, hangs up a call).
    canvas.target("電源ボタン", power)
    canvas.target("サイドボタン", power)


def _display(canvas: Canvas, box: Box, radius: int, top_only: bool = False) -> None:
    """Make ``box`` the screen the app draws on; ``top_only`` rounds just its upper corners."""
    canvas.screen, canvas.screen_radius = box, radius
    canvas.screen_corners = (True, True, False, False) if top_only else (True, True, True, True)
    canvas.fill_screen(SCREEN_BG)


def _iphone_home_button(canvas: Canvas, frame) -> None:
    """iPhone SE: a thick top with the ear slot, a round home button below the screen."""
    _case(canvas, frame, "iphone-home-button")
    draw = canvas.draw
    draw.rounded_rectangle((CENTRE_X - 42, 166, CENTRE_X + 42, 176), radius=5, fill=(78, 78, 86))
    draw.ellipse((CENTRE_X - 88, 162, CENTRE_X - 70, 180), fill=(20, 20, 24))
    _display(canvas, (168, 220, 552, 850), 6)
    cy = (850 + BODY[3]) // 2
    button = (CENTRE_X - 42, cy - 42, CENTRE_X + 42, cy + 42)
    draw.ellipse(button, fill=(28, 28, 32), outline=(150, 150, 156), width=4)
    canvas.target("ホームボタン", button)


def _iphone(canvas: Canvas, frame) -> None:
    """iPhone without a home button: thin edges; island and home line come in the chrome."""
    _case(canvas, frame, "iphone")
    _display(canvas, (164, 134, 556, 966), 58)


def _android(canvas: Canvas, frame) -> None:
    """An Android phone: thin edges, a camera hole, three keys or a gesture line."""
    _case(canvas, frame, "android")
    display = (164, 142, 556, 958)
    if canvas.nav == "keys":
        _key_bar(canvas, display)
    else:
        _display(canvas, display, 30)


def _key_bar(canvas: Canvas, display: Box) -> None:
    draw, (left, top, right, bottom) = canvas.draw, display
    draw.rounded_rectangle(display, radius=30, fill=(18, 18, 22))
    _display(canvas, (left, top, right, bottom - KEY_BAR), 30, top_only=True)
    y, cx = bottom - KEY_BAR // 2 - 4, CENTRE_X
    draw.polygon([(cx - 126, y), (cx - 100, y - 16), (cx - 100, y + 16)], outline=PAPER, width=4)
    draw.ellipse((cx - 16, y - 16, cx + 16, y + 16), outline=PAPER, width=4)
    draw.rectangle((cx + 98, y - 14, cx + 126, y + 14), outline=PAPER, width=4)
    canvas.target("戻るキー", (cx - 140, y - 28, cx - 86, y + 28))
    canvas.target("ホームキー", (cx - 28, y - 28, cx + 28, y + 28))
    canvas.target("ホームボタン", (cx - 28, y - 28, cx + 28, y + 28))
    canvas.target("アプリ履歴", (cx + 84, y - 28, cx + 140, y + 28))


def _raku(canvas: Canvas, frame) -> None:
    """らくらくスマートフォン: a wide physical home button below the screen, and big labelled
    back / recent-apps keys along the bottom of the screen."""
    _case(canvas, frame, "raku")
    draw = canvas.draw
    draw.rounded_rectangle((CENTRE_X - 40, 160, CENTRE_X + 40, 170), radius=5, fill=(20, 28, 52))
    display = (168, 200, 552, 840)
    draw.rounded_rectangle(display, radius=10, fill=(226, 230, 238))
    left, top, right, bottom = display
    _display(canvas, (left, top, right, bottom - BIG_KEY_BAR), 10, top_only=True)
    draw.line(
        (left, bottom - BIG_KEY_BAR, right, bottom - BIG_KEY_BAR), fill=(170, 176, 190), width=2
    )
    half = (right - left - 36) // 2
    for index, (name, label) in enumerate((("戻るキー", "戻る"), ("アプリ履歴", "履歴"))):
        x = left + 12 + index * (half + 12)
        key = (x, bottom - BIG_KEY_BAR + 12, x + half, bottom - 12)
        draw.rounded_rectangle(key, radius=12, fill=PAPER, outline=(90, 96, 110), width=3)
        my = (key[1] + key[3]) // 2
        if index == 0:
            draw.polygon([(x + 22, my), (x + 42, my - 13), (x + 42, my + 13)], fill=INK)
        else:
            draw.rectangle((x + 22, my - 12, x + 46, my + 12), outline=INK, width=4)
        canvas.text((x + 58, my), label, 28, anchor="lm")
        canvas.target(name, key)
    cy = (bottom + BODY[3]) // 2
    button = (CENTRE_X - 80, cy - 28, CENTRE_X + 80, cy + 28)
    draw.rounded_rectangle(button, radius=28, fill=(22, 30, 56), outline=(176, 186, 206), width=4)
    canvas.target("ホームボタン", button)


def _basio(canvas: Canvas, frame) -> None:
    """BASIO: three physical keys below the screen, the home key in the middle."""
    _case(canvas, frame, "basio")
    draw = canvas.draw
    draw.rounded_rectangle((CENTRE_X - 40, 160, CENTRE_X + 40, 170), radius=5, fill=(50, 14, 26))
    _display(canvas, (168, 200, 552, 830), 8)
    cy = (830 + BODY[3]) // 2
    for dx in (-130, 130):
        side = (CENTRE_X + dx - 44, cy - 20, CENTRE_X + dx + 44, cy + 20)
        draw.rounded_rectangle(side, radius=14, fill=(64, 18, 32), outline=(196, 160, 170), width=3)
    button = (CENTRE_X - 60, cy - 30, CENTRE_X + 60, cy + 30)
    draw.rounded_rectangle(button, radius=16, fill=(64, 18, 32), outline=(230, 206, 212), width=4)
    canvas.target("ホームボタン", button)


def draw_chrome(canvas: Canvas, frame) -> None:
    """Draw the system's marks on top of the painted screen."""
    draw, cx = canvas.draw, CENTRE_X
    # Where a swipe down starts, to pull down the notices.
    canvas.target("画面の上", (cx - 60, canvas.top + 4, cx + 60, canvas.top + 52))
    if frame.family == "android":
        top = canvas.top + 22
        draw.ellipse((cx - 11, top - 11, cx + 11, top + 11), fill=(10, 10, 12))
    if canvas.nav == "island":
        _island(canvas)
    if canvas.nav in ("island", "gesture"):
        half, height = (70, 8) if canvas.nav == "island" else (56, 6)
        y = canvas.bottom - 16
        colour = PAPER if canvas.is_dark_at((cx, y)) else INK
        draw.rounded_rectangle((cx - half, y - height, cx + half, y), radius=4, fill=colour)
        canvas.target("画面の下", (cx - 110, canvas.bottom - 60, cx + 110, canvas.bottom))


def _island(canvas: Canvas) -> None:
    """The Dynamic Island; during a call it grows, with a green handset and a sound wave."""
    draw, cx, top = canvas.draw, CENTRE_X, canvas.top + 14
    if not canvas.in_call:
        draw.rounded_rectangle((cx - 62, top, cx + 62, top + 36), radius=18, fill=(0, 0, 0))
        return
    island = (cx - 86, top, cx + 86, top + 40)
    draw.rounded_rectangle(island, radius=20, fill=(0, 0, 0))
    glyphs.handset(draw, cx - 62, top + 20, 12, GREEN)
    for index, height in enumerate((8, 16, 24, 14, 20, 10)):
        x = cx + 30 + index * 8
        draw.line((x, top + 20 - height // 2, x, top + 20 + height // 2), fill=GREEN, width=4)
    canvas.target("通話に戻る", island)
