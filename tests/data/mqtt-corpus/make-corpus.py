#!/usr/bin/env python3
"""Writes the malformed-packet corpus replayed by tests/core/tst_mqttcorpus.cpp.

Each file holds one complete packet (its remaining length matches the bytes
that follow, unless the length itself is what is wrong). The name says which
protocol version must refuse it ("both-", "v311-", "v5-") and what is wrong.
Run it from this folder after adding a case; the test reads every *.bin file.
"""

import pathlib


def vbi(n):
    out = bytearray()
    while True:
        b = n % 128
        n //= 128
        if n:
            b |= 0x80
        out.append(b)
        if not n:
            return bytes(out)


def pkt(byte0, body_hex=""):
    body = bytes.fromhex(body_hex.replace(" ", ""))
    return bytes([byte0]) + vbi(len(body)) + body


def raw(hex_text):
    return bytes.fromhex(hex_text.replace(" ", ""))


CONNECT4 = "0004 4d515454 04"
CONNECT5 = "0004 4d515454 05"

CASES = {
    # fixed header and framing
    "both-reserved-packet-type-0": raw("00 00"),
    "both-remaining-length-five-bytes": raw("30 ff ff ff ff 01"),
    "both-remaining-length-not-minimal": raw("d0 80 00"),
    "both-publish-qos-3": pkt(0x36, "0001 61 0001"),
    "both-publish-dup-with-qos-0": pkt(0x38, "0001 61"),
    "both-puback-reserved-flags": pkt(0x41, "0001"),
    "both-pubrel-flags-not-0010": pkt(0x60, "0001"),
    "both-subscribe-flags-not-0010": pkt(0x80, "0001 0001 61 00"),
    "both-unsubscribe-flags-not-0010": pkt(0xA0, "0001 0001 61"),
    "both-suback-flags-set": pkt(0x91, "0001 00"),
    "both-pingreq-with-body": pkt(0xC0, "00"),
    "both-pingresp-with-body": pkt(0xD0, "0000"),
    "both-auth-flags-set": pkt(0xF1),
    "both-connack-reserved-flags": pkt(0x20, "02 00 00"),
    # PUBLISH topic and packet identifier
    "both-publish-topic-truncated": pkt(0x30, "0005 61"),
    "both-publish-topic-overlong-utf8": pkt(0x30, "0002 c0af 00"),
    "both-publish-topic-contains-nul": pkt(0x30, "0003 610062 00"),
    "both-publish-topic-utf16-surrogate": pkt(0x30, "0003 eda080 00"),
    "both-publish-topic-lone-continuation-byte": pkt(0x30, "0001 80 00"),
    "both-publish-topic-truncated-utf8-sequence": pkt(0x30, "0002 61e2 00"),
    "both-publish-topic-above-u10ffff": pkt(0x30, "0004 f4908080 00"),
    "both-publish-topic-byte-f5": pkt(0x30, "0001 f5 00"),
    "both-publish-topic-wildcard-plus": pkt(0x30, "0003 612b62 00"),
    "both-publish-topic-wildcard-hash": pkt(0x30, "0001 23 00"),
    "both-publish-packet-id-0": pkt(0x32, "0001 61 0000 00"),
    "both-publish-packet-id-missing": pkt(0x32, "0001 61 00"),
    # acknowledgements
    "both-puback-packet-id-0": pkt(0x40, "0000"),
    "both-puback-packet-id-truncated": pkt(0x40, "00"),
    "both-pubrec-packet-id-0": pkt(0x50, "0000"),
    "both-pubrel-packet-id-0": pkt(0x62, "0000"),
    "both-pubcomp-empty": pkt(0x70),
    "both-suback-packet-id-0": pkt(0x90, "0000 00"),
    "both-unsuback-with-reason-code-but-no-properties": pkt(0xB0, "0001 00"),
    "both-subscribe-without-filters": pkt(0x82, "0001"),
    "both-unsubscribe-without-filters": pkt(0xA2, "0001"),
    # CONNECT (decoded by its own protocol level)
    "both-connect-wrong-protocol-name": pkt(0x10, "0004 4d515458 04 02 000a 0000"),
    "both-connect-mqtt-3-1-level-3": pkt(0x10, "0006 4d5149736470 03 02 000a 0000"),
    "both-connect-reserved-flag": pkt(0x10, CONNECT4 + "03 000a 0000"),
    "both-connect-will-qos-3": pkt(0x10, CONNECT4 + "1c 000a 0000"),
    "both-connect-will-retain-without-will": pkt(0x10, CONNECT4 + "20 000a 0000"),
    "both-connect-password-without-user-name": pkt(0x10, CONNECT4 + "40 000a 0000 0000"),
    "both-connect-client-id-truncated": pkt(0x10, CONNECT4 + "02 000a 0005 61"),
    "both-connect-trailing-bytes": pkt(0x10, CONNECT4 + "02 000a 0001 61 ff"),
    "both-connect-will-property-not-allowed":
        pkt(0x10, CONNECT5 + "06 0000 00 0000 03 210001 0001 74 0000"),
    "both-connect-request-problem-information-2": pkt(0x10, CONNECT5 + "02 0000 02 1702 0000"),
    "both-connect-property-length-beyond-packet": pkt(0x10, CONNECT5 + "02 0000 40 0000"),
    # 3.1.1 only
    "v311-auth-packet-type": pkt(0xF0),
    "v311-disconnect-with-body": pkt(0xE0, "00"),
    "v311-connack-unknown-return-code": pkt(0x20, "00 06"),
    "v311-connack-session-present-with-refusal": pkt(0x20, "01 05"),
    "v311-connack-too-long": pkt(0x20, "00 00 00"),
    "v311-connack-truncated": pkt(0x20, "00"),
    "v311-puback-too-long": pkt(0x40, "0001 00"),
    "v311-suback-return-code-3": pkt(0x90, "0001 03"),
    "v311-suback-without-return-codes": pkt(0x90, "0001"),
    "v311-subscribe-reserved-option-bits": pkt(0x82, "0001 0001 61 04"),
    "v311-subscribe-qos-3": pkt(0x82, "0001 0001 61 03"),
    "v311-publish-empty-topic": pkt(0x30, "0000"),
    # 5.0 only: properties
    "v5-property-length-beyond-packet": pkt(0x30, "0001 61 09 01"),
    "v5-property-length-five-bytes": pkt(0x30, "0001 61 ffffffff01"),
    "v5-unknown-property-0x7f": pkt(0x30, "0001 61 02 7f00"),
    "v5-property-id-not-minimal": pkt(0x30, "0001 61 03 8100 00"),
    "v5-maximum-qos-not-allowed-in-publish": pkt(0x30, "0001 61 02 2400"),
    "v5-duplicate-content-type": pkt(0x30, "0001 61 08 030001 78 030001 79"),
    "v5-duplicate-message-expiry-interval": pkt(0x30, "0001 61 0a 0200000001 0200000002"),
    "v5-payload-format-indicator-2": pkt(0x30, "0001 61 02 0102"),
    "v5-topic-alias-0": pkt(0x30, "0001 61 03 230000"),
    "v5-subscription-identifier-0": pkt(0x30, "0001 61 02 0b00"),
    "v5-subscription-identifier-five-bytes": pkt(0x30, "0001 61 06 0b ffffffff01"),
    "v5-publish-empty-topic-without-alias": pkt(0x30, "0000 00"),
    "v5-user-property-value-missing": pkt(0x30, "0001 61 04 26 0001 6b"),
    "v5-content-type-invalid-utf8": pkt(0x30, "0001 61 04 03 0001 ff"),
    "v5-response-topic-with-wildcard": pkt(0x30, "0001 61 05 08 0002 612b"),
    "v5-correlation-data-truncated": pkt(0x30, "0001 61 03 09 0005"),
    "v5-message-expiry-truncated": pkt(0x30, "0001 61 03 020000"),
    "v5-connack-reason-code-0x01": pkt(0x20, "00 01 00"),
    "v5-connack-receive-maximum-0": pkt(0x20, "00 00 03 210000"),
    "v5-connack-maximum-packet-size-0": pkt(0x20, "00 00 05 2700000000"),
    "v5-connack-maximum-qos-2": pkt(0x20, "00 00 02 2402"),
    "v5-connack-retain-available-2": pkt(0x20, "00 00 02 2502"),
    "v5-connack-duplicate-receive-maximum": pkt(0x20, "00 00 06 210001 210002"),
    "v5-connack-topic-alias-not-allowed": pkt(0x20, "00 00 03 230001"),
    "v5-connack-session-present-with-refusal": pkt(0x20, "01 87 00"),
    "v5-connack-trailing-bytes": pkt(0x20, "00 00 00 ff"),
    "v5-puback-reason-code-0x05": pkt(0x40, "0001 05"),
    "v5-pubcomp-reason-code-0x10": pkt(0x70, "0001 10"),
    "v5-puback-trailing-after-properties": pkt(0x40, "0001 00 00 ff"),
    "v5-suback-reason-code-0x03": pkt(0x90, "0001 00 03"),
    "v5-unsuback-without-reason-codes": pkt(0xB0, "0001 00"),
    "v5-unsuback-reason-code-0x12": pkt(0xB0, "0001 00 12"),
    "v5-disconnect-reason-code-0x03": pkt(0xE0, "03"),
    "v5-disconnect-topic-alias-property": pkt(0xE0, "00 03 230001"),
    "v5-auth-reason-code-0x01": pkt(0xF0, "01"),
    "v5-subscribe-retain-handling-3": pkt(0x82, "0001 00 0001 61 30"),
    "v5-subscribe-reserved-option-bits": pkt(0x82, "0001 00 0001 61 c0"),
    "v5-subscribe-two-subscription-identifiers": pkt(0x82, "0001 04 0b01 0b02 0001 61 00"),
}

here = pathlib.Path(__file__).resolve().parent
for old in here.glob("*.bin"):
    old.unlink()
for name, data in CASES.items():
    (here / (name + ".bin")).write_bytes(data)
print(f"{len(CASES)} files")
