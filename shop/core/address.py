"""A postal address as a value: what address services, checkout, order snapshots and
invoices pass around, whatever row (an address book entry, the shop's legal address,
a guest's checkout form) it was read from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PostalAddress:
    full_name: str
    street: str
    postal_code: str
    city: str
    country: str  # ISO 3166-1 alpha-2, upper case
    company: str = ""
    street2: str = ""
    phone: str = ""

    @classmethod
    def from_row(cls, row) -> PostalAddress:
        """From any object with the address attributes (``accounts.Address``)."""
        return cls(
            full_name=row.full_name,
            company=getattr(row, "company", ""),
            street=row.street,
            street2=getattr(row, "street2", ""),
            postal_code=row.postal_code,
            city=row.city,
            country=row.country,
            phone=getattr(row, "phone", ""),
        )

    @property
    def lines(self) -> list[str]:
        """The address as printed on a parcel label or an invoice (country code last)."""
        return [
            line
            for line in (
                self.full_name,
                self.company,
                self.street,
                self.street2,
                f"{self.postal_code} {self.city}".strip(),
                self.country,
            )
            if line
        ]
