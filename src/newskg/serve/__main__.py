"""``python -m newskg.serve STORE FD``: a query worker process (started by the server, not by hand)."""

import sys

from newskg.serve.worker import main

main(sys.argv[1:])
