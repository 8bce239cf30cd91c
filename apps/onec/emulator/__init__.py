"""A demo 1C: serves the contract's WSDL and operations over HTTP (see server.py)."""
