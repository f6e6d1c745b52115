"""Intercom connector: an Appmixer-style component package for Intercom API 2.10."""
