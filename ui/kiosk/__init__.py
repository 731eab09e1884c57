"""Kiosk mode: a locked, fullscreen app where visitors take a seat one after another (``nosedive --kiosk``)."""
