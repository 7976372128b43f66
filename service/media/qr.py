"""QR codes as inline SVG, for links a phone's camera opens (the customer's, a preview)."""

import io

import qrcode
import qrcode.image.svg


def qr_svg(url: str) -> str:
    """Return the QR code of ``url`` as inline SVG markup."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]
