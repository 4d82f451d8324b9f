"""Every cordon.v1 message, enum, enum value and service stub by name:
`from cordon import v1; v1.Identity(upn=...)`."""

from cordon._gen.messages import *  # noqa: F401,F403
from cordon._gen.messages import __all__  # noqa: F401
