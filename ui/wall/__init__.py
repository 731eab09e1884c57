"""The public wall: a room on a projector or LED screen, with nothing to press (``nosedive wall``)."""
