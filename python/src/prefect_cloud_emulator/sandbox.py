"""A sandbox with the keys of its fixture at hand."""
from __future__ import annotations

from typing import Dict, List, Optional

from .client import EmulatorClient
from .errors import NotFound
from .types import FixtureKey, SandboxInfo


class Sandbox(EmulatorClient):
    """An isolated emulator under ``/sandboxes/<id>/`` of a shared one: everything
    :class:`EmulatorClient` does (clock, reset, snapshot, mint_key, requests, graphql), on this
    sandbox only, plus its fixture's keys.

    The control API never reads a stored key back, so :meth:`key` hands out a key that acts as
    the fixture key ``ref`` does (the same user or service account, tenant and expiry), minted in
    this sandbox the first time it is asked for. :meth:`fixture_key` says who each ref is, as it
    was when the sandbox was made.
    """

    def __init__(self, parent: EmulatorClient, info: SandboxInfo) -> None:
        super().__init__(f"{parent.url}/sandboxes/{info.id}", parent.admin_token, parent.timeout)
        self.id = info.id
        self.info = info
        self._parent = parent
        self._refs: List[FixtureKey] = self.fixture_keys()
        self._minted: Dict[str, str] = {}

    def __repr__(self) -> str:
        return f"Sandbox({self.id!r}, url={self.url!r})"

    def fixture_key(self, ref: str) -> FixtureKey:
        """Who fixture key ``ref`` acts as. Raises KeyError naming the refs there are."""
        for fixture_key in self._refs:
            if fixture_key.ref == ref:
                return fixture_key
        raise KeyError(f"no fixture key {ref!r} in sandbox {self.id}; there are: {', '.join(k.ref for k in self._refs)}")

    def key(self, ref: str) -> str:
        """A key acting as fixture key ``ref`` (same owner, tenant and expiry), minted on first use."""
        if ref not in self._minted:
            fixture_key = self.fixture_key(ref)
            minted = self.mint_key(fixture_key.user_id, name=fixture_key.name, tenant_id=fixture_key.tenant_id,
                                   expires_at=fixture_key.expires_at)
            self._minted[ref] = minted.key
        return self._minted[ref]

    @property
    def keys(self) -> Dict[str, str]:
        """Every fixture key ref with a key acting as it (mints those not minted yet)."""
        return {k.ref: self.key(k.ref) for k in self._refs}

    def user_id(self, ref: str) -> str:
        """The user or service account id fixture key ``ref`` belongs to."""
        return self.fixture_key(ref).user_id

    def delete(self) -> bool:
        """Delete the sandbox; False if it was already gone."""
        try:
            self._parent.delete_sandbox(self.id)
        except NotFound:
            return False
        return True

    def env(self) -> Dict[str, str]:
        """The environment that points a Prefect 1.x client at this sandbox."""
        return {"PREFECT__BACKEND": "cloud", "PREFECT__CLOUD__API": self.url}


def create_sandbox(parent: EmulatorClient, id: Optional[str] = None, **options: object) -> Sandbox:
    """Create a sandbox on ``parent`` (options as :meth:`EmulatorClient.create_sandbox`)."""
    info = parent.create_sandbox(id=id, **options)  # type: ignore[arg-type]
    try:
        return Sandbox(parent, info)
    except BaseException:
        parent.delete_sandbox(info.id)
        raise
