"""What the customer's browser says about their phone, in the terms our devices use."""

from dataclasses import dataclass

from ua_parser import parse

# Model numbers that tell a senior phone apart from other Android phones.
# MR01: らくらくスマートフォン Lite, the SIM-free model of the 2024 line-up.
RAKU_RAKU_MODELS = ("F-52B", "F-53E", "F-42A", "A401FC", "FCG01", "MR01")
BASIO_MODELS = ("KYV47", "KYV43", "KYG01", "KYG03", "BASIO", "A001KC", "A201KC", "A202KC")
# In-app browsers that ua-parser does not name: the label the operator knows them by.
IN_APP = (("YJApp-", "Yahoo! JAPAN アプリ"), (" Line/", "LINE"))


@dataclass(frozen=True)
class Client:
    """The phone as its browser reported it."""

    os: str
    browser: str
    model: str
    family: str  # "iphone", "android", "raku-raku", "basio", or "" when unknown

    @property
    def label(self) -> str:
        """Return what the console shows, e.g. 「Android 12（F-52B）・Chrome」."""
        model = f"（{self.model}）" if self.model and self.model not in self.os else ""
        return f"{self.os}{model}・{self.browser}"


def describe(user_agent: str) -> Client:
    """Return the Client a User-Agent header describes; unknown parts are empty."""
    result = parse(user_agent or "")
    os_name = " ".join(
        filter(None, [result.os and result.os.family, result.os and result.os.major])
    )
    browser = result.user_agent.family if result.user_agent else ""
    for marker, name in IN_APP:
        if marker in (user_agent or ""):
            browser = name
    model = result.device.model if result.device and result.device.model else ""
    return Client(os=os_name, browser=browser, model=model or "", family=_family(result, model))


def _family(result, model: str) -> str:
    os_family = result.os.family if result.os else ""
    if os_family == "iOS" and result.device and result.device.family == "iPhone":
        return "iphone"
    if os_family == "Android":
        upper = model.upper()
        if any(code in upper for code in RAKU_RAKU_MODELS):
            return "raku-raku"
        if any(code in upper for code in BASIO_MODELS):
            return "basio"
        return "android"
    return ""


def matches(device_family: str, client_family: str | None) -> bool | None:
    """Whether the chosen device fits the phone that opened the link (None: cannot tell)."""
    if not client_family or not device_family:
        return None
    return device_family == client_family
