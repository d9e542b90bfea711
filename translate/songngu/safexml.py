"""Reading XML that came from elsewhere (TBX glossaries, TMX memories) without expanding entities.

Entity declarations are refused outright (a few kB of nested entities expand to gigabytes); a
DOCTYPE naming the format's DTD, as most exported files have, is fine.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from songngu.errors import InputError


def parse_untrusted_xml(text: str, where: str, kind: str, export_again: str) -> ET.Element:
    """The root element, or an InputError naming the file (and line) and what to do."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        return SafeET.fromstring(text, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except ET.ParseError as error:
        raise InputError(
            f"{where}:{error.position[0]}: not well-formed XML ({error}); is this a {kind} file?"
        ) from None
    except DefusedXmlException as error:
        raise InputError(
            f"{where}: the file declares XML entities ({type(error).__name__}), which songngu does not "
            f"expand; export {export_again} again without a DTD internal subset"
        ) from None
