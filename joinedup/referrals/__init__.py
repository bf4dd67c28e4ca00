"""Referrals: people, consent per recipient, referrals as a log of events, messages."""
