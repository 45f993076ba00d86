"""The build folder: build, release atomically, export, push."""
