"""`tutor serve`: the tutor in the browser for a class, on textual-serve.

textual-serve runs one process per browser connection; this package adds what a classroom needs
around it: a roster, sign-in with hashed secrets, a data folder per student chosen on the server
from the roster id, limits on processes and idle time, restarts after a crash, and the instructor's
view. Imported only by `tutor serve`: it needs the `serve` extra (textual-serve, aiohttp, argon2).
"""
