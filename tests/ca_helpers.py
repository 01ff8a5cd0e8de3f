"""A throwaway certificate authority for the web service's tests, made with `cryptography`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_KEYS: list[rsa.RSAPrivateKey] = []


def _key(index: int) -> rsa.RSAPrivateKey:
    while len(_KEYS) <= index:  # key generation is slow: reuse a few across tests
        _KEYS.append(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    return _KEYS[index]


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


@dataclass(frozen=True)
class Authority:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def root(now: datetime.datetime, *, key_index: int = 0, name: str = "Test Root CA") -> Authority:
    key = _key(key_index)
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name)).issuer_name(_name(name))
        .public_key(public).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=30)).not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(cert, key)


def intermediate(parent: Authority, now: datetime.datetime, *, key_index: int = 1) -> Authority:
    key = _key(key_index)
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Test Intermediate CA")).issuer_name(parent.cert.subject)
        .public_key(public).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=30)).not_valid_after(now + datetime.timedelta(days=1000))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(parent.key.public_key()), critical=False)
        .sign(parent.key, hashes.SHA256())
    )
    return Authority(cert, key)


def leaf(
    issuer: Authority,
    now: datetime.datetime,
    *,
    name: str = "echo-api.amazon.com",
    not_before: datetime.datetime | None = None,
    not_after: datetime.datetime | None = None,
    key_index: int = 2,
) -> Authority:
    key = _key(key_index)
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name)).issuer_name(issuer.cert.subject)
        .public_key(public).serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - datetime.timedelta(days=1))
        .not_valid_after(not_after or now + datetime.timedelta(days=100))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
                       critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
        .sign(issuer.key, hashes.SHA256())
    )
    return Authority(cert, key)


def chain_pem(*authorities: Authority) -> bytes:
    return b"".join(a.pem() for a in authorities)


def sign(signer: Authority, body: bytes) -> bytes:
    """Signature-256 as Alexa computes it (base64 is left to the caller)."""
    return signer.key.sign(body, padding.PKCS1v15(), hashes.SHA256())
