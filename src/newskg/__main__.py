"""`python -m newskg` runs the command line."""

from newskg.launch import main

main()
