"""The domain: typed events and the rules that bind them. No database or web imports here."""
