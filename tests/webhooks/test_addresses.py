"""SSRF: webhook URLs that reach inside the network are refused unless the setting allows."""

import pytest

from service.errors import InvalidInput
from service.webhooks import addresses
from service.webhooks import endpoints

INSIDE = [
    "http://127.0.0.1/hook",
    "http://127.1.2.3:8080/hook",
    "http://10.0.0.5/hook",
    "http://172.16.4.1/hook",
    "http://192.168.1.20/hook",
    "http://169.254.169.254/latest/meta-data",  # the cloud metadata address
    "http://[::1]/hook",
    "http://[fe80::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://0.0.0.0/hook",
    "http://224.0.0.1/hook",
    "http://100.64.0.1/hook",  # carrier-grade NAT
    "http://localhost/hook",  # a name that resolves to loopback
]


@pytest.mark.parametrize("url", INSIDE)
def test_addresses_inside_the_network_are_refused(url):
    with pytest.raises(addresses.Refused, match="内部のアドレス"):
        addresses.check(url, allow_private=False)


@pytest.mark.parametrize("url", INSIDE[:3] + ["http://localhost/hook"])
def test_the_setting_lets_an_in_house_crm_through(url):
    addresses.check(url, allow_private=True)


@pytest.mark.parametrize(
    "url",
    ["ftp://93.184.215.14/hook", "file:///etc/passwd", "https://user:pw@93.184.215.14/", "hook"],
)
def test_other_schemes_and_credentials_are_refused(url):
    with pytest.raises(addresses.Refused):
        addresses.check(url, allow_private=True)


def test_a_name_that_does_not_resolve_is_refused():
    with pytest.raises(addresses.Refused, match="ホスト名を引けません"):
        addresses.check("https://no-such-host.invalid/hook", allow_private=True)


def test_a_public_address_is_accepted():
    addresses.check("https://93.184.215.14/hook", allow_private=False)


def test_registering_an_inside_url_stores_nothing(app, now):
    with pytest.raises(InvalidInput) as refused:
        endpoints.register("http://127.0.0.1:5000/hook", None, now, allow_private=False)
    assert refused.value.field == "url"
    assert endpoints.listed() == []
