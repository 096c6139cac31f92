"""What a build publishes, by license.

The default publishes everything that is not *explicitly* restricted: pages whose
statement grants a free license or public domain, and pages with no statement
(kind "unknown": the MIA publishes them openly, and the card says their status is
unverified). Pages that say "Copyright ... republished here with permission" are
excluded, and the build report lists each by id and reason.
"""

from __future__ import annotations

from enum import StrEnum


class LicensePolicy(StrEnum):
    default = "default"  # exclude only explicitly non-redistributable texts
    strict = "strict"  # publish only texts whose statement makes them redistributable
    all = "all"  # publish everything (for private research copies)


def admits(policy: LicensePolicy, license: dict) -> bool:
    if policy is LicensePolicy.all:
        return True
    if policy is LicensePolicy.strict:
        return bool(license["redistributable"])
    return license["redistributable"] or license["kind"] == "unknown"
