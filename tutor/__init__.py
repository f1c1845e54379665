"""A chat-style tutor for the endovascular treatment of lower-extremity DVT."""

__version__ = "0.1.0"
